"""The entity spans of one article: the tagger's, repaired before they are typed.

The tagger splits, mislabels and misses names in ways that recur in news: venue names
(:mod:`.venues`), a parenthesis taken into a name ("the Islamic Maghreb (AQIM"), "Black
Sea" + "Fleet", "Lieutenant General Rustam Muradov" tagged as an organisation, "al-Qaeda"
+ "in the" + "Islamic Maghreb", untagged group codes ("the P5+1") and short names
introduced in the text ("known by its French initials MUJAO"). Also here: the checks on a
single span that the typing step asks (a dateline, a plausible person's name, an
organisation's trailing descriptor).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from kg.gazetteer import Gazetteer
from kg.nlp import lexicon
from kg.nlp.reference.venues import find_venues, with_venues
from kg.nlp.scan import doc_text, noun_forms, text_of

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token


def entity_spans(doc: Doc, gaz: Gazetteer) -> list[Span]:
    """The tagger's entity spans, repaired: venue names put in, a parenthesis cut off,
    "Black Sea Fleet" and "al-Qaeda in the Islamic Maghreb" joined, "Lieutenant General
    Rustam Muradov" made a person, "the P5+1" added; in text order."""
    spans = with_venues(doc, find_venues(doc, gaz))
    spans = [_ranked_person(_with_name_tail(_with_org_word(_with_name_head(_before_parenthesis(s))))) for s in spans]
    spans = [s for s in spans if not _qualifies_a_name(s) and not _names_a_document(s) and not _names_an_operation(s)]
    return _with_codes(doc, _joined_names(spans))


#: Words that mark an organisation's name: "at the Foreign Ministry" is not a place.
ORG_WORDS = frozenset(
    {
        "ministry",
        "council",
        "agency",
        "organization",
        "organisation",
        "union",
        "nations",
        "party",
        "army",
        "forces",
        "force",
        "navy",
        "police",
        "service",
        "committee",
        "commission",
        "court",
        "assembly",
        "parliament",
        "congress",
        "senate",
        "bank",
        "fund",
        "company",
        "corporation",
        "group",
        "front",
        "movement",
        "alliance",
        "news",
        "university",
        "institute",
        "department",
        "office",
        "airways",
        "airlines",
        "fleet",
        "command",
        "mission",
        "guard",
        "centre",
        "center",
        "association",
        "federation",
        "league",
        "brigade",
        "battalion",
        "academy",
        "college",
        "school",
        "observatory",
        "foundation",
        "society",
        "network",
        "bureau",
        "directorate",
        "authority",
        "corps",
    }
)

#: Words of a rank or office that open a person's name: "Rear Admiral", "Lieutenant General".
RANKS = lexicon.NAME_PREFIX_TITLES | {"rear", "brigadier", "commodore", "air", "chief", "staff"}


def _with_org_word(span: Span) -> Span:
    """ "Black Sea" + "Fleet", "Kenya" + "Airways", "BBC" + "News": a name that the
    capitalised words after it turn into an organisation's name."""
    from spacy.tokens import Span as SpacySpan

    if span.label_ not in ("GPE", "LOC", "NORP", "ORG"):
        return span
    doc, end = span.doc, span.end
    while end < span.sent.end and doc[end].is_title and doc[end].pos_ == "PROPN" and not doc[end].ent_type_:
        end += 1
    if end == span.end or doc[end - 1].lower_ not in ORG_WORDS:
        return span
    end = _of_complement(doc, end, span.sent.end)
    if end < len(doc) and doc[end].ent_type_ and doc[end].is_title:
        return span  # "US Forces Korea": a longer name this rule would cut
    return SpacySpan(doc, span.start, end, label="ORG")


def _with_name_head(span: Span) -> Span:
    """ "National" + "Security Council": the capitalised words an organisation's name (often
    a short name the gazetteer knows: the UN's "Security Council") goes on from, which make
    it another body's name ("U.S. National Security Council")."""
    from spacy.tokens import Span as SpacySpan

    doc, start = span.doc, span.start
    while start > span.sent.start + 1 and _untagged_name_word(doc[start - 1]):
        start -= 1
    return span if span.label_ != "ORG" or start == span.start else SpacySpan(doc, start, span.end, label="ORG")


def _untagged_name_word(tok: Token) -> bool:
    return tok.is_title and tok.pos_ in ("PROPN", "ADJ") and not tok.ent_type_ and tok.lower_ not in RANKS


