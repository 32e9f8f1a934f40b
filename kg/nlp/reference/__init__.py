"""Mentions -> entities within one article: typing, metonymy, aliases and reference.

One node per real-world entity per article: "Putin" joins "Vladimir Putin", "Kim" joins
"Kim Jong-un"; "Moscow announced" is Russia while "a monument in Moscow" is the city; "the
Russian president" and "he" point back to the person they describe. The result is a
:class:`Resolution`, which the event stage asks "whom does this token refer to?".
"""

from __future__ import annotations

import functools
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kg.gazetteer import Gazetteer, GazetteerEntry
from kg.model import Article, Entity, EntityKey, EntityType, Mention, entity_key, normalise_name
from kg.nlp import lexicon
from kg.nlp.scan import doc_ents, doc_text, indexes_with, sentence_and_previous, text_of, tokens_with

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

_TYPE_BY_LABEL = {
    "PERSON": EntityType.PERSON,
    "GPE": EntityType.PLACE,  # a GPE the gazetteer does not know as a state is a place
    "LOC": EntityType.PLACE,
    "FAC": EntityType.PLACE,
    "ORG": EntityType.ORGANIZATION,
}
#: Generic words after a place name: "Kursk Region" is "Kursk".
_PLACE_GENERICS = frozenset(
    {
        "region",
        "oblast",
        "province",
        "governorate",
        "district",
        "county",
        "prefecture",
        "territory",
        "krai",
        "republic",
        "city",
        "base",
    }
)
_POSSESSIVE = re.compile(r"(?:['’]s|['’])$")


@dataclass
class _Cluster:
    """An entity while the article is being read: grows as mentions join it."""

    type: EntityType
    name: str
    surfaces: Counter[str] = field(default_factory=Counter)
    gazetteer: GazetteerEntry | None = None
    titles: set[str] = field(default_factory=set)  # "president", "leader"
    countries: set[EntityKey] = field(default_factory=set)  # keys of states it is tied to
    first: int = 10**9  # character offset of the first mention
    named: int = 0  # mentions by name, not by demonym: "Swiss" alone makes no entity

    @property
    def key(self) -> EntityKey:
        return entity_key(self.type, self.name)


@dataclass(frozen=True)
class _Institution:
    """A mention of a state's body: "the Malian army", "Ukraine's military"."""

    span: Span  # the tokens that refer to the body (not a possessor: "Ukraine" stays Ukraine)
    text: str  # the whole phrase, possessor included, as an alias
    state: EntityKey  # key of the state (or region: "the Crimean authorities")
    kind: str  # what makes two mentions one body: "military" for "forces" and "armed forces"
    name: str  # "Malian army", "Ukrainian military", "Libyan armed forces"
    strong: bool  # names a body on its own; "Lithuanian forces" only joins one already named


@dataclass
class Resolution:
    """What each token of one article refers to, and the entities found."""

    article: Article
    clusters: dict[EntityKey, _Cluster]
    token_keys: dict[int, EntityKey]  # token index -> entity key
    group_keys: dict[int, tuple[EntityKey, ...]]  # head of "the two countries" -> entity keys
    demonyms: set[int]  # token indexes of demonym mentions ("North Korean troops")

    def key(self, token: Token) -> EntityKey | None:
        return self.token_keys.get(token.i)

    def keys(self, token: Token) -> tuple[EntityKey, ...]:
        """The entities a token stands for: one, a group ("both sides"), or none."""
        if token.i in self.group_keys:
            return self.group_keys[token.i]
        key = self.token_keys.get(token.i)
        return (key,) if key else ()

    def type_of(self, key: EntityKey) -> EntityType:
        return self.clusters[key].type

    def capital_of(self, key: EntityKey) -> EntityKey | None:
        """The article's entity for the capital of state ``key``, when it names it."""
        entry = self.clusters[key].gazetteer
        capital = entity_key(EntityType.PLACE, entry.capital) if entry and entry.capital else None
        return capital if capital in self.clusters else None

    def country_of(self, key: EntityKey) -> EntityKey | None:
        """The state a person or organisation acts for, when the article or gazetteer says."""
        cluster = self.clusters[key]
        if cluster.type is EntityType.COUNTRY:
            return key
        return min(cluster.countries) if len(cluster.countries) == 1 else None

    def entities(self) -> tuple[Entity, ...]:
        source = frozenset({self.article.id})
        return tuple(
            Entity(
                key=c.key,
                type=c.type,
                name=c.name,
                aliases=frozenset(s for s in c.surfaces if s != c.name),
                sources=source,
            )
            for c in sorted(self.clusters.values(), key=lambda c: c.key)
        )


def mentions(doc: Doc) -> list[Mention]:
    """The named spans of a parsed article that may be entities."""
    return [
        Mention(text=text_of(ent), start=ent.start_char, end=ent.end_char, label=ent.label_)
        for ent in doc_ents(doc)
        if ent.label_ in lexicon.ENTITY_LABELS
    ]


def resolve(doc: Doc, article: Article, gazetteer: Gazetteer | None = None) -> Resolution:
    """Resolve every mention of ``doc`` (the parsed text of ``article``) to an entity."""
    gaz = gazetteer or Gazetteer.default()
    state = _State(doc, article, gaz)
    spans = _entity_spans(doc, gaz)
    state.acronyms = _acronyms(spans)
    for ent in _with_acronyms(spans, state.acronyms):
        for span in _split_located(ent):
            state.add_span(span)
    state.join_short_names()
    state.add_institutions()
    state.tie_people_to_states()
    state.resolve_descriptions()
    return state.result()


