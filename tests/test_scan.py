"""kg.nlp.scan: the fast lookups agree with walking the parsed document."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.nlp.scan import doc_ents, doc_text, indexes_with, sentence_and_previous, text_of

SEED = Path(__file__).resolve().parents[1] / "seeds" / "001_273a97f05537f580.txt"


@pytest.fixture(scope="module")
def doc(nlp):
    return nlp(SEED.read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("attribute", "words"),
    [
        ("LOWER", frozenset({"the", "troops", "kursk", "never-seen-word"})),
        ("LEMMA", frozenset({"deploy", "meet", "say"})),
        ("LOWER", frozenset()),
    ],
)
def test_indexes_with_finds_what_a_token_walk_finds(doc, attribute, words):
    get = {"LOWER": lambda t: t.lower_, "LEMMA": lambda t: t.lemma_}[attribute]
    assert indexes_with(doc, attribute, words) == [t.i for t in doc if get(t) in words]


def test_entities_text_and_span_text_are_spacys(doc):
    assert [(e.start, e.end, e.label_) for e in doc_ents(doc)] == [(e.start, e.end, e.label_) for e in doc.ents]
    assert doc_ents(doc) is doc_ents(doc)  # made once
    assert doc_text(doc) == doc.text
    for sent in doc.sents:
        assert text_of(sent) == sent.text
    for ent in doc.ents:
        assert text_of(ent) == ent.text


def test_sentence_and_previous(doc):
    sents = list(doc.sents)
    assert sentence_and_previous(sents[0]) == [sents[0]]
    assert sentence_and_previous(sents[3]) == [sents[2], sents[3]]
