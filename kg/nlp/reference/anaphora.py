"""Reference without a name: titles, descriptions, pronouns and group nouns.

The titles and states in front of a person's name ("Russian President Vladimir Putin")
are recorded first; then "the Russian president" points to the person tied to Russia with
that office, "he" to the most recent person named (the subject first), and "the two
countries" to the two states named most so far.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import TYPE_CHECKING

from kg.model import EntityKey, EntityType
from kg.nlp import lexicon
from kg.nlp.reference.state import Cluster, State
from kg.nlp.scan import indexes_with, sentence_and_previous

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token


def tie_people_to_states(state: State) -> None:
    """Record the titles and states in front of each person's name: "North Korean leader
    Kim Jong-un", "Russian President Vladimir Putin", "Kremlin spokesman Dmitry Peskov"."""
    keys_at = state.keys_by_token()
    for span, key in state.spans:
        cluster = state.clusters[key]
        if cluster.type is not EntityType.PERSON:
            continue
        for tok in _modifiers_before(span):
            lower = tok.lower_
            if lower in lexicon.TITLES:
                cluster.titles.add(lower)
            other = keys_at.get(tok.i)
            if other and state.clusters[other].type is EntityType.COUNTRY:
                cluster.countries.add(other)


def _modifiers_before(span: Span) -> Iterable[Token]:
    """Tokens in the same noun phrase in front of a name: titles, nationalities."""
    root = span.root
    for tok in root.subtree:
        if tok.i < span.start:
            yield tok
    head = root.head
    if root.dep_ == "appos" or head.dep_ == "appos":
        yield from (t for t in head.subtree if t.i < span.start or t.i >= span.end)
    if root.dep_ == "compound" or (head.lower_ in lexicon.TITLES and head.i != root.i):
        yield from (t for t in head.subtree if t.i not in range(span.start, span.end))


def resolve_descriptions(state: State) -> None:
    """Point "the Russian president", "he" and "the two countries" back to entities."""
    keys_at = state.keys_by_token()
    for i in _description_candidates(state.doc):
        tok = state.doc[i]
        if tok.i in keys_at:
            continue
        if tok.lower_ in lexicon.TITLES and tok.pos_ == "NOUN":
            person = _named_beside(state, tok, keys_at) or _described_person(state, tok, keys_at)
            if person:
                state.extra_keys[tok.i] = keys_at[tok.i] = person  # "he" may follow
                phrase = _description_text(tok)
                if phrase:
                    state.clusters[person].surfaces[phrase] += 0
        elif tok.lower_ in lexicon.PERSON_PRONOUNS and tok.pos_ == "PRON":
            person = _antecedent(state, tok, keys_at)
            if person:
                state.extra_keys[tok.i] = keys_at[tok.i] = person
        if tok.lemma_.lower() in lexicon.GROUP_NOUNS and tok.tag_ == "NNS":
            group = _group(state, tok)
            if group:
                state.group_keys[tok.i] = group


def _description_candidates(doc: Doc) -> list[int]:
    """Where a title, a pronoun or a group noun ("the two countries") stands, in order."""
    words = indexes_with(doc, "LOWER", lexicon.TITLES | lexicon.PERSON_PRONOUNS)
    groups = indexes_with(doc, "LEMMA", _GROUP_LEMMAS)
    return sorted({*words, *groups})


_GROUP_LEMMAS = frozenset(v for w in lexicon.GROUP_NOUNS for v in (w, w.capitalize()))


def _named_beside(state: State, title: Token, keys_at: dict[int, EntityKey]) -> EntityKey | None:
    """ "Japan's prime minister, Shinzo Abe" or "Shinzo Abe, Japan's prime minister":
    the person named next to the title, the following name first ("Hillary Clinton,
    the British prime minister, David Cameron" is Cameron), or in apposition after its
    complement ("the president of Myanmar, Thein Sein")."""
    doc, left = title.doc, title.left_edge.i
    nearby = [c for c in title.rights if c.dep_ == "appos"]
    if title.i + 2 < len(doc) and doc[title.i + 1].text == ",":
        nearby.append(doc[title.i + 2])
    if title.dep_ == "appos" and left >= 2 and doc[left - 1].text == ",":
        nearby.append(doc[left - 2])
    for tok in nearby:
        key = keys_at.get(tok.i)
        if key and state.clusters[key].type is EntityType.PERSON:
            return key
    return None


def _described_person(state: State, title: Token, keys_at: dict[int, EntityKey]) -> EntityKey | None:
    """ "the Russian president" -> the person tied to Russia with a title; the title
    must be the head of a definite noun phrase, not part of a name."""
    determiners = {c.lower_ for c in title.children if c.dep_ in ("det", "poss")}
    definite = "the" in determiners or (title.lower_ == "counterpart" and determiners & _POSSESSIVES)
    if not definite or title.ent_type_ == "PERSON":
        return None
    states = {
        keys_at[c.i]
        for c in [*title.subtree, *_of_complements(title)]
        if (c.i < title.i or c.head.head is title)
        and c.i in keys_at
        and state.clusters[keys_at[c.i]].type is EntityType.COUNTRY
    }
    people = [
        c
        for c in state.clusters.values()
        if c.type is EntityType.PERSON
        and c.first < title.idx
        and (not states or states & c.countries)
        and (title.lower_ in c.titles or (states and _may_hold(title.lower_, c.titles)))
    ]
    if len(people) > 1 and states:  # "the Russian leader": Putin, not Russia's ambassador
        people = _best_holders(people, title.lower_)
    if len(people) == 1:
        return people[0].key
    if not states and people:  # "the president": the one most recently named
        return _most_recent(state, people, title)
    return None