class _State:
    """The working state of :func:`resolve` for one article."""

    def __init__(self, doc: Doc, article: Article, gaz: Gazetteer) -> None:
        self.doc = doc
        self.article = article
        self.gaz = gaz
        self.clusters: dict[EntityKey, _Cluster] = {}
        self.spans: list[tuple[Span, EntityKey]] = []  # each mention span with its cluster key
        self.demonyms: set[int] = set()
        self.group_keys: dict[int, tuple[EntityKey, ...]] = {}
        self.extra_keys: dict[int, EntityKey] = {}  # descriptions and pronouns
        self.acronyms: dict[str, Span] = {}  # "MUJAO" -> the name it was introduced with
        self.states_named = self._states_named()
        self.relabelled = self._relabel()

    def _relabel(self) -> dict[str, str]:
        """The repaired NER label of each name the gazetteer does not know, voted over all
        its mentions: "overrun Konna ... columns around Konna" makes "Konna" a place in both."""
        people = [normalise_name(text_of(e)).split() for e in doc_ents(self.doc) if e.label_ == "PERSON"]
        votes: dict[str, Counter[str]] = defaultdict(Counter)
        for span in doc_ents(self.doc):
            surface = _clean_surface(text_of(span))
            if span.label_ not in ("PERSON", "ORG") or not surface or self.gaz.lookup(surface):
                continue
            label = _context_label(span)
            words = normalise_name(surface).split()
            if (
                label == "GPE"
                and span.label_ == "PERSON"
                and any(len(p) > len(words) and _contains_name(tuple(p), tuple(words)) for p in people)
            ):
                continue  # "Putin" of "Vladimir Putin" stays a person
            if label:
                votes[surface][label] += 1
        return {surface: counts.most_common(1)[0][0] for surface, counts in votes.items()}

    def _states_named(self) -> dict[str, GazetteerEntry]:
        """The states the article names, by the first word of their name ("north")."""
        named: dict[str, list[GazetteerEntry]] = defaultdict(list)
        for span in doc_ents(self.doc):
            surface = _clean_surface(text_of(span)) or text_of(span)
            entry = self.gaz.by_demonym(surface) if span.label_ == "NORP" else self.gaz.lookup(surface)
            if entry is not None and entry.type is EntityType.COUNTRY and " " in entry.name:
                first = entry.name.split()[0].lower()
                if entry not in named[first]:
                    named[first].append(entry)
        return {word: entries[0] for word, entries in named.items() if len(entries) == 1}

    # -- mentions -------------------------------------------------------------------

    def add_span(self, span: Span) -> None:
        surface = _clean_surface(text_of(_without_descriptor(span)))
        if not surface or not any(ch.isalpha() for ch in surface):
            return
        full = self.acronyms.get(surface)
        if full is not None:  # "MUJAO" names what "the Movement for ..." named
            full_surface = _clean_surface(text_of(full))
            typed = self._classify(full, full_surface) if full_surface else None
        else:
            typed = self._classify(span, surface)
        if typed is None:
            return
        type_, name, entry, is_demonym = typed
        named_with_noun = ""
        if type_ is EntityType.PLACE and entry is None:
            named_with_noun = _with_place_noun(span)
        if named_with_noun:
            name = named_with_noun
        cluster = self._cluster(type_, name, entry)
        cluster.first = min(cluster.first, span.start_char)
        cluster.surfaces[surface] += 1
        if named_with_noun:
            cluster.surfaces[named_with_noun] += 1
        if is_demonym:
            self.demonyms.update(t.i for t in span)
        else:
            cluster.named += 1
        self.spans.append((span, cluster.key))

    def _classify(self, span: Span, surface: str) -> tuple[EntityType, str, GazetteerEntry | None, bool] | None:
        label = span.label_
        if label == "NORP":
            entry = self.gaz.by_demonym(surface)
            if entry is None:
                return None
            return entry.type, entry.name, entry, True
        if _is_dateline(span):
            return self._dateline_place(surface)
        if _part_of_title(span):
            return None
        if surface.lower() in _COMPASS and surface.lower() in self.states_named:
            named = self.states_named[surface.lower()]  # "the North" in a story on North Korea
            return named.type, named.name, named, False
        entry = self.gaz.lookup(surface)
        state = self.gaz.by_metonym(surface)
        if state is not None:
            if entry is None and _called_office(span):  # "the Blue House, Moon's office"
                return EntityType.ORGANIZATION, surface, None, False
            if _acts(span):
                return state.type, state.name, state, False
            if entry is None:  # "outside Downing Street": a seat of power as a place
                return EntityType.PLACE, surface, None, False
        entry = entry or self._formal_name_start(surface)
        if entry is not None:
            return entry.type, entry.name, entry, False
        label = self.relabelled.get(surface, label)
        if label == "PERSON" and not _looks_like_person(span):
            return None
        return _TYPE_BY_LABEL[label], _canonical_surface(surface, label), None, False

    @functools.cached_property
    def _states_tagged(self) -> tuple[GazetteerEntry, ...]:
        """The states the article's GPE mentions name (found once; asked for every mention)."""
        found = (
            self.gaz.lookup(_clean_surface(text_of(span)) or text_of(span))
            for span in doc_ents(self.doc)
            if span.label_ == "GPE"
        )
        return tuple(dict.fromkeys(e for e in found if e is not None and e.type is EntityType.COUNTRY))

    def _formal_name_start(self, surface: str) -> GazetteerEntry | None:
        """ "the Islamic Republic" in a story that names Iran: the opening words of the
        formal name ("Islamic Republic of Iran") of exactly one state the article names."""
        if len(surface.split()) < 2:
            return None
        opening = surface.lower() + " of "
        states = {
            entry.name: entry
            for entry in self._states_tagged
            if any(alias.lower().startswith(opening) for alias in entry.aliases)
        }
        return next(iter(states.values())) if len(states) == 1 else None

    def _dateline_place(self, surface: str) -> tuple[EntityType, str, GazetteerEntry | None, bool]:
        """ "RUKLA, Lithuania —": the town the story was filed from."""
        name = surface.title()
        entry = self.gaz.lookup(name)
        if entry is not None:
            return entry.type, entry.name, entry, False
        return EntityType.PLACE, name, None, False

    def _cluster(self, type_: EntityType, name: str, entry: GazetteerEntry | None) -> _Cluster:
        key = entity_key(type_, name)
        cluster = self.clusters.get(key)
        if cluster is None:
            cluster = self.clusters[key] = _Cluster(type_, name, gazetteer=entry)
            if entry is not None and entry.country and type_ is not EntityType.COUNTRY:
                country = self.gaz.lookup(entry.country)
                if country is not None:
                    cluster.countries.add(entity_key(country.type, country.name))
        return cluster

    # -- joining names --------------------------------------------------------------

    def join_short_names(self) -> None:
        """Merge "Putin" into "Vladimir Putin", "Kursk" into "Kursk Region", "NATO" ..."""
        by_length = sorted(self.clusters.values(), key=lambda c: (-len(c.name), c.name))
        for short in reversed(by_length):
            target = self._longer_name_for(short)
            if target is not None:
                self._absorb(target, short)

    def _longer_name_for(self, short: _Cluster) -> _Cluster | None:
        tokens = _name_tokens(short)
        if not tokens or (short.gazetteer is not None and short.type is not EntityType.PERSON):
            return None
        candidates = [
            other
            for other in self.clusters.values()
            if other is not short
            and (other.type is short.type or other.type is EntityType.PERSON)
            and len(other.name) > len(short.name)
            and _contains_name(_name_tokens(other), tokens)
        ]
        if len(candidates) == 1:
            return candidates[0]
        if short.type is EntityType.PERSON and candidates:
            return _main_bearer(candidates, tokens, short.first)
        return None

    def _absorb(self, target: _Cluster, short: _Cluster) -> None:
        old = short.key
        if old == target.key:
            return
        del self.clusters[old]
        target.surfaces.update(short.surfaces)
        target.titles |= short.titles
        target.countries |= short.countries
        target.first = min(target.first, short.first)
        target.named += short.named
        self.spans = [(s, target.key if k == old else k) for s, k in self.spans]

    # -- state institutions ---------------------------------------------------------

    def add_institutions(self) -> None:
        """Name the bodies a state acts through: "the Malian army", "Ukraine's military",
        "Baku's foreign ministry", "Gaddafi's forces", "the Crimean authorities". Each is an
        organisation tied to its state; a later bare "the navy" points back to it."""
        keys_at = self._keys_by_token()
        heads = tokens_with(self.doc, "LOWER", _INSTITUTION_HEADS)
        found = [m for tok in heads if (m := self._institution_at(tok, keys_at))]
        known: dict[tuple[EntityKey, str], EntityKey] = {}
        for strong in (True, False):  # "Lithuanian forces" joins "the Lithuanian armed forces"
            for mention in found:
                if mention.strong is strong:
                    self._add_institution(mention, known)
        for tok in tokens_with(self.doc, "LOWER", frozenset(_INSTITUTIONS)):
            self._bare_institution(tok, known)

    def _institution_at(self, head: Token, keys_at: dict[int, EntityKey]) -> _Institution | None:
        """The state's institution whose name ends at ``head``, if it is one."""
        if head.pos_ not in ("NOUN", "PROPN") or head.dep_ in ("compound", "amod"):
            return None
        left = [t for t in head.lefts if t.dep_ not in ("det", "case", "punct")]
        words: list[Token] = []
        for tok in reversed(left):  # the lower-case words between the state and the head
            if tok.i + 1 + len(words) != head.i or not tok.is_lower:
                break
            words.insert(0, tok)
        phrase = " ".join([*(t.lower_ for t in words), head.lower_])
        kind = _INSTITUTIONS.get(phrase)
        if kind is None:
            return None
        start = head.i - len(words)
        owner = [t for t in left if t.i < start]
        if not owner or (owner[-1].i + 1 != start and owner[-1].nbor(1).dep_ != "case"):
            return None
        state, adjective, person = self._owner(owner[-1], keys_at)
        if state is None or (kind == "authorities" and self.clusters[state].type is EntityType.COUNTRY):
            return None  # a sovereign state's authorities are the state itself
        first = min(owner[-1].i, *(t.i for t in owner[-1].subtree))
        # a possessor keeps its own referent: "since its forces invaded" after "Russia's
        # navy" is Russia's; "Gaddafi's forces" still has Gaddafi in it
        mapped = start if owner[-1].dep_ == "poss" else first
        strong = kind != "forces" or person
        name_kind = "armed forces" if kind == "forces" else phrase
        kind = "military" if kind == "forces" else kind
        return _Institution(
            self.doc[mapped : head.i + 1],
            self.doc[first : head.i + 1].text,
            state,
            kind,
            f"{adjective} {name_kind}",
            strong,
        )

    def _owner(self, tok: Token, keys_at: dict[int, EntityKey]) -> tuple[EntityKey | None, str, bool]:
        """The state a modifier names, its adjective, and whether it is a person ("Gaddafi's")."""
        key = keys_at.get(tok.i)
        if key is not None:
            cluster = self.clusters[key]
            if cluster.type is EntityType.PERSON:  # "Gaddafi's forces": his state's
                state = min(cluster.countries) if len(cluster.countries) == 1 else None
                if state is None or state not in self.clusters:
                    return None, "", True
                return state, _adjective(self.clusters[state], self.gaz), True
            if cluster.type in (EntityType.COUNTRY, EntityType.PLACE):
                if tok.i in self.demonyms:
                    return key, tok.doc[tok.left_edge.i : tok.i + 1].text, False
                return key, _adjective(cluster, self.gaz), False
            return None, "", False
        if tok.ent_type_ == "NORP":  # "Crimean": the adjective of a place the article names
            for cluster in self.clusters.values():
                stem = normalise_name(cluster.name).rstrip("aeiou")
                if cluster.type is EntityType.PLACE and len(stem) > 3 and tok.lower_.startswith(stem):
                    return cluster.key, tok.text, False
        return None, "", False

    def _add_institution(self, mention: _Institution, known: dict[tuple[EntityKey, str], EntityKey]) -> None:
        key = known.get((mention.state, mention.kind))
        if key is None:
            if not mention.strong:
                return
            cluster = self._cluster(EntityType.ORGANIZATION, mention.name, None)
            if self.clusters[mention.state].type is EntityType.COUNTRY:
                cluster.countries.add(mention.state)
            key = known[(mention.state, mention.kind)] = cluster.key
        cluster, span = self.clusters[key], mention.span
        cluster.first = min(cluster.first, span.start_char)
        cluster.named += 1
        cluster.surfaces[_clean_surface(mention.text) or mention.text] += 1
        self.demonyms.difference_update(t.i for t in span)
        self.spans.append((span, key))

    def _bare_institution(self, tok: Token, known: dict[tuple[EntityKey, str], EntityKey]) -> None:
        """ "The navy's commander": the one navy the article has named."""
        kind = _INSTITUTIONS.get(tok.lower_)
        if kind is None or tok.dep_ in ("compound", "amod") or [t.lower_ for t in tok.lefts] != ["the"]:
            return
        keys = {k for (_, kd), k in known.items() if kd == kind}
        if len(keys) != 1:
            return
        key = keys.pop()
        if self.clusters[key].first < tok.idx and not any(
            tok.i in range(s.start, s.end) for s, k in self.spans if k == key
        ):
            self.extra_keys[tok.i] = key
            self.clusters[key].surfaces[tok.doc[tok.i - 1 : tok.i + 1].text] += 0

    # -- people and states ----------------------------------------------------------

    def tie_people_to_states(self) -> None:
        """Record the titles and states in front of each person's name: "North Korean leader
        Kim Jong-un", "Russian President Vladimir Putin", "Kremlin spokesman Dmitry Peskov"."""
        keys_at = self._keys_by_token()
        for span, key in self.spans:
            cluster = self.clusters[key]
            if cluster.type is not EntityType.PERSON:
                continue
            for tok in _modifiers_before(span):
                lower = tok.lower_
                if lower in lexicon.TITLES:
                    cluster.titles.add(lower)
                other = keys_at.get(tok.i)
                if other and self.clusters[other].type is EntityType.COUNTRY:
                    cluster.countries.add(other)

    def _keys_by_token(self) -> dict[int, EntityKey]:
        return {i: key for span, key in self.spans for i in range(span.start, span.end)}

    def resolve_descriptions(self) -> None:
        """Point "the Russian president", "he" and "the two countries" back to entities."""
        keys_at = self._keys_by_token()
        for i in _description_candidates(self.doc):
            tok = self.doc[i]
            if tok.i in keys_at:
                continue
            if tok.lower_ in lexicon.TITLES and tok.pos_ == "NOUN":
                person = self._named_beside(tok, keys_at) or self._described_person(tok, keys_at)
                if person:
                    self.extra_keys[tok.i] = keys_at[tok.i] = person  # "he" may follow
                    phrase = _description_text(tok)
                    if phrase:
                        self.clusters[person].surfaces[phrase] += 0
            elif tok.lower_ in lexicon.PERSON_PRONOUNS and tok.pos_ == "PRON":
                person = self._antecedent(tok, keys_at)
                if person:
                    self.extra_keys[tok.i] = keys_at[tok.i] = person
            if tok.lemma_.lower() in lexicon.GROUP_NOUNS and tok.tag_ == "NNS":
                group = self._group(tok)
                if group:
                    self.group_keys[tok.i] = group

    def _named_beside(self, title: Token, keys_at: dict[int, EntityKey]) -> EntityKey | None:
        """ "Japan's prime minister, Shinzo Abe" or "Shinzo Abe, Japan's prime minister":
        the person named next to the title, the following name first ("Hillary Clinton,
        the British prime minister, David Cameron" is Cameron)."""
        doc, left = title.doc, title.left_edge.i
        nearby = []
        if title.i + 2 < len(doc) and doc[title.i + 1].text == ",":
            nearby.append(doc[title.i + 2])
        if title.dep_ == "appos" and left >= 2 and doc[left - 1].text == ",":
            nearby.append(doc[left - 2])
        for tok in nearby:
            key = keys_at.get(tok.i)
            if key and self.clusters[key].type is EntityType.PERSON:
                return key
        return None

    def _described_person(self, title: Token, keys_at: dict[int, EntityKey]) -> EntityKey | None:
        """ "the Russian president" -> the person tied to Russia with a title; the title
        must be the head of a definite noun phrase, not part of a name."""
        determiners = {c.lower_ for c in title.children if c.dep_ in ("det", "poss")}
        definite = "the" in determiners or (title.lower_ == "counterpart" and determiners & _POSSESSIVES)
        if not definite or title.ent_type_ == "PERSON":
            return None
        states = {
            keys_at[c.i]
            for c in title.subtree
            if c.i < title.i and c.i in keys_at and self.clusters[keys_at[c.i]].type is EntityType.COUNTRY
        }
        people = [
            c
            for c in self.clusters.values()
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
            return self._most_recent(people, title)
        return None

    def _most_recent(self, clusters: list[_Cluster], before: Token) -> EntityKey | None:
        wanted = {c.key for c in clusters}
        best: tuple[int, EntityKey] | None = None
        for span, key in self.spans:
            if key in wanted and span.end <= before.i and (best is None or span.start > best[0]):
                best = (span.start, key)
        return best[1] if best else None

    def _antecedent(self, pronoun: Token, keys_at: dict[int, EntityKey]) -> EntityKey | None:
        """The person a pronoun refers to: the most recent person named, preferring the
        subject of the current or previous sentence."""
        people = [c for c in self.clusters.values() if c.type is EntityType.PERSON]
        if not people:
            return None
        for sent in reversed(sentence_and_previous(pronoun.sent)):
            subjects = [
                (t, keys_at[t.i])
                for t in sent
                if t.i < pronoun.i
                and t.i in keys_at
                and t.dep_ in ("nsubj", "nsubjpass")
                and self.clusters[keys_at[t.i]].type is EntityType.PERSON
            ]
            main = [k for t, k in subjects if t.head == sent.root]  # not a reported clause's
            if main or subjects:
                return (main or [k for _, k in subjects])[-1]
        return self._most_recent(people, pronoun)

    def _group(self, noun: Token) -> tuple[EntityKey, ...]:
        """ "the two countries" / "both sides": the two states (or leaders) named most so far."""
        quantifiers = {c.lower_ for c in noun.children}
        if not quantifiers & lexicon.GROUP_QUANTIFIERS:
            return ()
        size = 2 if quantifiers & {"two", "both"} else 3 if "three" in quantifiers else 4
        want = EntityType.PERSON if noun.lemma_.lower() == "leader" else EntityType.COUNTRY
        counts: Counter[EntityKey] = Counter()
        first: dict[EntityKey, int] = {}
        for span, key in self.spans:
            if span.end <= noun.i and self.clusters[key].type is want:
                counts[key] += 1
                first.setdefault(key, span.start)
        ranked = sorted(counts, key=lambda k: (-counts[k], first[k]))
        return tuple(sorted(ranked[:size])) if len(ranked) >= size else ()

    # -- result ---------------------------------------------------------------------

    def _drop_unnamed(self) -> None:
        """Forget states known only by a demonym ("Swiss President Guy Parmelin"): a bare
        demonym is not an entity, so nothing may refer to one."""
        dropped = {key for key, c in self.clusters.items() if not c.named}
        if not dropped:
            return
        for key in dropped:
            del self.clusters[key]
        for cluster in self.clusters.values():
            cluster.countries -= dropped
        self.spans = [(span, key) for span, key in self.spans if key not in dropped]
        self.demonyms = {i for span, _ in self.spans for i in range(span.start, span.end)} & self.demonyms
        self.extra_keys = {i: k for i, k in self.extra_keys.items() if k not in dropped}
        self.group_keys = {i: keys for i, keys in self.group_keys.items() if not dropped.intersection(keys)}

    def result(self) -> Resolution:
        self._drop_unnamed()
        token_keys = self._keys_by_token()
        token_keys.update(self.extra_keys)
        return Resolution(
            article=self.article,
            clusters=self.clusters,
            token_keys=token_keys,
            group_keys=self.group_keys,
            demonyms=self.demonyms,
        )


#: A lower-case particle that opens a name: "al-Qaeda", "al-Shabab", "el-Sisi".
_PARTICLE = re.compile(r"(?:al|el|ad|an|ar|as|ash|at|az|ud|ul)-[A-Z]")
_SURFACE_PUNCT = " “”\"'‘’-—,.:;()[]"
_COMPASS = frozenset({"north", "south", "east", "west"})
#: Words a span may wrongly end with: "the National Penitentiary in", "North and".
_TRAILING_WORDS = re.compile(r"(?:\s+(?:and|or|in|on|of|at|for|to|the))+$", re.IGNORECASE)


#: The bodies a state acts through, by the words that name them, and the kind that says
#: when two names are one body ("Ukraine's military" is "the Ukrainian military").
_INSTITUTIONS = {
    "military": "military",
    "armed forces": "military",
    "forces": "forces",
    "army": "army",
    "navy": "navy",
    "air force": "air force",
    "coast guard": "coast guard",
    "border guard": "border guard",
    "national guard": "national guard",
    "defence ministry": "defence ministry",
    "defense ministry": "defence ministry",
    "foreign ministry": "foreign ministry",
    "interior ministry": "interior ministry",
    "police": "police",
    "security service": "security service",
    "intelligence service": "intelligence service",
    "parliament": "parliament",
    "authorities": "authorities",
}


def _description_candidates(doc: Doc) -> list[int]:
    """Where a title, a pronoun or a group noun ("the two countries") stands, in order."""
    words = indexes_with(doc, "LOWER", lexicon.TITLES | lexicon.PERSON_PRONOUNS)
    groups = indexes_with(doc, "LEMMA", _GROUP_LEMMAS)
    return sorted({*words, *groups})


_GROUP_LEMMAS = frozenset(v for w in lexicon.GROUP_NOUNS for v in (w, w.capitalize()))
#: The last word of each institution's name: only tokens with one of these can end a name.
_INSTITUTION_HEADS = frozenset(name.split()[-1] for name in _INSTITUTIONS)


def _adjective(cluster: _Cluster, gaz: Gazetteer) -> str:
    """ "Ukrainian" for Ukraine; a state's name where the gazetteer knows no demonym."""
    entry = cluster.gazetteer or gaz.lookup(cluster.name)
    return entry.demonyms[0] if entry is not None and entry.demonyms else cluster.name


@functools.lru_cache(maxsize=1 << 16)  # asked for the same names many times per article
def _clean_surface(text: str) -> str:
    text = " ".join(text.split()).strip(_SURFACE_PUNCT)
    if text.lower().startswith("the "):
        text = text[4:]
    text = _POSSESSIVE.sub("", text.strip(_SURFACE_PUNCT))
    text = _TRAILING_WORDS.sub("", text)
    return text if text[:1].isupper() or text[:1].isdigit() or _PARTICLE.match(text) else ""


def _canonical_surface(surface: str, label: str) -> str:
    """Drop a leading title from a person's name ("President Putin" -> "Putin")."""
    if label != "PERSON":
        return surface
    words = surface.split()
    while len(words) > 1 and words[0].lower().strip(".") in lexicon.NAME_PREFIX_TITLES:
        words = words[1:]
    return " ".join(words)


#: Words that mark an organisation's name: "at the Foreign Ministry" is not a place.
_ORG_WORDS = frozenset(
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
    }
)


