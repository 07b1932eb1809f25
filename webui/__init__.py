"""The faceted search page and JSON API, as a Flask app factory."""

from __future__ import annotations
