"""Finding tokens, entities and sentences of a parsed article fast.

Walking a Doc makes a Python object per token; reading one attribute column as an array
and comparing string hashes makes objects only for the tokens that match. Likewise the
sentence before another is found from its first token, not by walking ``doc.sents``; a
span's text is cut from the document's text, not joined from its tokens; and the entity
spans are made once per document, not at every ``doc.ents``.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy
    from spacy.tokens import Doc, Span, Token


def tokens_with(doc: Doc, attribute: str, words: frozenset[str]) -> Iterator[Token]:
    """The tokens whose ``attribute`` ("LOWER", "LEMMA", ...) is one of ``words``, in order."""
    for i in indexes_with(doc, attribute, words):
        yield doc[i]


def indexes_with(doc: Doc, attribute: str, words: frozenset[str]) -> list[int]:
    """The positions of the tokens whose ``attribute`` is one of ``words``, in order."""
    import numpy

    column, wanted = _column(doc, attribute), _hashes(words)
    if not len(wanted):
        return []
    # wanted is sorted: look each token's hash up by bisection, all at once
    at = numpy.minimum(numpy.searchsorted(wanted, column), len(wanted) - 1)
    return numpy.flatnonzero(wanted[at] == column).tolist()


def _column(doc: Doc, attribute: str) -> numpy.ndarray:
    """One attribute's string hashes for every token, read once per document."""
    key = f"kg.column.{attribute}"
    column = doc.user_data.get(key)
    if column is None:
        from spacy.attrs import IDS

        column = doc.user_data[key] = doc.to_array(IDS[attribute])
    return column


def sentence_and_previous(sent: Span) -> list[Span]:
    """The sentence before ``sent`` (when there is one), then ``sent`` itself."""
    return [sent.doc[sent.start - 1].sent, sent] if sent.start else [sent]


def doc_ents(doc: Doc) -> tuple[Span, ...]:
    """``doc.ents``, made once per document and kept in its user data.

    Each ``doc.ents`` builds a new Span per entity; resolution asks for them a dozen times
    per article. Nothing in kg sets ``doc.ents`` after the pipeline has run."""
    ents = doc.user_data.get(_ENTITIES_KEY)
    if ents is None:
        ents = doc.user_data[_ENTITIES_KEY] = tuple(doc.ents)
    return ents


def doc_text(doc: Doc) -> str:
    """``doc.text``, made once per document and kept in its user data (Doc.text joins
    every token's text at each call)."""
    text = doc.user_data.get(_TEXT_KEY)
    if text is None:
        text = doc.user_data[_TEXT_KEY] = doc.text
    return text


def text_of(span: Span) -> str:
    """``span.text``, cut from the document's text instead of joined from its tokens."""
    return doc_text(span.doc)[span.start_char : span.end_char]


# Where a parsed document keeps what is made once (Doc.user_data).
_ENTITIES_KEY = "kg.entities"
_TEXT_KEY = "kg.text"


@functools.cache
def _hashes(words: frozenset[str]) -> numpy.ndarray:
    import numpy
    from spacy.strings import hash_string

    return numpy.array(sorted(hash_string(word) for word in words), dtype=numpy.uint64)