def _context_label(span: Span) -> str | None:
    """What the parse around a PERSON or ORG span says it names, or None: "around Konna",
    "Odesa, Chornomorsk and Pivdennyi", "Shusha, the hilltop city" and "Khasan station"
    are places; "Zohrab Mnatsakanyan and Jeyhun Bayramov" and "Andriy Parubiy, secretary of
    ..." are people; "fighters from Ansar Dine, al-Qaeda ..." an organisation."""
    words = {t.lower_ for t in span}
    if span.label_ == "ORG" and words & _ORG_WORDS:
        return None
    if span.label_ == "PERSON" and len(span) > 1:
        return "ORG" if _linked_org(span) else None  # a full name is no place
    root, linked = span.root, _linked(span)
    linked_types = {
        t.ent_type_
        for t in linked
        if t.ent_type_
        and not (span.start <= t.i < span.end)
        and (t.ent_type_ != "ORG" or _org_named(t))  # a mislabelled person is no evidence
    }
    linked_nouns = {t.lemma_.lower() for t in linked if not t.ent_type_ and t.pos_ == "NOUN"}
    if linked_types & {"GPE", "LOC", "FAC"} or linked_nouns & lexicon.PLACE_NOUNS:
        return "GPE"
    if root.dep_ == "compound" and root.head.lemma_.lower() in lexicon.PLACE_NOUNS:
        return "GPE"
    if root.dep_ == "pobj" and _locative(root.head) and root.head.head.ent_type_ != "ORG":
        return "GPE"  # not "al-Qaeda in the Islamic Maghreb"
    if span.label_ == "ORG" and ("PERSON" in linked_types or linked_nouns & lexicon.TITLES):
        return "PERSON"
    return None