def _of_complements(title: Token) -> list[Token]:
    """ "the president of Myanmar": the state a title is of."""
    return [obj for prep in title.rights if prep.lower_ == "of" for obj in prep.children if obj.dep_ == "pobj"]


_POSSESSIVES = frozenset({"his", "her", "their", "its"})


#: Offices a state has one holder of at a time: "the American president" is the one
#: American the article names without another title, even if it never called him president.
_SOLE_OFFICES = frozenset(
    {
        "president",
        "leader",
        "head",
        "premier",
        "chancellor",
        "king",
        "queen",
        "emperor",
        "monarch",
        "ruler",
        "counterpart",
    }
)


def _may_hold(title: str, titles: set[str]) -> bool:
    """Whether a person with ``titles`` may be "the <state> <title>"."""
    if title in ("leader", "head", "counterpart"):
        return True
    return title in _SOLE_OFFICES and not titles


def _best_holders(people: list[Cluster], title: str) -> list[Cluster]:
    """The people most likely to be "the <state> <title>": those the text gave that title,
    else those with a leader's office or no known office at all."""
    for fits in (
        lambda c: title in c.titles,
        lambda c: bool(c.titles & _SOLE_OFFICES),
        lambda c: not c.titles,
    ):
        tier = [c for c in people if fits(c)]
        if tier:
            return tier
    return people


def _description_text(title: Token) -> str:
    """The words of "the Russian president" (determiner kept, relative clauses dropped)."""
    left = [t for t in title.subtree if t.i <= title.i]
    if not left or left[-1].i - left[0].i + 1 != len(left):
        return ""
    return " ".join(t.text for t in left)


def _most_recent(state: State, clusters: list[Cluster], before: Token) -> EntityKey | None:
    wanted = {c.key for c in clusters}
    best: tuple[int, EntityKey] | None = None
    for span, key in state.spans:
        if key in wanted and span.end <= before.i and (best is None or span.start > best[0]):
            best = (span.start, key)
    return best[1] if best else None


def _antecedent(state: State, pronoun: Token, keys_at: dict[int, EntityKey]) -> EntityKey | None:
    """The person a pronoun refers to: the most recent person named, preferring the
    subject of the current or previous sentence."""
    people = [c for c in state.clusters.values() if c.type is EntityType.PERSON]
    if not people:
        return None
    for sent in reversed(sentence_and_previous(pronoun.sent)):
        subjects = [
            (t, keys_at[t.i])
            for t in sent
            if t.i < pronoun.i
            and t.i in keys_at
            and t.dep_ in ("nsubj", "nsubjpass")
            and state.clusters[keys_at[t.i]].type is EntityType.PERSON
        ]
        main = [k for t, k in subjects if t.head == sent.root]  # not a reported clause's
        if main or subjects:
            return (main or [k for _, k in subjects])[-1]
    return _most_recent(state, people, pronoun)


def _group(state: State, noun: Token) -> tuple[EntityKey, ...]:
    """ "the two countries" / "both sides": the two states (or leaders) named most so far."""
    quantifiers = {c.lower_ for c in noun.children}
    if not quantifiers & lexicon.GROUP_QUANTIFIERS:
        return ()
    size = 2 if quantifiers & {"two", "both"} else 3 if "three" in quantifiers else 4
    want = EntityType.PERSON if noun.lemma_.lower() == "leader" else EntityType.COUNTRY
    return _named_just_before(state, noun, want, size) or _named_most(state, noun, want, size)


def _named_just_before(state: State, noun: Token, want: EntityType, size: int) -> tuple[EntityKey, ...]:
    """The group one of the last two sentences names as one — coordinated ("… involved
    George W. Bush and Yasuo Fukuda. Before the conference, the two leaders met") or as
    the parties of one clause ("Erdogan hosted his Iranian counterpart Masoud Pezeshkian
    in Ankara. The two leaders held talks"): the story's most named pair may be others."""
    doc = noun.doc
    sentence_starts = [noun.sent.start]
    if noun.sent.start > 0:
        sentence_starts.append(doc[noun.sent.start - 1].sent.start)
    for start in sentence_starts:
        end = noun.i if start == noun.sent.start else noun.sent.start
        named = {
            k: span.root
            for span, k in state.spans
            if start <= span.start and span.end <= end and state.clusters[k].type is want
        }
        heads = named.values()
        if len(named) == size and (len(set(map(_conjunction_head, heads))) == 1 or len(set(map(_clause, heads))) == 1):
            return tuple(sorted(named))
        if named:
            return ()  # named, but not as such a group: leave it to the whole story
    return ()


def _conjunction_head(token: Token) -> Token:
    """The first of the coordinated phrases ``token`` heads: "Bush" for "Fukuda" in "Bush
    and Fukuda"."""
    while token.dep_ == "conj":
        token = token.head
    return token


def _clause(token: Token) -> Token:
    """The verb of the clause ``token`` is part of: "hosted" for both "Erdogan" and
    "Pezeshkian" in "Erdogan hosted his counterpart Pezeshkian"."""
    while token.pos_ not in ("VERB", "AUX") and token.head is not token:
        token = token.head
    return token


def _named_most(state: State, noun: Token, want: EntityType, size: int) -> tuple[EntityKey, ...]:
    """The group of the entities the story named most before ``noun``."""
    counts: Counter[EntityKey] = Counter()
    first: dict[EntityKey, int] = {}
    for span, key in state.spans:
        if span.end <= noun.i and state.clusters[key].type is want:
            counts[key] += 1
            first.setdefault(key, span.start)
    ranked = sorted(counts, key=lambda k: (-counts[k], first[k]))
    return tuple(sorted(ranked[:size])) if len(ranked) >= size else ()