def _with_name_tail(span: Span) -> Span:
    """ "Daw Aung" + "San Suu Kyi": a person's name the tagger stopped short of, whose
    last word modifies the untagged capitalised words that end the noun phrase."""
    from spacy.tokens import Span as SpacySpan

    last = span[-1]
    head = last.head
    if span.label_ != "PERSON" or last.dep_ != "compound" or head.i <= last.i:
        return span
    tail = span.doc[span.end : head.i + 1]
    if not all(t.is_title and t.pos_ == "PROPN" and not t.ent_type_ for t in tail):
        return span
    return SpacySpan(span.doc, span.start, head.i + 1, label="PERSON")


def _qualifies_a_name(span: Span) -> bool:
    """ "not another Vietnam War", "the Iraq War": a place in a war's name is no mention of
    it; nor is a region that says which states ("the Baltic states", "Gulf countries")."""
    last = span[-1]
    if span.label_ not in ("GPE", "LOC") or last.dep_ not in ("compound", "amod"):
        return False
    head = last.head
    return head.text in ("War", "Wars") or (head.tag_ == "NNS" and head.lemma_.lower() in _STATE_NOUNS)


_STATE_NOUNS = frozenset({"state", "country", "nation", "republic"})


def _names_an_operation(span: Span) -> bool:
    """ "Operation Astute", "Operation Euphrates Shield": a military operation's name names
    the event (the registry's named operations), no entity."""
    words = [t for t in span if t.lower_ != "the"]
    return len(words) > 1 and words[0].text == "Operation"


def _names_a_document(span: Span) -> bool:
    """ "the Abraham Accords", "the Treaty of Lisbon" tagged as organisations, "the
    Comprehensive Strategic Partnership" before "agreement", or "Lisbon" alone in "the
    Treaty of Lisbon": an agreement's name, which the signing it names says, is no entity
    (the treaty was signed in Lisbon, or elsewhere, as the story says)."""
    if span.label_ == "ORG" and not noun_forms(span.root).isdisjoint(lexicon.AGREEMENT_NOUNS):
        return True
    head = span.root.head  # "the Comprehensive Strategic Partnership" + "agreement"
    if span.label_ not in ("GPE", "LOC", "PERSON") and head.i == span.end and not head.is_title:
        return not noun_forms(head).isdisjoint(lexicon.AGREEMENT_NOUNS)
    start = span.start
    if start < 2 or span.doc[start - 1].lower_ != "of":
        return False
    name = span.doc[start - 2]
    return name.is_title and not noun_forms(name).isdisjoint(lexicon.AGREEMENT_NOUNS)


def _of_complement(doc: Doc, end: int, limit: int) -> int:
    """Where an organisation's name that reached ``end`` ends, taking in an "of" or "for"
    and the capitalised words after it: "Department" + "of Defence", "Syrian Observatory" +
    "for Human Rights"."""
    if end + 1 >= limit or doc[end].lower_ not in ("of", "for") or not doc[end + 1].is_title:
        return end
    stop = end + 1
    while stop < limit and (doc[stop].is_title or (doc[stop].lower_ == "and" and stop + 1 < limit)):
        stop += 1
    return stop if doc[stop - 1].is_title and not doc[end + 1 : stop].ents else end


def _ranked_person(span: Span) -> Span:
    """ "Lieutenant General Rustam Muradov" tagged as an organisation: a rank and a name."""
    from spacy.tokens import Span as SpacySpan

    words = [t for t in span if t.is_alpha]
    ranks = 0
    while ranks < len(words) and words[ranks].lower_ in RANKS:
        ranks += 1
    if span.label_ != "ORG" or not ranks or len(words) - ranks < 2:
        return span
    if not all(t.is_title for t in words) or {t.lower_ for t in words} & ORG_WORDS:
        return span
    return SpacySpan(span.doc, span.start, span.end, label="PERSON")


def _before_parenthesis(span: Span) -> Span:
    """ "the Islamic Maghreb (AQIM": a tagged span cut where a parenthesis opens."""
    from spacy.tokens import Span as SpacySpan

    cut = next((t.i for t in span if t.text == "(" and t.i > span.start), None)
    return span if cut is None else SpacySpan(span.doc, span.start, cut, label=span.label_)


#: Words that introduce an organisation's short name: "known by its French initials MUJAO".
_ACRONYM_CUES = frozenset({"initials", "acronym", "abbreviation", "as"})


