"""An event while it is being read: its type, trigger and the entities found for each role."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kg.model import EntityKey
from kg.registry import EventType, Role, Trigger

if TYPE_CHECKING:
    from spacy.tokens import Token


@dataclass
class Draft:
    """An event being assembled from one trigger word."""

    type: EventType
    trigger: Token
    spec: Trigger  # the registry's entry for the trigger word
    words: str  # the trigger's words as the registry has them: "shoot down", "air strike"
    roles: dict[Role, list[EntityKey]] = field(default_factory=dict)
    treaty: str | None = None  # a signing's agreement, by name
    quote: str | None = None  # a statement's words
    part_of: Token | None = None  # the trigger of the event these talks led to
    gapped: Token | None = None  # the verb a gapped conjunct ("and to Putin in Moscow") leaves out

    def add(self, role: Role, keys: Iterable[EntityKey]) -> None:
        values = self.roles.setdefault(role, [])
        values.extend(k for k in keys if k not in values)

    def get(self, role: Role) -> list[EntityKey]:
        return self.roles.get(role, [])

    @property
    def lemma(self) -> str:
        """The lemma written as the event's trigger (the verb of a gapped conjunct)."""
        return str((self.gapped or self.trigger).lemma_).lower()
