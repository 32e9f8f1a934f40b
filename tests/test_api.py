"""The public API: every exported name resolves, and importing kg stays light."""

from __future__ import annotations

import importlib
import pkgutil
import subprocess
import sys

import pytest

import kg


def _every_submodule() -> list[str]:
    """Every module of the kg package, found on disk (kg.__main__, which runs the CLI, aside)."""
    return sorted(m.name for m in pkgutil.walk_packages(kg.__path__, "kg.") if m.name != "kg.__main__")


@pytest.fixture(scope="module")
def every_submodule_imported() -> list[str]:
    names = _every_submodule()
    for name in names:
        importlib.import_module(name)
    return names


def test_the_walk_finds_the_stage_modules(every_submodule_imported: list[str]) -> None:
    assert {"kg.eval", "kg.merging", "kg.validation", "kg.nlp.reference", "kg.timex"} <= set(every_submodule_imported)


@pytest.mark.parametrize("name", [name for name in kg.__all__ if name != "__version__"])
def test_an_exported_name_survives_importing_every_submodule(every_submodule_imported: list[str], name: str) -> None:
    """After ``import kg.validation`` and the rest, ``kg.validate`` is still the function."""
    value = getattr(kg, name)
    assert callable(value), f"kg.{name} is {value!r}"
    assert value is getattr(importlib.import_module(kg._EXPORTS[name]), name)


def test_version_is_a_string() -> None:
    assert isinstance(kg.__version__, str)


def test_import_kg_loads_neither_spacy_nor_rdflib() -> None:
    code = "import sys, kg; print('spacy' in sys.modules, 'rdflib' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.split() == ["False", "False"]
