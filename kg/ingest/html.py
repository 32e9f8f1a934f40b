"""HTML pages: the article's main text and metadata, via trafilatura (and htmldate).

trafilatura finds the main text and leaves out navigation, ads, related links and
comment sections; its metadata reader takes title, site name, canonical URL and author
from JSON-LD, OpenGraph and ``<meta>`` tags, and the publication date from htmldate
(markup only: a date guessed from running text is worse than none, since relative dates
in the article are resolved against it).
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from kg.errors import InputError
from kg.ingest.frontmatter import Metadata, clean_text, http_url, parse_date

_DECLARED_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.I)
_CHARSET_WINDOW = 4096  # the HTML spec wants the declaration in the first 1024 bytes
_LOOKS_LIKE_HTML = re.compile(
    r"^\s*(?:<\?xml[^>]*\?>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.I | re.S
)
_WWW = re.compile(r"^(?:www|w[0-9]+)\.")
_DATE_PARAMS = {"original_date": True, "extensive_search": False}


def looks_like_html(text: str) -> bool:
    """True when ``text`` starts like an HTML document."""
    return bool(_LOOKS_LIKE_HTML.match(text))


def declared_charset(data: bytes) -> str | None:
    """The charset an HTML page declares in a ``<meta>`` tag near its top, if any."""
    match = _DECLARED_CHARSET.search(data[:_CHARSET_WINDOW])
    return match[1].decode("ascii") if match else None


def extract_html(html: str, origin: str, url: str | None = None) -> tuple[str, Metadata]:
    """The main text of an HTML page (one paragraph a line) and its metadata; ``url`` is
    where the page was fetched from, used when it names no canonical URL."""
    import trafilatura  # slow to import; only HTML inputs need it

    document = trafilatura.bare_extraction(
        html,
        url=url,
        favor_precision=True,
        include_comments=False,
        include_tables=False,
        with_metadata=True,
        date_extraction_params=dict(_DATE_PARAMS),
    )
    if not isinstance(document, trafilatura.settings.Document) or not (document.text or "").strip():
        raise InputError(origin, "no article text found")
    page_url = http_url(document.url) if document.url else None
    text = document.text or ""
    return text, Metadata(
        title=clean_text(document.title) if document.title else None,
        source=_sitename(document.sitename, page_url),
        published=parse_date(document.date),
        url=page_url,
        author=clean_text(document.author) if document.author else None,
    )


def _sitename(sitename: str | None, url: str | None) -> str | None:
    """The site name the page declares; trafilatura falls back to the URL's host name
    (less a leading "www."), which names no outlet, so that is not taken as a source."""
    if not sitename:
        return None
    host = _WWW.sub("", urlsplit(url).netloc) if url else None
    return None if sitename == host else clean_text(sitename)
