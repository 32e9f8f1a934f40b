"""Shared fixtures."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def nlp():
    """The pipeline kg parses with (the model plus kg's line breaks and gazetteer ruler),
    loaded once for the whole session (loading costs about a second)."""
    from kg.nlp import pipeline

    return pipeline()