def _linked_org(span: Span) -> bool:
    """ "fighters from Ansar Dine, al-Qaeda ...": a name in a list with an organisation."""
    return any(t.ent_type_ == "ORG" and _org_named(t) for t in _linked(span))


def _linked(span: Span) -> list[Token]:
    """The tokens a span is listed or in apposition with."""
    root = span.root
    linked = [t for t in root.children if t.dep_ in ("conj", "appos")]
    if root.dep_ in ("conj", "appos"):
        linked.append(root.head)
    return linked


#: Portfolios named in office titles: "Secretary of State", "Treasury Secretary".
_PORTFOLIOS = frozenset(
    {
        "state",
        "treasury",
        "defence",
        "defense",
        "interior",
        "foreign",
        "finance",
        "justice",
        "commerce",
        "energy",
        "trade",
        "health",
        "education",
        "agriculture",
        "labour",
        "labor",
        "transport",
        "home",
        "war",
        "navy",
        "army",
    }
)
_RANKS = lexicon.NAME_PREFIX_TITLES | {"rear", "brigadier", "commodore", "air", "chief", "staff"}


def _part_of_title(span: Span) -> bool:
    """A span that is an office, not a name: "Rear Admiral", "State" of "Secretary of
    State", "Treasury" of "Treasury Secretary"."""
    words = [t.lower_ for t in span if t.is_alpha]
    if words and all(w in _RANKS for w in words):
        return True
    if len(words) != 1 or words[0] not in _PORTFOLIOS:
        return False
    before = span.doc[span.start - 2 : span.start]
    after = span.doc[span.end] if span.end < len(span.doc) else None
    return (after is not None and after.lower_ in lexicon.TITLES) or (
        len(before) == 2 and before[0].lower_ in lexicon.TITLES and before[1].lower_ == "of"
    )