def find_acronyms(spans: list[Span]) -> dict[str, Span]:
    """The short names organisations are introduced with: "al-Qaeda in the Islamic
    Maghreb (AQIM)", "the Movement for ... in West Africa, known by its French initials
    MUJAO"; each maps to the organisation's span."""
    found: dict[str, Span] = {}
    for span in spans:
        if span.label_ != "ORG" or len(span) < 2:
            continue
        doc, end = span.doc, min(span.end + 8, span.sent.end)
        after = doc[span.end : end]
        if len(after) >= 3 and after[0].text == "(" and after[2].text == ")" and _is_acronym(after[1]):
            found[after[1].text] = span
            continue
        if len(after) and after[0].text == "," and any(t.lower_ == "known" for t in after[:3]):
            cue = next((t for t in after if t.lower_ in _ACRONYM_CUES), None)
            nxt = doc[cue.i + 1] if cue is not None and cue.i + 1 < end else None
            if nxt is not None and _is_acronym(nxt):
                found[nxt.text] = span
    return found


def _is_acronym(tok: Token) -> bool:
    return tok.is_upper and tok.is_alpha and 2 <= len(tok) <= 8


def with_acronyms(spans: list[Span], acronyms: dict[str, Span]) -> list[Span]:
    """``spans`` with every untagged use of an introduced short name added."""
    from spacy.tokens import Span as SpacySpan

    if not acronyms:
        return spans
    doc = spans[0].doc
    covered = {i for s in spans for i in range(s.start, s.end)}
    extra = [SpacySpan(doc, t.i, t.i + 1, label="ORG") for t in doc if t.text in acronyms and t.i not in covered]
    return sorted([*spans, *extra], key=lambda s: s.start)


_GROUP_CODE = re.compile(r"[A-Z]+\d+(?:\+\d+)+")


def _with_codes(doc: Doc, spans: list[Span]) -> list[Span]:
    """``spans`` with the untagged codes of negotiating groups added: "the P5+1", "E3+3"."""
    from spacy.tokens import Span as SpacySpan

    if not _GROUP_CODE.search(doc_text(doc)):  # most articles name no such group: skip the scan
        return spans
    covered = {i for s in spans for i in range(s.start, s.end)}
    extra, i = [], 0
    while i < len(doc):
        end = i + 1
        while end < len(doc) and not doc[end - 1].whitespace_ and doc[end].text[:1] not in ",.;:":
            end += 1  # the tokens written together: "P5", "+", "1"
        if _GROUP_CODE.fullmatch(doc[i:end].text) and not covered & set(range(i, end)):
            extra.append(SpacySpan(doc, i, end, label="ORG"))
        i = end
    return sorted([*spans, *extra], key=lambda s: s.start)


def without_descriptor(span: Span) -> Span:
    """An organisation's name without the common noun the tagger took with it:
    "al-Shabab militia" -> "al-Shabab"."""
    end = span.end
    while (
        span.label_ == "ORG"
        and end - span.start > 1
        and span.doc[end - 1].is_lower
        and span.doc[end - 1].is_alpha
        and span.doc[end - 2].text[:1].isupper()
    ):
        end -= 1
    return span.doc[span.start : end]


#: Words that tie a place or theme into an organisation's name: "al-Qaeda in the Islamic Maghreb".
_NAME_LINKS = frozenset({"in", "for", "of"})


def _continues_org(org: Span, tail: Span) -> bool:
    if org.label_ != "ORG" or tail.label_ not in ("ORG", "GPE", "LOC") or tail.start - org.end > 4:
        return False
    link, *rest = [*org.doc[org.end : tail.start]] or [None]
    if link is None or link.lower_ not in _NAME_LINKS:
        return False
    if not all(t.is_alpha for t in rest):
        return False  # "the Treaty on the Non-Proliferation of Nuclear Weapons" + "in 1968. Israel"
    named = [t for t in [*rest, *tail] if t.is_alpha and t.lower_ != "the"]
    if not all(t.is_title or t.is_upper for t in named):
        return False  # "West Africa", "the Islamic Maghreb": a capitalised name
    if tail.label_ == "ORG":
        return True
    return any(t.lower_ in _NAME_LINKS for t in org)


