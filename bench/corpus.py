"""N distinct news articles made from the dev set, for benchmarks of big builds.

    python bench/corpus.py N OUT_DIR      # writes N .txt files with YAML front matter

Copy ``j`` of each dev article (dev/articles and dev/wikinews, which have gold files
naming their people and places) is that article with:

- its own id and title, published ``j % 40`` days later;
- its people's family names in one of seven variants (``j % 7``: "Trump", "Trumpson",
  "Trumpski", ...) and its places (towns, venues: the gold's Place entities) in one of five
  ("Vladivostok", "Vladivostok Bay", ...), so the same speakers and places recur across
  copies without every copy being the same story;
- its day-of-month numbers after a month name moved by ``j % 40`` days (within 1..28) and
  other numbers of three or more digits scaled by 1.0-1.4 ("1,200 troops");
- countries and organisations unchanged: the popular keys ("Russia", "United States")
  that make real archives' merge blocks long.

Copies with the same shifts report the same events on the same days, so events overlap
across articles as re-reported news does, and the rest are distinct.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from kg.model import Article
from kg.options import BuildOptions

ROOT = Path(__file__).resolve().parent.parent
SOURCES = (ROOT / "dev" / "articles", ROOT / "dev" / "wikinews")
SHIFTS = 40
_FAMILY = ("", "son", "ski", "ez", "ova", "berg", "ini")
_PLACE = ("", " Bay", " Heights", "-on-Sea", " Springs")
_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_DAY = re.compile(rf"\b({_MONTHS}|Jan\.|Feb\.|Aug\.|Sept\.|Oct\.|Nov\.|Dec\.) (\d{{1,2}})\b")
_BIG_NUMBER = re.compile(r"\b\d{1,3}(?:,\d{3})+\b|\b(?!(?:19|20)\d\d\b)\d{3,}\b")


@dataclasses.dataclass(frozen=True)
class Source:
    """A dev article and the names its gold file gives: family names and places."""

    article: Article
    families: tuple[str, ...]
    places: tuple[str, ...]


def sources() -> list[Source]:
    from kg.pipeline import read

    found = []
    for folder in SOURCES:
        articles, failures = read([str(path) for path in sorted(folder.glob("*.txt"))], BuildOptions())
        if failures:
            raise SystemExit(f"cannot read the dev articles: {failures[0]}")
        for article in articles:
            gold = json.loads(Path(article.origin).with_suffix(".gold.json").read_text(encoding="utf-8"))
            people = [e for e in gold["entities"] if e["type"] == "Person"]
            places = [e["name"] for e in gold["entities"] if e["type"] == "Place"]
            families = {
                name.split()[-1] for e in people for name in (e["name"], *e.get("aliases", ())) if name[:1].isupper()
            }
            found.append(
                Source(
                    article,
                    tuple(sorted(families, key=len, reverse=True)),
                    tuple(sorted(places, key=len, reverse=True)),
                )
            )
    return found


def generate(n: int, pool: list[Source] | None = None) -> Iterator[Article]:
    """``n`` distinct articles: copy ``j // len(pool)`` of each dev article in turn, made as
    they are read (as a build reads an archive's files: 16,000 texts held at once would be
    the benchmark's memory, not the build's)."""
    pool = pool or sources()
    return (variant(pool[i % len(pool)], i // len(pool), i) for i in range(n))


def variant(source: Source, j: int, serial: int) -> Article:
    article = source.article
    text = article.text
    for family in source.families:
        text = re.sub(rf"\b{re.escape(family)}\b", family + _FAMILY[j % len(_FAMILY)], text)
    for place in source.places:
        text = re.sub(rf"\b{re.escape(place)}\b", place + _PLACE[j % len(_PLACE)], text)
    shift = j % SHIFTS
    text = _DAY.sub(lambda m: f"{m.group(1)} {(int(m.group(2)) - 1 + shift) % 28 + 1}", text)
    scale = 1 + (j % 5) / 10
    text = _BIG_NUMBER.sub(lambda m: f"{round(int(m.group().replace(',', '')) * scale):,}", text)
    published = article.published + dt.timedelta(days=shift) if article.published else None
    return dataclasses.replace(
        article,
        id=f"{serial:016x}",
        text=text,
        title=f"{article.title or 'News'} ({j})",
        published=published,
        origin=f"corpus:{serial}",
    )


def write(articles: Iterable[Article], folder: Path) -> None:
    """Each article as ``NNNNNNNN.txt`` with front matter, as users' archives are."""
    folder.mkdir(parents=True, exist_ok=True)
    for i, article in enumerate(articles):
        meta = {"title": article.title, "source": article.source, "published": article.published}
        front = "".join(f"{key}: {json.dumps(str(value))}\n" for key, value in meta.items() if value)
        (folder / f"{i:08d}.txt").write_text(f"---\n{front}---\n{article.text}", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int)
    parser.add_argument("out", type=Path)
    args = parser.parse_args()
    write(generate(args.n), args.out)
    print(f"{args.n} articles -> {args.out}")


if __name__ == "__main__":
    main()
