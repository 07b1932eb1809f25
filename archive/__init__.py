"""archive: a searchable archive of news articles with people, places and dates as facets."""

from __future__ import annotations

__version__ = "0.1.0"
