"""Event dating on the parse: which time expression of its sentence an event happened at.

:func:`event_date` picks, for an event's trigger word, the DATE entity of its sentence that
the syntax ties to that event, and resolves it with :func:`kg.timex.resolve`;
:func:`sentence_date` gives the one time a whole sentence names; :func:`tense_of` the tense
that decides whether a bare "Wednesday" looks back or ahead. Which predicates an event
shares its time with is :mod:`kg.nlp.shared_time`'s question.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from kg.model import TimeValue
from kg.nlp.scan import doc_ents, once_per_doc
from kg.nlp.shared_time import (
    ABOUT_VERBS,
    EVENT_VERBS,
    INTENT_VERBS,
    OTHER_TIME,
    ancestors,
    clause_verb,
    is_event_noun,
    is_predicate,
    noun_of,
    setting_of,
    shares_with_head,
    sharing_chain,
    up_to_predicate,
)
from kg.timex import Tense, resolve

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token


#: Prepositions whose DATE is not the event's time: "for two years", "before Tuesday", "until
#: Friday", "from 2014 to 2016" (the start, "from", is kept).
_NOT_AT = frozenset(
    {"for", "before", "after", "until", "till", "within", "between", "than", "to", "ahead", "prior", "throughout"}
)


#: Words that make a time expression point at a time given elsewhere: "that evening", "the
#: next day", "a day earlier". Such a date belongs to the event but cannot be resolved here.
_ANAPHORIC = re.compile(r"\b(?:that|same|next day|previous|following|earlier|later|then)\b")


_FUTURE_AUX = frozenset({"will", "shall", "'ll", "wo"})


#: Words that put their clause in the future: "was due in Seoul today", "is set to sign".
_FUTURE_MARKERS = frozenset({"due", "set", "likely", "expect", "schedule", "go", "plan"})


_Rank = tuple[int, int]  # (level, distance): lower is closer


def event_date(trigger: Token, published: dt.date | None) -> TimeValue | None:
    """The time of the event ``trigger`` (a verb like "met", a noun like "summit") denotes.

    Only DATE entities of the trigger's sentence count, ranked by how directly the syntax
    ties them to the trigger:

    0. the DATE's head chain reaches the trigger before any other verb or event noun ("met
       ... on Wednesday", "last year's incursion", "the June 2024 treaty"), or the trigger's
       clause hangs on the DATE ("since 2011, when Kim Jong-il met Medvedev");
    1. it reaches a verb or noun the trigger shares its time with: the verb governing a noun
       trigger ("came Wednesday during a meeting", "launched an attack ... in August 2024"),
       a verb governing a participle or conjunct ("in June 2024 by signing"), a clause on a
       noun trigger ("the declaration Kim signed ... on April 27"), the trigger's event-noun
       object or participle clause ("held talks on Thursday", "Speaking on Tuesday, Putin
       said"), or an event that is the trigger's setting ("signed ... at a summit in Moscow
       last July");
    2. it belongs to the trigger's clause (the same governing verb);
    3. it is the only DATE in a sentence with no other event word.

    Sharing stops at verbs that are about an event rather than of it ("called off the
    summit", "said", "discussed"), at intentions ("agreed to hold talks") and at other times
    ("after the signing", "ahead of a summit"). A date after publication in a past-tense
    clause belongs to some planned event and is skipped. At the best rank the nearest DATE
    wins; a tie between incompatible values, or a best-ranked DATE that points elsewhere
    ("the next day"), gives None.
    """
    chain = sharing_chain(trigger)
    ranked: list[tuple[_Rank, TimeValue | None]] = []
    resolved: list[TimeValue] = []
    # "took them to Poroshenko last Thursday and to Putin in Moscow the next day": what
    # follows a gapped conjunct ("and to Putin") is its time, not the verb's
    gap = min((c.i for c in trigger.children if c.dep_ == "conj" and c.pos_ == "ADP"), default=None)
    for span in _date_spans(trigger.sent):
        if gap is not None and span.start > gap:
            continue
        owner, _ = _owner(span, chain)
        tense = tense_of(owner or trigger)
        value = resolve(span.text, published, tense)
        if value is not None and tense == "past" and _after(value, published):
            continue  # "invited him for a visit next spring": a planned event's date
        rank = _rank(span, trigger, chain)
        if value is not None:
            resolved.append(value)
        if rank is not None and (value is not None or _ANAPHORIC.search(span.text.lower())):
            ranked.append((rank, value))
    if ranked:
        return _best(ranked)
    if len(resolved) == 1 and not _other_event_words(trigger) and not _elsewhen(trigger):
        return resolved[0]
    return None


def unplaced(trigger: Token, published: dt.date | None) -> bool:
    """Whether the trigger's own time expression names a point in time kg cannot place:
    "met last Tuesday" in a Wednesday story (yesterday, or the week before), "two weeks
    ago" across a month's end. The event happened then, not on the story's day."""
    points = [span for span in _date_spans(trigger.sent) if _POINT.search(span.text.lower())]
    if not points:
        return False  # most sentences: no need to trace the trigger's time
    chain = sharing_chain(trigger)
    return any(
        (_rank(span, trigger, chain) or (None,))[0] == 0 and resolve(span.text, published, tense_of(trigger)) is None
        for span in points
    )


#: Words of a time expression that names a point in time, not a length ("for two hours").
_POINT = re.compile(
    r"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|march|april|may|june|"
    r"july|august|september|october|november|december|ago|last|\d{4})\b"
)


def _elsewhen(trigger: Token) -> bool:
    """An event its clause's news came from or counts from: "reached Singapore on Sunday
    straight from a summit" (Sunday is the day of arriving, not of the summit), "the biggest
    shake-up since Russia's invasion". "ahead of a summit ... on Sunday" is not one: its
    loosely attached date is often the summit's own."""
    return any(t.lower_ in ("from", "since") for t in up_to_predicate(trigger)[1][1:])


def sentence_date(sentence: Span, published: dt.date | None) -> TimeValue | None:
    """The one time a sentence names: all its point-in-time expressions agree (a month and
    a day in it count as one time when the day lies in the month), else None."""
    values = [
        value
        for span in _date_spans(sentence)
        if (value := resolve(span.text, published, tense_of(span.root))) is not None and not _after(value, published)
    ]
    finest = max(values, key=lambda v: len(v.value), default=None)
    if finest is None or not all(v.compatible(finest) for v in values):
        return None
    return finest


def _after(value: TimeValue, published: dt.date | None) -> bool:
    """True when all of ``value`` lies after the publication date."""
    return published is not None and value.value > published.isoformat()[: len(value.value)]


def _date_spans(sentence: Span) -> Iterator[Span]:
    """The sentence's DATE entities that can be an event's time, each extended over a
    dangling "of" ("the early hours of" + "Tuesday" is one expression)."""
    covered = -1
    for ent in _doc_dates(sentence.doc):
        if not sentence.start <= ent.start < sentence.end or ent.start < covered:
            continue
        span = ent
        if ent[-1].lower_ == "of":
            end = max(t.i for t in ent[-1].subtree) + 1
            span = ent.doc[ent.start : end]
        covered = span.end
        if _is_point_in_time(span):
            yield span


def _doc_dates(doc: Doc) -> list[Span]:
    """The DATE entities of ``doc``, found once per document (``Span.ents`` walks every
    entity of the document each time it is asked)."""
    return once_per_doc(doc, "kg.dates", lambda: [e for e in doc_ents(doc) if e.label_ == "DATE"])


def _is_point_in_time(span: Span) -> bool:
    if span.root.dep_ != "pobj":
        return True
    preposition = span.root.head
    if preposition.lower_ == "of":  # "ahead of Tuesday": the word before "of" decides
        preposition = preposition.head
    return preposition.lower_ not in _NOT_AT


def _date_root(span: Span) -> Token:
    """The root of a DATE, or of the first DATE it is coordinated with: "in 2000 and 2007"
    gives both the same distance, so the tie leaves a distributive event undated."""
    root = span.root
    while root.dep_ == "conj" and root.head.ent_type_ == "DATE":
        root = root.head
    return root


def _owner(span: Span, chain: dict[int, int]) -> tuple[Token | None, int]:
    """The first predicate (or member of the trigger's chain) on the DATE's head chain, and
    its distance."""
    for token, distance in ancestors(_date_root(span)):
        if not span.start <= token.i < span.end and (token.i in chain or is_predicate(token)):
            return token, distance
    return None, 0


def _rank(span: Span, trigger: Token, chain: dict[int, int]) -> _Rank | None:
    owner, distance = _owner(span, chain)
    above = _date_above(span, chain)
    if above is not None:
        return 0, above
    if owner is None:
        return None
    if owner == trigger:
        return 0, distance
    if owner.i in chain:
        return 1, distance + chain[owner.i]
    if owner.dep_ in ("acl", "relcl") and noun_of(owner.head) == trigger:
        return 1, distance + 1  # "the declaration Kim signed on April 27"
    if owner.head.i in chain and shares_with_head(owner):
        return 1, distance + 1 + chain[owner.head.i]
    setting = setting_of(owner) if is_event_noun(owner) else None
    if setting is not None and setting[0].i in chain:
        return 1, distance + setting[1] + chain[setting[0].i]
    verb = clause_verb(trigger)
    if owner == verb and owner.lemma_.lower() not in ABOUT_VERBS and not _elsewhen(trigger):
        return 2, distance
    return None


def _date_above(span: Span, chain: dict[int, int]) -> int | None:
    """The distance from the trigger's chain up to ``span``, when a clause of the chain hangs
    on the DATE ("in 2011, when Kim Jong-il met Medvedev")."""
    for index, base in chain.items():
        for ancestor, distance in ancestors(span.doc[index]):
            if span.start <= ancestor.i < span.end:
                return base + distance
            if is_predicate(ancestor) or ancestor.lower_ in OTHER_TIME:
                break
    return None


def _best(ranked: list[tuple[_Rank, TimeValue | None]]) -> TimeValue | None:
    top = min(level for (level, _), _ in ranked)
    if any(value is None for (level, _), value in ranked if level == top):
        return None  # the event's own time is given relative to something we cannot see
    nearest = min(rank for rank, _ in ranked if rank[0] == top)
    values = [value for rank, value in ranked if rank == nearest and value is not None]
    finest = max(values, key=lambda value: len(value.value))
    return finest if all(finest.compatible(value) for value in values) else None


def _other_event_words(trigger: Token) -> bool:
    return any(
        token != trigger and ((token.pos_ == "VERB" and token.lemma_.lower() in EVENT_VERBS) or is_event_noun(token))
        for token in trigger.sent
    )


def tense_of(token: Token) -> Tense:
    """The tense of the event ``token`` denotes: that of its verb, or of the verb governing
    a noun trigger. Future for "will", "is going to", "is due to", "plans to", "is expected
    to"; past for past forms and perfects; present for "says", "is meeting"."""
    verb = clause_verb(token)
    return "past" if verb is None else _verb_tense(verb)


def _verb_tense(verb: Token) -> Tense:
    auxes = {child.lower_ for child in verb.children if child.dep_ in ("aux", "auxpass")}
    if auxes & _FUTURE_AUX or any(
        child.dep_ in ("acomp", "xcomp") and child.lemma_.lower() in _FUTURE_MARKERS for child in verb.children
    ):
        return "future"
    if "to" in auxes:  # an infinitive: "plans to visit", "is due to hold", "is to lead"
        if verb.head.lemma_.lower() in INTENT_VERBS:
            return "future"
        return tense_of(verb.head) if verb.head != verb else "past"
    if verb.tag_ in ("VBZ", "VBP") or auxes & {"is", "are", "am", "'s", "'re"}:
        return "present"
    if verb.tag_ in ("VBG", "VBN") and not auxes and verb.head != verb:
        return tense_of(verb.head)  # a bare participle: "talks held on Monday"
    return "past"  # past forms, perfects, and whatever else: news reports the past
