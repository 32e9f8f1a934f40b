"""Finding tokens, entities and sentences of a parsed article fast.

Walking a Doc makes a Python object per token; reading one attribute column as an array
and comparing string hashes makes objects only for the tokens that match. Likewise the
sentence before another is found from its first token, not by walking ``doc.sents``; a
span's text is cut from the document's text, not joined from its tokens; and the entity
spans are made once per document, not at every ``doc.ents``.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    import numpy
    from spacy.tokens import Doc, Span, Token

T = TypeVar("T")


def once_per_doc(doc: Doc, key: str, make: Callable[[], T]) -> T:
    """What ``make()`` returns, made at the first call for ``doc`` and kept in its user data
    under ``key`` ("kg.<name>"); later calls for the same document return it."""
    value = doc.user_data.get(key)
    if value is None:
        value = doc.user_data[key] = make()
    return value


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
    from spacy.attrs import IDS

    return once_per_doc(doc, f"kg.column.{attribute}", lambda: doc.to_array(IDS[attribute]))


def sentence_and_previous(sent: Span) -> list[Span]:
    """The sentence before ``sent`` (when there is one), then ``sent`` itself."""
    return [sent.doc[sent.start - 1].sent, sent] if sent.start else [sent]


def doc_ents(doc: Doc) -> tuple[Span, ...]:
    """``doc.ents``, made once per document and kept in its user data.

    Each ``doc.ents`` builds a new Span per entity; resolution asks for them a dozen times
    per article. Nothing in kg sets ``doc.ents`` after the pipeline has run."""
    return once_per_doc(doc, "kg.entities", lambda: tuple(doc.ents))


def doc_text(doc: Doc) -> str:
    """``doc.text``, made once per document and kept in its user data (Doc.text joins
    every token's text at each call)."""
    return once_per_doc(doc, "kg.text", lambda: doc.text)


def noun_forms(token: Token) -> frozenset[str]:
    """A noun's lemma, and for a name also the singular its plural hides: the tagger keeps
    "Accords" as the lemma of "the Abraham Accords"."""
    forms = {token.lemma_.lower()}
    if token.pos_ == "PROPN":
        forms.add(token.lower_.removesuffix("s"))
    return frozenset(forms)


def text_of(span: Span) -> str:
    """``span.text``, cut from the document's text instead of joined from its tokens."""
    return doc_text(span.doc)[span.start_char : span.end_char]


@functools.cache
def _hashes(words: frozenset[str]) -> numpy.ndarray:
    import numpy
    from spacy.strings import hash_string  # type: ignore[attr-defined]  # compiled, not in the stubs

    return numpy.array(sorted(hash_string(word) for word in words), dtype=numpy.uint64)