def _joined_names(spans: list[Span]) -> list[Span]:
    """Join the pieces of one name that the tagger, or the gazetteer's ruler before it, cut:
    an organisation's name cut at "in", "for" or "of" ("al-Qaeda" + "in the" + "Islamic
    Maghreb", "the Movement for Oneness and Jihad" + "in" + "West Africa"); "the
    Revolutionary Armed Forces of" + "Colombia", "the Sea of" + "Japan", "the Free" +
    "Syrian Army", "Afghan" + "Security Forces"; and a person's name split in two, "Ali
    Osman" + "Mohamed Taha"."""
    from spacy.tokens import Span as SpacySpan

    joined: list[Span] = []
    for span in spans:
        prev = joined[-1] if joined else None
        label = _one_name(prev, span) if prev is not None else None
        if prev is not None and label is not None:
            joined[-1] = SpacySpan(span.doc, prev.start, span.end, label=label)
        else:
            joined.append(span)
    return joined


def _one_name(first: Span, second: Span) -> str | None:
    """The label of the one name ``first`` and ``second`` are pieces of, if they are."""
    if _continues_org(first, second):
        return "ORG"
    if _of_place(first, second):
        return "LOC"  # "Sea" + "of" + "Japan", in a headline without "the"
    if second.start != first.end or not first[-1].whitespace_ or not _capitalised(second):
        return None
    if first.label_ == "PERSON" and second.label_ == "PERSON":
        return "PERSON" if _capitalised(first) else None
    if first.label_ in ("ORG", "LOC", "FAC") and first[-1].lower_ in _NAME_LINKS:
        return first.label_  # "the Revolutionary Armed Forces of" + "Colombia", "the Sea of" + "Japan"
    if second.label_ != "ORG" or first.label_ not in ("ORG", "NORP") or not _capitalised(first):
        return None
    # "the Free" + "Syrian Army", "Palestinian" + "Islamic Jihad"; not "Lebanese" + "Hezbollah"
    return "ORG" if second[-1].lower_ in ORG_WORDS or len(second) > 1 else None


def _of_place(first: Span, second: Span) -> bool:
    """ "Sea" + "of" + "Japan": a capitalised place word and the name it is of."""
    return (
        first.label_ == "LOC"
        and second.start == first.end + 1
        and first.doc[first.end].lower_ == "of"
        and second.label_ in ("GPE", "LOC")
        and _capitalised(first)
        and _capitalised(second)
    )


def _capitalised(span: Span) -> bool:
    words = [t for t in span if t.is_alpha and t.lower_ != "the"]
    return bool(words) and all(t.is_title or t.is_upper for t in words)


def is_dateline(span: Span) -> bool:
    """An upper-case place name opening a paragraph and followed by a comma."""
    before = span.doc[span.start - 1] if span.start else None  # doc.text would copy the text
    at_line_start = before is None or "\n" in before.whitespace_ or "\n" in before.text
    next_tok = span.doc[span.end] if span.end < len(span.doc) else None
    return at_line_start and text_of(span).isupper() and next_tok is not None and next_tok.text in (",", "—", "-")


#: Lower-case particles inside people's names: "Haider al-Abadi", "Ludwig van Beethoven",
#: "Luiz Inácio Lula da Silva", "Osama bin Laden".
NAME_PARTICLES = frozenset(
    {"al", "el", "ad", "an", "ar", "as", "ash", "at", "az", "ud", "ul", "bin", "bint", "ibn", "abu"}
    | {"van", "von", "der", "den", "de", "del", "della", "di", "da", "das", "do", "dos", "du", "la", "le", "y"}
)


def looks_like_person(span: Span) -> bool:
    """Reject PERSON spans that are headline fragments ("Kim Reaffirms") or lower-case."""
    inner = span[1:-1] if len(span) > 2 else span[:0]
    counted = any(c.dep_ == "nummod" and c.i < span.start for c in span.root.children)  # "four Blackhawks"
    return (
        not counted
        and all(
            t.is_title or t.is_upper or not t.is_alpha or _hyphen_part(t) or (t in inner and t.lower_ in NAME_PARTICLES)
            for t in span
        )
        and not any(t.tag_ in ("VBZ", "VBD") for t in span)
    )


def _hyphen_part(tok: Token) -> bool:
    """The second part of a hyphenated given name: "jung" of "Kim Dae-jung"."""
    return (
        tok.i >= 2
        and tok.doc[tok.i - 1].text == "-"
        and not tok.doc[tok.i - 2].whitespace_
        and not tok.doc[tok.i - 1].whitespace_
        and tok.doc[tok.i - 2].is_title
    )
