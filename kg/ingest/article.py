"""From the text of one input to an Article: format, metadata layers, cleaning, identity.

Metadata comes in layers; a later layer only fills what the earlier ones leave open:

1. what the input states outright: a JSON line's fields, front matter, HTML metadata;
2. what the text's header lines state ("Published: ...", "Source: ...", a byline, a date line);
3. the defaults: a sidecar file, then ``--published`` / ``--source`` (BuildOptions);
4. last, guesses: the title from a headline-like line, the outlet from an ``Author:``
   line (scrapes often put the outlet there).
"""

from __future__ import annotations

import hashlib
import unicodedata
from urllib.parse import urlsplit, urlunsplit

from kg.errors import InputError
from kg.ingest.frontmatter import Metadata, split_front_matter
from kg.ingest.html import extract_html, looks_like_html
from kg.ingest.scraped import clean
from kg.model import Article
from kg.options import BuildOptions

FORMATS = ("auto", "txt", "md", "html")
_DEFAULT_PORTS = {"http": 80, "https": 443}


def canonical_url(url: str) -> str:
    """``url`` with scheme and host lower-cased, default port, fragment and ``utm_*``
    parameters dropped, and no trailing slash on the path."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if parts.port and parts.port != _DEFAULT_PORTS.get(scheme):
        host = f"{host}:{parts.port}"
    # filtered as raw "key=value" pieces so the kept ones keep their exact encoding
    query = "&".join(p for p in parts.query.split("&") if p and not p.lower().startswith("utm_"))
    return urlunsplit((scheme, host, parts.path.rstrip("/") or "/", query, ""))


def article_id(url: str | None, text: str) -> str:
    """16 hex characters identifying an article: from its canonical URL if it has one,
    else from its text with Unicode and whitespace normalised."""
    key = canonical_url(url) if url else " ".join(unicodedata.normalize("NFC", text).split())
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def option_defaults(options: BuildOptions) -> Metadata:
    """The metadata ``--published`` and ``--source`` supply to inputs that lack it."""
    return Metadata(source=options.source, published=options.published)


def build_article(
    body: str,
    origin: str,
    stated: Metadata,
    defaults: Metadata,
    *,
    markdown: bool = False,
    captions: tuple[str, ...] = (),
) -> Article:
    """Clean ``body`` and combine the metadata layers into an Article; ``captions`` are
    the caption texts of an HTML page."""
    cleaned = clean(body, stated.title or defaults.title, markdown=markdown, captions=captions)
    if not cleaned.has_article():
        raise InputError(origin, "no article text found")
    meta = stated.fill(cleaned.meta).fill(defaults).fill(cleaned.guessed)
    return Article(
        id=article_id(meta.url, cleaned.text),
        text=cleaned.text,
        origin=origin,
        title=meta.title,
        source=meta.source,
        published=meta.published,
        url=meta.url,
        author=meta.author,
        asides=cleaned.asides,
    )


def parse(
    text: str,
    origin: str,
    fmt: str = "auto",
    *,
    stated: Metadata = Metadata(),
    defaults: Metadata = Metadata(),
    page_url: str | None = None,
    limits: BuildOptions = BuildOptions(),
) -> Article:
    """An Article from decoded ``text`` in format ``fmt`` (auto, txt, md or html).
    ``stated`` overrides what the text itself says; ``page_url`` is where it was fetched;
    ``limits`` gives the most characters and nesting levels read (``max_chars``,
    ``max_nesting``)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise InputError(origin, "no text (empty or whitespace only)")
    if fmt == "html" or (fmt == "auto" and looks_like_html(text)):
        page = extract_html(text, origin, page_url, max_chars=limits.max_chars)
        article = build_article(page.text, origin, stated.fill(page.meta), defaults, captions=page.captions)
    else:
        own, body = split_front_matter(text, origin, limits.max_nesting)
        own = own.fill(Metadata(url=page_url))
        article = build_article(body, origin, stated.fill(own), defaults, markdown=fmt == "md")
    if len(article.text) > limits.max_chars:
        size = len(article.text)
        raise InputError(
            origin, f"the text is {size:,} characters, over the limit of {limits.max_chars:,} (--max-chars)"
        )
    return article


def read_text(text: str, origin: str, options: BuildOptions, fmt: str = "auto") -> Article:
    """An Article from text already in memory: ``fmt`` is "txt" or "md" (optional YAML
    front matter), "html", or "auto" (HTML if it starts like an HTML document).
    Raises InputError naming ``origin`` when the text holds no article."""
    return parse(text, origin, fmt, defaults=option_defaults(options), limits=options)
