"""Buildings and sites: "Prague Castle", "St George's Hall", "the Capella Hotel on Sentosa".

The tagger often splits, mislabels or misses a venue's name; these rules find the names
by their head word, put them among the entity spans, and split a venue from the place it
stands in.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kg.gazetteer import Gazetteer
from kg.nlp import lexicon
from kg.nlp.scan import doc_ents, text_of, tokens_with

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token


#: Head words of a building's or site's name: "Prague Castle", "the Spanish Hall".
VENUE_WORDS = frozenset(
    {
        "castle",
        "palace",
        "hall",
        "house",
        "hotel",
        "villa",
        "mansion",
        "residence",
        "building",
        "base",
        "airbase",
        "garrison",
        "station",
        "airport",
        "port",
        "square",
        "cathedral",
        "church",
        "mosque",
        "embassy",
        "penitentiary",
        "prison",
        "stadium",
        "museum",
        "tower",
        "fort",
        "fortress",
        "camp",
        "bridge",
        "dam",
        "palais",
        "palazzo",
        "château",
        "chateau",
    }
)


#: Venue words that may open a name: "Villa La Grange", "Palais Coburg", "Fort Sumter".
_VENUE_PREFIXES = frozenset({"villa", "palais", "palazzo", "château", "chateau", "hotel", "fort", "camp"})


#: A possessive a venue's name keeps: "St George's Hall", "Saint Peter's Basilica".
_SAINTS = frozenset({"st", "st.", "saint", "ste", "san", "santa"})


def find_venues(doc: Doc, gaz: Gazetteer) -> list[Span]:
    """The capitalised names of buildings and sites ("Prague Castle", "the Spanish Hall",
    "St George's Hall", "the Palace of Independence", "Villa La Grange"), which the tagger
    often splits, mislabels or misses. Seats of power the gazetteer knows ("the White
    House") are left to the metonymy rules."""
    found: list[Span] = []
    for tok in tokens_with(doc, "LOWER", VENUE_WORDS):
        if not tok.is_title or (found and tok.i < found[-1].end):
            continue
        span = _venue_at(tok)
        if span is None or gaz.by_metonym(text_of(span)) or gaz.lookup(text_of(span)):
            continue
        if any(e.label_ == "PERSON" and e.start <= span.start and span.end <= e.end for e in doc_ents(doc)):
            continue  # "Stuart Hall"
        found.append(span)
    return found


def _venue_at(head: Token) -> Span | None:
    """The venue name around a capitalised venue word, or None when it names nothing."""
    doc, start, end = head.doc, head.i, head.i + 1
    while start > head.sent.start and _name_word(doc[start - 1]):
        start -= 1
    if start == head.i and head.lower_ in _VENUE_PREFIXES:
        while end < head.sent.end and _name_word(doc[end]):
            end += 1
    if start == head.i and end == head.i + 1 and head.lower_ != "house":
        end = _of_tail(head)  # "the Palace of Independence", not "the House of Commons"
    return doc[start:end] if end - start > 1 else None


def _name_word(tok: Token) -> bool:
    """A word that may be part of a capitalised name: "Spanish", "Capella", "St", "George's"."""
    if tok.lower_ in ("'s", "’s"):
        return tok.i >= 2 and tok.doc[tok.i - 2].lower_ in _SAINTS
    if tok.i == tok.sent.start and tok.pos_ != "PROPN":
        return False  # a capital that only opens the sentence
    return (tok.is_title or (tok.is_upper and len(tok) > 1)) and tok.pos_ in ("PROPN", "ADJ", "NOUN")


def _of_tail(head: Token) -> int:
    """The end of "Palace of Independence": "of" and the capitalised words after it."""
    doc, i = head.doc, head.i + 1
    if i + 1 >= len(doc) or doc[i].lower_ != "of":
        return head.i + 1
    end = i + 1
    while end < head.sent.end and doc[end].is_title and doc[end].pos_ == "PROPN":
        end += 1
    return end if end > i + 1 else head.i + 1


def with_venues(doc: Doc, venues: list[Span]) -> list[Span]:
    """The entity spans of ``doc`` with ``venues`` put in: a tagged span that overlaps a
    venue keeps only its named remainder ("the Capella Hotel on Sentosa" -> "Sentosa")."""
    from spacy.tokens import Span as SpacySpan

    spans = [SpacySpan(doc, v.start, v.end, label="FAC") for v in venues]
    for ent in doc_ents(doc):
        if not any(_overlaps(ent, v) for v in venues):
            if ent.label_ in lexicon.ENTITY_LABELS:
                spans.append(ent)
            continue
        for part in _outside(ent, venues):
            label = "GPE" if doc[part.start - 1].lower_ in ("on", "in", "at", "near") else ent.label_
            if label in lexicon.ENTITY_LABELS and any(t.is_alpha and t.text[0].isupper() for t in part):
                spans.append(SpacySpan(doc, part.start, part.end, label=label))
    return sorted(spans, key=lambda s: s.start)


def _overlaps(a: Span, b: Span) -> bool:
    return a.start < b.end and b.start < a.end


def _outside(ent: Span, venues: list[Span]) -> list[Span]:
    """The runs of ``ent`` outside every venue, without their leading function words."""
    inside = {i for v in venues for i in range(v.start, v.end)}
    parts: list[list[Token]] = []
    run: list[Token] = []
    for tok in ent:
        if tok.i in inside:
            parts.append(run)
            run = []
        elif run or not (tok.is_punct or tok.lower_ in ("of", "on", "in", "at", "near", "the")):
            run.append(tok)
    parts.append(run)
    return [ent.doc[r[0].i : r[-1].i + 1] for r in parts if r]


def split_located(span: Span) -> tuple[Span, ...]:
    """ "the Capella Hotel on Sentosa" names two places: the hotel and the island."""
    from spacy.tokens import Span as SpacySpan

    for tok in span[1:-1]:
        before = span.doc[tok.i - 1]
        if (
            tok.lower_ in ("on", "in", "at", "near")
            and before.lemma_.lower() in lexicon.PLACE_NOUNS
            and span.doc[tok.i + 1 : span.end].text[:1].isupper()
        ):
            return (
                SpacySpan(span.doc, span.start, tok.i, label="FAC"),
                SpacySpan(span.doc, tok.i + 1, span.end, label="GPE"),
            )
    return (span,)
