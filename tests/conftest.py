"""Shared fixtures."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def nlp():
    """One spaCy English pipeline for the whole session (loading costs about a second)."""
    from kg.nlp.loader import load

    return load()
