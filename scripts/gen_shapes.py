"""Regenerate kg/shapes/events.ttl, the SHACL shapes of the event classes, from the registry.

    python scripts/gen_shapes.py           # rewrite kg/shapes/events.ttl
    python scripts/gen_shapes.py --check   # exit 1 if events.ttl is out of date

tests/test_shapes.py checks that the committed file is what this writes.
"""

from __future__ import annotations

import sys
from pathlib import Path

from kg.rdf.shapes import event_shapes
from kg.registry import event_types

EVENTS_TTL = Path(__file__).resolve().parent.parent / "kg" / "shapes" / "events.ttl"


def main(argv: list[str]) -> int:
    source = event_shapes(event_types())
    if "--check" in argv:
        if not EVENTS_TTL.exists() or EVENTS_TTL.read_text(encoding="utf-8") != source:
            print(f"{EVENTS_TTL} is out of date: run python scripts/gen_shapes.py", file=sys.stderr)
            return 1
        return 0
    EVENTS_TTL.write_text(source, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
