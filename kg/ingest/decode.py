"""Bytes to text, refusing what is not text rather than guessing.

A file is read as UTF-8 (a leading byte-order mark is dropped) unless it declares another
charset (an HTTP header or an HTML ``<meta charset>``). Undeclared bytes that are not
UTF-8 are an error: guessing Latin-1 would turn every such file into plausible-looking
garbage that the NLP stage would then mine for names.
"""

from __future__ import annotations

import codecs

from kg.errors import InputError

_SAMPLE = 8192  # bytes looked at to tell binary data from text
_CONTROL = frozenset(range(32)) - {0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x1B} | {0x7F}
_MAX_CONTROL_SHARE = 0.05  # text has almost none; random binary data ~11 %
# UTF-32 first: its little-endian mark starts with UTF-16's
_WIDE_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def too_large(size: int | None, limit: int) -> str:
    """The reason given for an input over the size limit."""
    amount = f"{size:,} bytes" if size is not None else "more bytes"
    return f"too large: {amount}, over the limit of {limit:,} bytes"


def _utf16_or_32(data: bytes) -> str | None:
    """The codec of text in UTF-16 or UTF-32, known by its byte-order mark, else None."""
    for bom, codec in _WIDE_BOMS:
        if data.startswith(bom):
            return codec
    return None


def _looks_wide(sample: bytes) -> bool:
    """UTF-16 without a byte-order mark: every other byte NUL, the others mostly printable."""
    even, odd = sample[0::2], sample[1::2]
    return len(sample) >= 4 and (even.count(0) > 0.9 * len(even) or odd.count(0) > 0.9 * len(odd))


def check_not_binary(data: bytes, origin: str) -> None:
    """Raise if ``data`` looks like binary data (an image, a PDF, an archive)."""
    sample = data[:_SAMPLE]
    if _utf16_or_32(sample) or _looks_wide(sample):
        raise InputError(origin, "UTF-16 or UTF-32 text where UTF-8 is expected; convert it to UTF-8")
    nul = sample.find(b"\0")
    if nul >= 0:
        raise InputError(origin, f"binary data, not text (NUL byte at offset {nul})")
    control = sum(byte in _CONTROL for byte in sample)
    if sample and control / len(sample) > _MAX_CONTROL_SHARE:
        raise InputError(origin, "binary data, not text (mostly control bytes)")


def decode(data: bytes, origin: str, charset: str | None = None) -> str:
    """``data`` as text in ``charset`` (UTF-8 if None, or UTF-16/32 if a byte-order mark
    says so), without a byte-order mark."""
    wide = _utf16_or_32(data[:4])
    if wide:  # a byte-order mark outranks a declared charset, as in browsers
        try:
            return data.decode(wide).removeprefix("\ufeff")
        except UnicodeDecodeError as exc:
            raise InputError(origin, f"not {wide.upper()} text (bad bytes at offset {exc.start})") from exc
    check_not_binary(data, origin)
    encoding = _codec_name(charset, origin) if charset else "utf-8"
    bom = codecs.BOM_UTF8 if encoding == "utf-8" and data.startswith(codecs.BOM_UTF8) else b""
    try:
        return data[len(bom) :].decode(encoding)
    except UnicodeDecodeError as exc:
        offset = exc.start + len(bom)
        label = "UTF-8" if encoding == "utf-8" else charset
        raise InputError(origin, f"not {label} text (byte 0x{data[offset]:02x} at offset {offset})") from exc


def _codec_name(charset: str, origin: str) -> str:
    try:
        info = codecs.lookup(charset)
    except LookupError as exc:
        raise InputError(origin, f"unknown character set {charset!r}") from exc
    if not getattr(info, "_is_text_encoding", True):  # rot13, base64, zlib: codecs, but not of text
        raise InputError(origin, f"unknown character set {charset!r} (not a text encoding)")
    return info.name