def _org_named(token: Token) -> bool:
    """Whether the ORG entity around ``token`` cannot be a person's name: it has an
    organisation's word, is an acronym, or is not in title case ("al-Qaeda")."""
    ent = next((e for e in doc_ents(token.doc) if e.start <= token.i < e.end), None)
    if ent is None:
        return False
    words = [t for t in ent if t.is_alpha]
    return bool({t.lower_ for t in words} & _ORG_WORDS) or any(not t.is_title for t in words)


def _locative(prep: Token) -> bool:
    """ "in", "near", "at"; "of" after a place noun ("the city of Kaesong"); "from" or "to"
    after a verb of motion ("took off from Saint-Dizier")."""
    word, head = prep.lower_, prep.head
    if word in _LOCATIVE_PREPS - {"over", "via", "through"}:
        return True
    if word == "of":
        return head.lemma_.lower() in lexicon.PLACE_NOUNS
    if word in _DIRECTIONAL_PREPS:
        return head.lemma_.lower() in _MOTION or any(c.dep_ == "prt" for c in head.children)
    return False


def _with_place_noun(span: Span) -> str:
    """ "the Lachin corridor", "Khasan station", "the Izvaryne border post": a place named
    by a name and the common noun after it, or "" when no such noun follows."""
    head = span.root.head
    if span.root.dep_ != "compound" or head.i < span.end or not head.is_lower:
        return ""
    if head.lemma_.lower() not in lexicon.PLACE_NOUNS - _PLACE_GENERICS:
        return ""
    between = span.doc[span.end : head.i]
    if any(t.dep_ != "compound" or not t.is_lower for t in between):
        return ""
    return _clean_surface(span.doc[span.start : head.i + 1].text)


