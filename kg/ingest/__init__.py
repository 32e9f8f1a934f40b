"""Ingestion: every input a user can give becomes an Article, or an InputError that names
the input and the reason.

    inputs.py       read_inputs: files, folders, "-", URLs, .jsonl feeds, in order
    walk.py         folders, recursively, in name order (which files are taken)
    jsonl.py        feeds: one article a line, errors per line
    url.py          HTTP(S) fetch: User-Agent, timeouts, size and redirect limits
    decode.py       bytes to text: binary and non-UTF-8 input refused
    frontmatter.py  YAML metadata: front matter and NAME.meta.yaml sidecars
    html.py         pages: main text and metadata (trafilatura, htmldate)
    furniture.py    page furniture (credits, link lists, calls to action) and captions
    scraped.py      furniture out, captions as asides, header lines read, paragraphs joined
    article.py      metadata layers combined; article_id; read_text

The Article's ``text`` is the cleaned text, paragraphs joined by a blank line; every
later stage's character offsets index into it. Captions follow the story in it, and
``Article.asides`` gives their character ranges.
"""

from kg.ingest.article import article_id, read_text
from kg.ingest.inputs import read_inputs

__all__ = ["article_id", "read_inputs", "read_text"]
