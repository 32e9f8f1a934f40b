"""Regenerate kg/data/context.jsonld, kg's JSON-LD context, from the event-type registry.

    python scripts/gen_context.py           # rewrite kg/data/context.jsonld
    python scripts/gen_context.py --check   # exit 1 if it is out of date

tests/test_jsonld.py checks that the committed file is what this writes.
"""

from __future__ import annotations

import sys
from pathlib import Path

from kg.rdf.jsonld import context_document

CONTEXT = Path(__file__).resolve().parent.parent / "kg" / "data" / "context.jsonld"


def main(argv: list[str]) -> int:
    text = context_document()
    if "--check" in argv:
        if not CONTEXT.exists() or CONTEXT.read_text(encoding="utf-8") != text:
            print(f"{CONTEXT} is out of date: run python scripts/gen_context.py", file=sys.stderr)
            return 1
        return 0
    CONTEXT.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
