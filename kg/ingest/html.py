"""HTML pages: the article's main text and metadata, via trafilatura (and htmldate).

trafilatura finds the main text and leaves out navigation, ads, related links and
comment sections; its metadata reader takes title, site name, canonical URL and author
from JSON-LD, OpenGraph and ``<meta>`` tags, and the publication date from htmldate
(markup only: a date guessed from running text is worse than none, since relative dates
in the article are resolved against it).

trafilatura drops image captions with the images. A caption can name what the body
does not (the airport the troops landed at), so before extraction each captioned
figure is replaced by a paragraph holding its caption, without the credit
(``<figcaption>Tanks near Jarabulus. <span class="credit">REUTERS/…</span>``); the
caption texts go with the page, and the cleaning marks those lines as asides.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from kg.errors import InputError
from kg.ingest.frontmatter import Metadata, clean_text, http_url, parse_date
from kg.options import DEFAULT_MAX_CHARS

_DECLARED_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.I)
_CHARSET_WINDOW = 4096  # the HTML spec wants the declaration in the first 1024 bytes
_LOOKS_LIKE_HTML = re.compile(
    r"^\s*(?:<\?xml[^>]*\?>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.I | re.S
)
_WWW = re.compile(r"^(?:www|w[0-9]+)\.")
_DATE_PARAMS = {"original_date": True, "extensive_search": False}
# a caption's class ("wp-caption-text", "image-caption", "thumbcaption"), and the class
# of a credit or byline inside one
_CAPTION_CLASS = re.compile(r"caption", re.I)
_CREDIT_CLASS = re.compile(r"credit|copyright|byline|author|attribution|photographer|rights|source", re.I)
_NOT_A_PICTURE = ("blockquote", "pre", "table", "code")  # a quote's figure: its caption is the attribution
_LINK_BOX = re.compile(
    r"(?:^|[\s_-])(?:related|read-?next|more-?(?:on|from|stories|news)|recommended|most-?(?:read|popular|viewed)"
    r"|trending|popular)(?:$|[\s_-])",
    re.I,
)
_LINK_SHARE = 0.5  # a links box: at least this share of its text is link text


@dataclass(frozen=True)
class Page:
    """What an HTML page gives: its main text (one paragraph a line), its metadata, and
    the texts of its image captions (lines of ``text``, without their credits)."""

    text: str
    meta: Metadata
    captions: tuple[str, ...] = ()


def looks_like_html(text: str) -> bool:
    """True when ``text`` starts like an HTML document."""
    return bool(_LOOKS_LIKE_HTML.match(text))


def declared_charset(data: bytes) -> str | None:
    """The charset an HTML page declares in a ``<meta>`` tag near its top, if any."""
    match = _DECLARED_CHARSET.search(data[:_CHARSET_WINDOW])
    return match[1].decode("ascii") if match else None


def extract_html(html: str, origin: str, url: str | None = None, *, max_chars: int = DEFAULT_MAX_CHARS) -> Page:
    """The main text of an HTML page, its metadata and captions; ``url`` is where the
    page was fetched from, used when it names no canonical URL. A page whose text, with
    its character references expanded, is longer than ``max_chars`` is refused before
    trafilatura walks it."""
    import trafilatura  # slow to import; only HTML inputs need it

    tree = trafilatura.load_html(html)
    if tree is None:
        raise InputError(origin, "no article text found")
    size = sum(len(piece) for piece in tree.itertext())
    if size > max_chars:
        raise InputError(
            origin, f"the page's text is {size:,} characters, over the limit of {max_chars:,} (--max-chars)"
        )
    _drop_link_boxes(tree)
    captions = _lift_captions(tree)
    document = trafilatura.bare_extraction(
        tree,
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
    meta = Metadata(
        title=clean_text(document.title) if document.title else None,
        source=_sitename(document.sitename, page_url),
        published=parse_date(document.date),
        url=page_url,
        author=clean_text(document.author) if document.author else None,
    )
    return Page(document.text or "", meta, captions)


def _is_caption(element: Any) -> bool:
    """A <figcaption>, or an element with a caption class that holds no image itself (a
    "wp-caption" wrapper holds the image and its "wp-caption-text")."""
    if element.tag == "figcaption":
        return True
    return bool(_CAPTION_CLASS.search(element.get("class", ""))) and not element.xpath(".//img|.//picture")


def _lift_captions(tree: Any) -> tuple[str, ...]:
    """Replace each captioned picture of ``tree`` by a paragraph holding its caption
    without credits; return the caption texts."""
    texts = []
    for caption in [e for e in tree.iter("*") if isinstance(e.tag, str) and _is_caption(e)]:
        if caption.getroottree().getroot() is not tree.getroottree().getroot():
            continue  # inside a picture already lifted with another caption
        for credit in caption.xpath(".//cite | .//*[@class or @itemprop]"):
            if credit.tag == "cite" or _CREDIT_CLASS.search(f"{credit.get('class', '')} {credit.get('itemprop', '')}"):
                credit.drop_tree()
        text = " ".join(caption.text_content().split())
        holder = _picture_of(caption, text)
        if not text or holder.xpath(" | ".join(f".//{t}" for t in _NOT_A_PICTURE)):
            continue  # an empty caption, or the attribution of a quote
        paragraph = holder.makeelement("p", {})
        paragraph.text, paragraph.tail = text, holder.tail
        holder.getparent().replace(holder, paragraph)
        texts.append(text)
    return tuple(texts)


def _picture_of(caption: Any, text: str) -> Any:
    """The element that holds a caption and its picture: its <figure>, else the highest
    ancestor whose text is the caption's ("div.thumb > div.thumbinner > div.thumbcaption")."""
    holder = caption
    for ancestor in caption.iterancestors():
        if ancestor.tag == "figure":
            return ancestor
        if ancestor.getparent() is None or " ".join(ancestor.text_content().split()) != text:
            break
        holder = ancestor
    return holder


def _drop_link_boxes(tree: Any) -> None:
    """Remove boxes of links to other stories ("Related news", "Read next", "Most read"):
    their headlines and dates are another story's, and htmldate would take a date from
    them. A box is marked so by its class or id and its text is mostly links."""
    for box in [e for e in tree.iter("*") if isinstance(e.tag, str) and _LINK_BOX.search(_names(e))]:
        text = len(" ".join(box.text_content().split()))
        linked = sum(len(" ".join(a.text_content().split())) for a in box.iter("a"))
        if box.getparent() is not None and text and linked / text >= _LINK_SHARE:
            box.drop_tree()


def _names(element: Any) -> str:
    return f"{element.get('class', '')} {element.get('id', '')}"


def _sitename(sitename: str | None, url: str | None) -> str | None:
    """The site name the page declares; trafilatura falls back to the URL's host name
    (less a leading "www."), which names no outlet, so that is not taken as a source."""
    if not sitename:
        return None
    host = _WWW.sub("", urlsplit(url).netloc) if url else None
    return None if sitename == host else clean_text(sitename)
