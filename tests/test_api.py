"""The public API: every exported name resolves, and importing kg stays light."""

from __future__ import annotations

import subprocess
import sys

import kg


def test_every_exported_name_resolves() -> None:
    for name in kg.__all__:
        assert getattr(kg, name) is not None, name


def test_import_kg_loads_neither_spacy_nor_rdflib() -> None:
    code = "import sys, kg; print('spacy' in sys.modules, 'rdflib' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.split() == ["False", "False"]
