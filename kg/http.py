"""What every HTTP request kg makes has in common: who is asking."""

from __future__ import annotations

from kg import __version__

PROJECT_URL = "https://w3id.org/newskg"


def user_agent() -> str:
    """``kg/VERSION (PROJECT_URL) requests/VERSION``, as Wikimedia's policy asks."""
    import requests

    return f"kg/{__version__} ({PROJECT_URL}) requests/{requests.__version__}"
