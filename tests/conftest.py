"""Shared fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def nlp():
    """The pipeline kg parses with (the model plus kg's line breaks and gazetteer ruler),
    loaded once for the whole session (loading costs about a second)."""
    from kg.nlp import pipeline

    return pipeline()


@pytest.fixture(scope="session")
def documents(nlp):
    """The dev articles and the seeds, extracted once (kg.model.Document each)."""
    from kg.nlp import extract
    from kg.options import BuildOptions
    from kg.pipeline import read

    root = Path(__file__).resolve().parents[1]
    articles, failures = read([str(root / "dev" / "articles"), str(root / "seeds")], BuildOptions())
    assert not failures
    return list(extract(articles, BuildOptions()))


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test that parses with the model is slow, whether it asks for ``nlp`` itself or
    through a fixture that does (``-m "not slow"`` runs the model-free tier in seconds)."""
    for item in items:
        if "nlp" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session")
def dev_build(nlp):
    """The dev articles built once, in one process (the reference the writer's and the
    parallel paths' output is compared with)."""
    from pathlib import Path

    import kg

    return kg.build([str(Path(__file__).resolve().parent.parent / "dev" / "articles")])
