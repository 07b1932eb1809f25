"""The faceted search page and JSON API, as a Flask app factory."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)


def create_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    """Return the web app: config from defaults, then ARCHIVE_* environment, then test_config."""
    from archive.config import load_settings

    from .views import api, pages

    app = Flask(__name__)
    settings = load_settings()
    app.config.from_mapping(ARCHIVE_INDEX=str(settings.index), ARCHIVE_DOCUMENTS=str(settings.documents))
    if test_config:
        app.config.from_mapping(test_config)
    # JSON keys in the order the models write them: no sort of every object of a response
    app.json.sort_keys = False  # type: ignore[attr-defined]
    app.register_blueprint(pages)
    app.register_blueprint(api, url_prefix="/api")

    @app.after_request
    def secure_headers(response: Any) -> Any:
        response.headers["Content-Security-Policy"] = CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["X-Frame-Options"] = "DENY"
        return response

    app.extensions["archive_paths"] = (Path(app.config["ARCHIVE_INDEX"]), Path(app.config["ARCHIVE_DOCUMENTS"]))
    return app