def _entity_spans(doc: Doc, gaz: Gazetteer) -> list[Span]:
    """The tagger's entity spans, repaired: venue names put in, a parenthesis cut off,
    "Black Sea Fleet" and "al-Qaeda in the Islamic Maghreb" joined, "Lieutenant General
    Rustam Muradov" made a person, "the P5+1" added; in text order."""
    spans = _with_venues(doc, _venues(doc, gaz))
    spans = [_ranked_person(_with_org_word(_before_parenthesis(s))) for s in spans]
    return _with_codes(doc, _joined_orgs(spans))


#: Head words of a building's or site's name: "Prague Castle", "the Spanish Hall".
_VENUE_WORDS = frozenset(
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


def _venues(doc: Doc, gaz: Gazetteer) -> list[Span]:
    """The capitalised names of buildings and sites ("Prague Castle", "the Spanish Hall",
    "St George's Hall", "the Palace of Independence", "Villa La Grange"), which the tagger
    often splits, mislabels or misses. Seats of power the gazetteer knows ("the White
    House") are left to the metonymy rules."""
    found: list[Span] = []
    for tok in tokens_with(doc, "LOWER", _VENUE_WORDS):
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


def _with_venues(doc: Doc, venues: list[Span]) -> list[Span]:
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


def _with_org_word(span: Span) -> Span:
    """ "Black Sea" + "Fleet", "Kenya" + "Airways": a place name that the capitalised words
    after it turn into an organisation's name."""
    from spacy.tokens import Span as SpacySpan

    if span.label_ not in ("GPE", "LOC", "NORP"):
        return span
    doc, end = span.doc, span.end
    while end < span.sent.end and doc[end].is_title and doc[end].pos_ == "PROPN" and not doc[end].ent_type_:
        end += 1
    if end == span.end or doc[end - 1].lower_ not in _ORG_WORDS:
        return span
    if end < len(doc) and doc[end].ent_type_ and doc[end].is_title:
        return span  # "US Forces Korea": a longer name this rule would cut
    return SpacySpan(doc, span.start, end, label="ORG")


def _ranked_person(span: Span) -> Span:
    """ "Lieutenant General Rustam Muradov" tagged as an organisation: a rank and a name."""
    from spacy.tokens import Span as SpacySpan

    words = [t for t in span if t.is_alpha]
    ranks = 0
    while ranks < len(words) and words[ranks].lower_ in _RANKS:
        ranks += 1
    if span.label_ != "ORG" or not ranks or len(words) - ranks < 2:
        return span
    if not all(t.is_title for t in words) or {t.lower_ for t in words} & _ORG_WORDS:
        return span
    return SpacySpan(span.doc, span.start, span.end, label="PERSON")


def _before_parenthesis(span: Span) -> Span:
    """ "the Islamic Maghreb (AQIM": a tagged span cut where a parenthesis opens."""
    from spacy.tokens import Span as SpacySpan

    cut = next((t.i for t in span if t.text == "(" and t.i > span.start), None)
    return span if cut is None else SpacySpan(span.doc, span.start, cut, label=span.label_)


#: Words that introduce an organisation's short name: "known by its French initials MUJAO".
_ACRONYM_CUES = frozenset({"initials", "acronym", "abbreviation", "as"})


def _acronyms(spans: list[Span]) -> dict[str, Span]:
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


def _with_acronyms(spans: list[Span], acronyms: dict[str, Span]) -> list[Span]:
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


def _without_descriptor(span: Span) -> Span:
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


def _joined_orgs(spans: list[Span]) -> list[Span]:
    """Join an organisation's name that the tagger cut at "in", "for" or "of": "al-Qaeda"
    + "in the" + "Islamic Maghreb" (tagged as an organisation itself), or "the Movement for
    Oneness and Jihad" + "in" + "West Africa" (a name that is already a phrase)."""
    from spacy.tokens import Span as SpacySpan

    joined: list[Span] = []
    for span in spans:
        prev = joined[-1] if joined else None
        if prev is not None and _continues_org(prev, span):
            joined[-1] = SpacySpan(span.doc, prev.start, span.end, label="ORG")
        else:
            joined.append(span)
    return joined


def _continues_org(org: Span, tail: Span) -> bool:
    if org.label_ != "ORG" or tail.label_ not in ("ORG", "GPE", "LOC") or tail.start - org.end > 4:
        return False
    link, *rest = [*org.doc[org.end : tail.start]] or [None]
    if link is None or link.lower_ not in _NAME_LINKS:
        return False
    named = [t for t in [*rest, *tail] if t.is_alpha and t.lower_ != "the"]
    if not all(t.is_title or t.is_upper for t in named):
        return False  # "West Africa", "the Islamic Maghreb": a capitalised name
    if tail.label_ == "ORG":
        return True
    return any(t.lower_ in _NAME_LINKS for t in org)


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


def _split_located(span: Span) -> tuple[Span, ...]:
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


def _is_dateline(span: Span) -> bool:
    """An upper-case place name opening a paragraph and followed by a comma."""
    before = span.doc[span.start - 1] if span.start else None  # doc.text would copy the text
    at_line_start = before is None or "\n" in before.whitespace_ or "\n" in before.text
    next_tok = span.doc[span.end] if span.end < len(span.doc) else None
    return at_line_start and text_of(span).isupper() and next_tok is not None and next_tok.text in (",", "—", "-")


def _looks_like_person(span: Span) -> bool:
    """Reject PERSON spans that are headline fragments ("Kim Reaffirms") or lower-case."""
    return all(t.is_title or t.is_upper or not t.is_alpha or _hyphen_part(t) for t in span) and not any(
        t.tag_ in ("VBZ", "VBD") for t in span
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


_LOCATIVE_PREPS = frozenset(
    {
        "in",
        "at",
        "near",
        "outside",
        "around",
        "inside",
        "across",
        "within",
        "via",
        "through",
        "into",
        "throughout",
        "off",
        "beyond",
        "over",
    }
)
_DIRECTIONAL_PREPS = frozenset({"to", "from", "toward", "towards"})
_MOTION = frozenset(
    {
        "go",
        "travel",
        "fly",
        "arrive",
        "return",
        "come",
        "move",
        "deploy",
        "send",
        "head",
        "trip",
        "visit",
        "journey",
        "flight",
        "road",
        "train",
        "way",
        "drive",
        "leave",
        "flee",
        "withdraw",
        "relocate",
        "march",
        "advance",
        "retreat",
        "evacuate",
        "transfer",
        "bring",
        "invite",
        "welcome",
        "escort",
        "take",
    }
)
#: People and bodies a seat of power can qualify as their employer: "Kremlin aide".
_ACTOR_NOUNS = lexicon.TITLES | frozenset(
    {
        "aide",
        "adviser",
        "advisor",
        "official",
        "source",
        "administration",
        "government",
        "leadership",
        "regime",
        "staff",
    }
)
_SPEECH_VERBS = frozenset(
    {
        "urge",
        "accuse",
        "warn",
        "tell",
        "blame",
        "criticise",
        "criticize",
        "condemn",
        "thank",
        "praise",
        "support",
        "back",
        "help",
        "assist",
        "pressure",
        "press",
        "persuade",
        "convince",
        "ask",
        "call",
    }
)


#: Nouns that make a seat of power the office that works in it: "the Blue House, Moon's office".
_OFFICE_NOUNS = frozenset({"office", "administration", "secretariat", "presidency", "chancellery"})


def _called_office(span: Span) -> bool:
    """A seat of power that the text calls someone's office: then it is an organisation
    of its own, not the state."""
    root = span.root
    linked = [t for t in root.children if t.dep_ == "appos"]
    if root.dep_ == "appos":
        linked.append(root.head)
    return any(t.lemma_.lower() in _OFFICE_NOUNS for t in linked)


def _acts(span: Span) -> bool:
    """True when a capital or seat of power is used as an agent ("Moscow announced",
    "Washington and Seoul agreed", "Moscow's appreciation", "talks with Moscow"), not as a
    location ("a monument in Moscow", "flew to Moscow")."""
    node = span.root
    while node.dep_ == "conj":
        node = node.head
    dep, head = node.dep_, node.head
    if dep in ("nsubj", "nsubjpass", "poss", "agent"):
        return True
    if dep == "pobj":
        prep = head.lower_
        if prep in _LOCATIVE_PREPS:
            return False
        if prep == "of" and head.head.lemma_.lower() in lexicon.PLACE_NOUNS | _VENUE_WORDS:
            return False  # "St George's Hall of the Kremlin": the building
        if prep == "from" and head.head.pos_ in ("VERB", "AUX"):
            return False  # "speaking from the White House"; "a letter from Moscow" acts
        if prep in _DIRECTIONAL_PREPS:
            return head.head.lemma_.lower() not in _MOTION
        return True
    if dep == "dobj":
        return head.lemma_.lower() in _SPEECH_VERBS
    if dep in ("compound", "amod", "nmod"):  # "Kremlin spokesman", "the Kremlin leader"
        return head.lemma_.lower() in _ACTOR_NOUNS or head.ent_type_ == "PERSON"
    return False


def _name_tokens(cluster: _Cluster) -> tuple[str, ...]:
    words = normalise_name(cluster.name).split()
    if cluster.type is EntityType.PLACE:
        words = [w for w in words if w not in _PLACE_GENERICS]
    return tuple(words)


def _main_bearer(people: list[_Cluster], short: tuple[str, ...], first: int) -> _Cluster | None:
    """Whom a bare name shared by several people means: the one whose surname it is
    ("Moussa" is Amr Moussa, not Moussa Koussa), else the one the story introduced first,
    the protagonist ("Kim" after Kim Jong-un, not Kim Yo-jong, in a story about the
    summit); None when that person is named only after the bare name."""
    as_surname = [p for p in people if _name_tokens(p)[-len(short) :] == short]
    pool = sorted(as_surname or people, key=lambda p: p.first)
    if len(as_surname) > 1 or pool[0].first > first:
        return None
    return pool[0]


def _contains_name(longer: tuple[str, ...], short: tuple[str, ...]) -> bool:
    """ "putin" in "vladimir putin"; "kim" in "kim jong un"; "kursk" in "kursk"."""
    if not short or len(short) > len(longer):
        return False
    n = len(short)
    return any(longer[i : i + n] == short for i in range(len(longer) - n + 1))


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


def _best_holders(people: list[_Cluster], title: str) -> list[_Cluster]:
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
