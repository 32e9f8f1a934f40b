"""Finding tokens and sentences of a parsed article fast.

Walking a Doc makes a Python object per token; reading one attribute column as an array
and comparing string hashes makes objects only for the tokens that match. Likewise the
sentence before another is found from its first token, not by walking ``doc.sents``.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token


def tokens_with(doc: Doc, attribute: str, words: frozenset[str]) -> Iterator[Token]:
    """The tokens whose ``attribute`` ("LOWER", "LEMMA", ...) is one of ``words``, in order."""
    for i in indexes_with(doc, attribute, words):
        yield doc[i]


def indexes_with(doc: Doc, attribute: str, words: frozenset[str]) -> list[int]:
    """The positions of the tokens whose ``attribute`` is one of ``words``, in order."""
    from spacy.attrs import IDS

    wanted = _hashes(words)
    return [i for i, value in enumerate(doc.to_array(IDS[attribute]).tolist()) if value in wanted]


def sentence_and_previous(sent: Span) -> list[Span]:
    """The sentence before ``sent`` (when there is one), then ``sent`` itself."""
    return [sent.doc[sent.start - 1].sent, sent] if sent.start else [sent]


@functools.cache
def _hashes(words: frozenset[str]) -> frozenset[int]:
    from spacy.strings import hash_string

    return frozenset(hash_string(word) for word in words)
