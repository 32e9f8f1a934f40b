"""Mentions -> entities within one article: typing, metonymy, aliases and reference.

One node per real-world entity per article: "Putin" joins "Vladimir Putin", "Kim" joins
"Kim Jong-un"; "Moscow announced" is Russia while "a monument in Moscow" is the city; "the
Russian president" and "he" point back to the person they describe. The result is a
:class:`Resolution`, which the event stage asks "whom does this token refer to?".

:func:`resolve` lists the steps in order; each lives in its own module and works on the
shared :class:`~kg.nlp.reference.state.State`:

    spans.py, venues.py   the tagger's entity spans, repaired
    classify.py           typing each mention (gazetteer, context), with metonymy.py
    names.py              short names joined to longer ones
    institutions.py       "the Malian army": a state's bodies
    anaphora.py           titles, descriptions, pronouns, group nouns
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kg.gazetteer import Gazetteer
from kg.model import Article, Entity, EntityKey, EntityType, Mention, entity_key
from kg.nlp import lexicon
from kg.nlp.reference.anaphora import resolve_descriptions, tie_people_to_states
from kg.nlp.reference.classify import add_span, relabel, states_named
from kg.nlp.reference.institutions import add_institutions
from kg.nlp.reference.names import join_short_names
from kg.nlp.reference.spans import entity_spans, find_acronyms, with_acronyms
from kg.nlp.reference.state import Cluster, State
from kg.nlp.reference.venues import split_located
from kg.nlp.scan import doc_ents, text_of

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token


@dataclass
class Resolution:
    """What each token of one article refers to, and the entities found."""

    article: Article
    clusters: dict[EntityKey, Cluster]
    token_keys: dict[int, EntityKey]  # token index -> entity key
    group_keys: dict[int, tuple[EntityKey, ...]]  # head of "the two countries" -> entity keys
    demonyms: set[int]  # token indexes of demonym mentions ("North Korean troops")
    #: states the article names only by a demonym: no entities, unless a signing's party
    implied: dict[EntityKey, Cluster] = field(default_factory=dict)

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

    def implied_state(self, key: EntityKey) -> EntityKey | None:
        """The state a person's title names only by its demonym ("Russian President Vladimir
        Putin"): no entity of the article, but the party a signatory signs for."""
        implied = self.clusters[key].implied
        return min(implied) if len(implied) == 1 and not self.clusters[key].countries else None

    def entities(self, implied: Iterable[EntityKey] = ()) -> tuple[Entity, ...]:
        """The article's entities, and the ``implied`` states an event names (with no alias:
        a bare demonym is none)."""
        source = frozenset({self.article.id})
        clusters = [*self.clusters.values(), *(self.implied[k] for k in set(implied) if k in self.implied)]
        return tuple(
            Entity(
                key=c.key,
                type=c.type,
                name=c.name,
                aliases=frozenset(s for s in c.surfaces if s != c.name) if c.key in self.clusters else frozenset(),
                sources=source,
            )
            for c in sorted(clusters, key=lambda c: c.key)
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
    state = State(doc, article, gaz, states_named=states_named(doc, gaz), relabelled=relabel(doc, gaz))
    spans = entity_spans(doc, gaz)
    state.acronyms = find_acronyms(spans)
    for ent in with_acronyms(spans, state.acronyms):
        for span in split_located(ent):
            add_span(state, span)
    join_short_names(state)
    add_institutions(state)
    tie_people_to_states(state)
    resolve_descriptions(state)
    return _result(state)


def _drop_unnamed(state: State) -> None:
    """Forget states known only by a demonym ("Swiss President Guy Parmelin"): a bare
    demonym is not an entity, so nothing may refer to one."""
    dropped = {key for key, c in state.clusters.items() if not c.named}
    if not dropped:
        return
    state.implied = {key: state.clusters.pop(key) for key in dropped}
    for cluster in state.clusters.values():
        cluster.implied = cluster.countries & dropped
        cluster.countries -= dropped
    state.spans = [(span, key) for span, key in state.spans if key not in dropped]
    state.demonyms = {i for span, _ in state.spans for i in range(span.start, span.end)} & state.demonyms
    state.extra_keys = {i: k for i, k in state.extra_keys.items() if k not in dropped}
    state.group_keys = {i: keys for i, keys in state.group_keys.items() if not dropped.intersection(keys)}


def _result(state: State) -> Resolution:
    """What the steps found, for the event stage to ask."""
    _drop_unnamed(state)
    token_keys = state.keys_by_token()
    token_keys.update(state.extra_keys)
    return Resolution(
        article=state.article,
        clusters=state.clusters,
        token_keys=token_keys,
        group_keys=state.group_keys,
        demonyms=state.demonyms,
        implied=state.implied,
    )
