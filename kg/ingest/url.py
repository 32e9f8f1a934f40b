"""Articles fetched over HTTP(S).

Every request carries kg's User-Agent, a (connect, read) timeout and a size limit
(the body is streamed and reading stops past ``BuildOptions.max_bytes``); only HTML and
plain-text answers are read, and at most ``MAX_REDIRECTS`` redirects are followed.
Every failure becomes an InputError that names the URL and the reason.
"""

from __future__ import annotations

import http.client
import re
import threading
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

from kg.errors import InputError
from kg.http import user_agent
from kg.ingest.article import option_defaults, parse
from kg.ingest.decode import decode, too_large
from kg.ingest.html import declared_charset
from kg.model import Article
from kg.options import BuildOptions

if TYPE_CHECKING:
    import requests

#: seconds to wait for a connection, and for the whole answer (headers and body)
TIMEOUT: tuple[float, float] = (10.0, 30.0)
MAX_REDIRECTS = 5
#: the content types read, and the format each is parsed as
CONTENT_TYPES = {"text/html": "html", "application/xhtml+xml": "html", "text/plain": "txt"}
_CHUNK = 65536
_GRACE = 0.5  # seconds past the deadline for an answer that is being finished
_CHARSET = re.compile(r"""charset\s*=\s*["']?([^"';\s]+)""", re.I)


def new_session() -> requests.Session:
    """A session for inputs given with none (read_inputs closes it when done)."""
    import requests

    return requests.Session()


@dataclass(frozen=True)
class Page:
    """A fetched answer: the final URL after redirects, the body and how to read it."""

    url: str
    body: bytes
    fmt: str  # "html", "txt", or "auto" when the server did not say
    charset: str | None


def _content_type(response: requests.Response) -> tuple[str | None, str | None]:
    """The media type (None when the server names none) and charset of an answer."""
    header = response.headers.get("Content-Type", "")
    charset = _CHARSET.search(header)
    return header.partition(";")[0].strip().lower() or None, charset[1] if charset else None


def _read_body(response: requests.Response, url: str, limit: int, deadline: float) -> bytes:
    import requests
    import urllib3

    length = response.headers.get("Content-Length", "")
    if length.isdigit() and int(length) > limit:
        raise InputError(url, too_large(int(length), limit))
    chunks: list[bytes] = []
    size = 0
    try:
        # read1: whatever has arrived, so a server that drips a byte at a time meets the
        # deadline after its next byte (a full-sized read would wait for the whole chunk)
        while chunk := response.raw.read1(_CHUNK, decode_content=True):
            size += len(chunk)
            if size > limit:
                raise InputError(url, too_large(None, limit))
            if time.monotonic() > deadline:
                raise _Late()
            chunks.append(chunk)
    except (requests.RequestException, urllib3.exceptions.HTTPError, OSError) as exc:
        raise InputError(url, f"connection broken while reading the answer ({type(exc).__name__})") from exc
    return b"".join(chunks)


class _Late(Exception):
    """The answer did not arrive in time."""


def _get(session: requests.Session, url: str, timeout: tuple[float, float]) -> requests.Response:
    """GET ``url``, following at most MAX_REDIRECTS redirects here rather than by the
    session's own bound, which a caller's session may have set higher."""
    origin = url
    for _ in range(MAX_REDIRECTS + 1):
        try:
            response = session.get(
                url, stream=True, timeout=timeout, allow_redirects=False, headers={"User-Agent": user_agent()}
            )
        except ValueError as exc:  # requests reads a redirect's Location even when not following it
            where = "redirected to a malformed URL" if _well_formed(url) else "malformed URL"
            raise InputError(origin, f"{where} ({exc})") from exc
        if not response.is_redirect:
            return response
        location = response.headers["Location"]
        response.close()
        url = urljoin(response.url, location) if _well_formed(location) else location
        if not _well_formed(url):
            raise InputError(origin, f"redirected to a malformed URL: {location!r}")
    raise InputError(origin, f"too many redirects (more than {MAX_REDIRECTS})")


def _well_formed(url: str) -> bool:
    """Whether ``url`` can be split, port and all (``http://[::1`` and ``:http`` cannot)."""
    try:
        urlsplit(url).port  # noqa: B018 (the port is checked when read)
    except ValueError:
        return False
    return True


def _bad_answer(exc: BaseException) -> str | None:
    """What an answer that broke the HTTP rules did wrong (http.client's complaint, such
    as "got more than 100 headers"), found among the exceptions requests wraps it in."""
    seen: set[int] = set()
    pending = [exc]
    while pending:
        current = pending.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, http.client.HTTPException):
            return str(current) or type(current).__name__
        pending.extend(arg for arg in current.args if isinstance(arg, BaseException))
        pending.extend(e for e in (current.__cause__, current.__context__) if e is not None)
    return None


def _fetch(url: str, max_bytes: int, session: requests.Session, timeout: tuple[float, float], deadline: float) -> Page:
    import requests

    connect, read = timeout
    try:
        response = _get(session, url, (connect, read))
    except requests.ConnectTimeout as exc:
        raise InputError(url, f"timed out after {connect:g} s (connecting)") from exc
    except requests.Timeout as exc:
        raise InputError(url, f"timed out after {read:g} s") from exc
    except requests.ConnectionError as exc:
        bad = _bad_answer(exc)
        raise InputError(url, f"bad HTTP answer: {bad}" if bad else "could not connect") from exc
    except requests.RequestException as exc:  # invalid URL, bad redirect target, ...
        raise InputError(url, f"request failed: {exc}") from exc
    with response:
        if response.status_code >= 400:
            raise InputError(url, f"HTTP {response.status_code} {response.reason or ''}".rstrip())
        mime, charset = _content_type(response)
        if mime is not None and mime not in CONTENT_TYPES:
            raise InputError(url, f"unsupported content type {mime!r} (expected {', '.join(CONTENT_TYPES)})")
        body = _read_body(response, url, max_bytes, deadline)
        return Page(response.url, body, CONTENT_TYPES.get(mime or "", "auto"), charset)


def fetch(url: str, max_bytes: int, session: requests.Session, timeout: tuple[float, float] | None = None) -> Page:
    """GET ``url`` and return its body, or raise InputError saying why not.

    The whole answer, headers and body, must arrive within the read timeout, however
    slowly a server sends it: requests' timeouts bound each wait for a byte, not the total.
    The request runs in a thread of its own, given up on at the deadline (it ends at the
    server's next byte, or when the server closes)."""
    connect, read = timeout or TIMEOUT
    deadline = time.monotonic() + read
    outcome: list[Page | BaseException] = []

    def run() -> None:
        try:
            outcome.append(_fetch(url, max_bytes, session, (connect, read), deadline))
        except BaseException as exc:
            outcome.append(exc)

    worker = threading.Thread(target=run, name=f"kg fetch {url}", daemon=True)
    worker.start()
    worker.join(read + _GRACE)
    if not outcome or isinstance(outcome[0], _Late):
        raise InputError(url, f"timed out after {read:g} s (the whole answer must arrive within {read:g} s)")
    if isinstance(outcome[0], BaseException):
        raise outcome[0]
    return outcome[0]


def read_url(
    url: str, options: BuildOptions, session: requests.Session, timeout: tuple[float, float] | None = None
) -> Article:
    """The article at ``url``; its origin is the URL as given."""
    page = fetch(url, options.max_bytes, session, timeout)
    charset = page.charset or (declared_charset(page.body) if page.fmt != "txt" else None)
    text = decode(page.body, url, charset)
    return parse(text, url, page.fmt, defaults=option_defaults(options), page_url=page.url, limits=options)
