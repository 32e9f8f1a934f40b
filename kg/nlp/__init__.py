"""Articles -> Documents: parse with spaCy, resolve mentions to entities, read events.

spaCy is imported and its model loaded only when the first article is analysed, once per
process. The gazetteer's names are added as an entity ruler in front of the statistical
NER, so known states, capitals, organisations and leaders are found and typed reliably.
"""

from __future__ import annotations

import bisect
import functools
import gc
import re
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, TypeVar

from kg.errors import InputError, attempt, one_line
from kg.gazetteer import Gazetteer
from kg.model import Article, Document, EntityType
from kg.nlp.loader import load
from kg.nlp.scan import doc_text
from kg.options import BuildOptions

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokenizer import Tokenizer
    from spacy.tokens import Doc

T = TypeVar("T")
_LINE_BREAKS = re.compile(r"\n\s*")
_RULER_LABEL = {
    EntityType.PERSON: "PERSON",
    EntityType.COUNTRY: "GPE",
    EntityType.PLACE: "GPE",
    EntityType.ORGANIZATION: "ORG",
}


@functools.cache
def pipeline(model: str | None = None) -> Language:
    """The spaCy pipeline with line breaks as sentence boundaries and the gazetteer's
    entity ruler in front of the NER."""
    from spacy.language import Language

    if not Language.has_factory("kg_line_breaks"):
        Language.component("kg_line_breaks", func=_line_breaks)
    if not Language.has_factory("kg_prefixed_lemmas"):
        Language.factory("kg_prefixed_lemmas", func=_prefixed_lemmas)
    nlp = load(model)
    _possessive_after_opening_quote(nlp)
    if "parser" in nlp.pipe_names and "kg_line_breaks" not in nlp.pipe_names:
        nlp.add_pipe("kg_line_breaks", before="parser")
    if "lemmatizer" in nlp.pipe_names and "kg_prefixed_lemmas" not in nlp.pipe_names:
        nlp.add_pipe("kg_prefixed_lemmas", after="lemmatizer")
    if "ner" in nlp.pipe_names and "kg_gazetteer" not in nlp.pipe_names:
        ruler = nlp.add_pipe("entity_ruler", name="kg_gazetteer", before="ner")
        ruler.add_patterns(gazetteer_patterns(Gazetteer.default()))  # type: ignore[attr-defined]
    # The pipeline (some 100k Python objects: spaCy, thinc, the gazetteer) lives as long as
    # the process. Without this, every full collection during a build walks all of it again
    # (~0.1 s each, several per hundred articles); frozen objects are never scanned.
    gc.freeze()
    return nlp


def _possessive_after_opening_quote(nlp: Language) -> None:
    """ "the United Kingdom‘s Parliament": an opening quote typed for an apostrophe (a
    common slip of word processors' smart quotes) still ends a possessive, as "’s" does."""
    from spacy.util import compile_suffix_regex

    tokenizer: Tokenizer = nlp.tokenizer
    tokenizer.suffix_search = compile_suffix_regex([*(nlp.Defaults.suffixes or ()), "‘s", "‘S"]).search
    for form in ("‘s", "‘S"):
        nlp.vocab[form].norm_ = "'s"  # what the tagger reads: a possessive


def _line_breaks(doc: Doc) -> Doc:
    """A line break ends a sentence: headlines, standfirsts and captions have no full stop.

    The first token after each run of line breaks starts a sentence; it is found from the
    tokens' character offsets, so no token object is made for the words in between."""
    from spacy.attrs import IDX

    starts = doc.to_array(IDX).tolist()
    for line_break in _LINE_BREAKS.finditer(doc_text(doc)):
        i = bisect.bisect_left(starts, line_break.end())
        if 0 < i < len(starts) and not doc[i].is_space:
            doc[i].is_sent_start = True
    return doc


#: Prefixes of verbs whose base is irregular: "retook" is "re" + "took" -> "retake".
_VERB_PREFIXES = ("re", "out", "over", "under", "mis")


def _prefixed_lemmas(nlp: Language, name: str) -> Callable[[Doc], Doc]:
    """A component that lemmatizes prefixed forms of irregular verbs the lemmatizer leaves
    as they are ("retook", "outran"), from the lemmatizer's own exception table; only verbs
    whose lemma is their own text are looked at (the tagger may call "retook" a base form)."""
    import numpy
    from spacy.attrs import LEMMA, LOWER, TAG

    table = nlp.get_pipe("lemmatizer").lookups.get_table("lemma_exc")  # type: ignore[attr-defined]
    irregular: dict[str, str] = {form: lemmas[0] for form, lemmas in table["verb"].items() if lemmas}
    verb_tags = [nlp.vocab.strings.add(tag) for tag in ("VB", "VBD", "VBN", "VBP")]

    def repair(doc: Doc) -> Doc:
        values = doc.to_array([TAG, LEMMA, LOWER])
        candidates = numpy.flatnonzero(numpy.isin(values[:, 0], verb_tags) & (values[:, 1] == values[:, 2]))
        for i in candidates.tolist():
            token = doc[i]
            prefix = next(
                (p for p in _VERB_PREFIXES if token.lower_.startswith(p) and token.lower_[len(p) :] in irregular), None
            )
            if prefix is not None:
                token.lemma_ = prefix + irregular[token.lower_[len(prefix) :]]
        return doc

    return repair


def gazetteer_patterns(gaz: Gazetteer) -> list[dict[str, str]]:
    """Phrase patterns for every gazetteer name, alias, demonym and metonym."""
    patterns: dict[tuple[str, str], None] = {}
    for entry in gaz.entries():
        label = _RULER_LABEL[entry.type]
        for name in (*entry.names, *entry.metonyms):
            if name.lower() != name:  # never lower-case words: "us" is not the US
                patterns[(label if name not in entry.metonyms else _metonym_label(name, gaz), name)] = None
        if entry.type is EntityType.PLACE and " " not in entry.name:
            # a dateline's town in capitals: "PORT-AU-PRINCE —", which the tagger reads as
            # "PORT", "-", "AU" (the African Union)
            patterns[("GPE", entry.name.upper())] = None
        for demonym in entry.demonyms:
            patterns[("NORP", demonym)] = None
    return [{"label": label, "pattern": text} for label, text in sorted(patterns)]


def _metonym_label(name: str, gaz: Gazetteer) -> str:
    """Capitals are places ("GPE"); seats of power ("Kremlin", "White House") organisations."""
    entry = gaz.lookup(name)
    return _RULER_LABEL[entry.type] if entry is not None else "ORG"


def parts(text: str, limit: int) -> list[str]:
    """``text`` cut into consecutive pieces of at most ``limit`` characters that give it
    back when joined: at the last paragraph break that fits, else the last line break,
    sentence end or space, else at the limit. A text within the limit is one piece."""
    pieces = []
    start = 0
    while len(text) - start > limit:
        window = text[start : start + limit]
        cut = next((window.rfind(sep) + len(sep) for sep in _CUTS if window.rfind(sep) > 0), limit)
        pieces.append(text[start : start + cut])
        start += cut
    pieces.append(text[start:])
    return pieces


_CUTS = ("\n\n", "\n", ". ", " ")
#: The most characters parsed as one piece. spaCy refuses texts over ``nlp.max_length``
#: (1,000,000), and its memory grows with the characters it parses at once: one piece of
#: 100,000 characters took 370 MB beyond the model's 180 MB, one of 50,000 about 200 MB.
PART_CHARS = 50_000
#: The most characters handed to spaCy in one batch (``--batch-size`` caps the articles in
#: it too): a batch of 32 long features would otherwise cost over 1 GB, while batches of
#: short articles lose nothing by being cut here (12 dev articles a batch parse as fast as 32).
BATCH_CHARS = 50_000


def part_limit(nlp: Language) -> int:
    """The most characters of an article parsed in one piece."""
    return min(nlp.max_length, PART_CHARS)


def split_notes(articles: Iterable[Article], options: BuildOptions = BuildOptions()) -> list[str]:
    """A line for each article too long to parse at once, which ``extract`` reads in parts
    (the model is loaded only if an article is longer than PART_CHARS)."""
    long = [article for article in articles if len(article.text) > PART_CHARS]
    limit = part_limit(pipeline(options.model)) if long else PART_CHARS
    notes = []
    for article in long:
        if len(article.text) > limit:
            count = len(parts(article.text, limit))
            notes.append(
                f"{one_line(article.origin)}: {len(article.text):,} characters, more than kg parses at once "
                f"({limit:,}); read in {count} parts cut at paragraph breaks"
            )
    return notes


def extract(articles: Iterable[Article], options: BuildOptions = BuildOptions()) -> Iterator[Document | InputError]:
    """Parse articles in batches and yield one Document per article, in input order, or
    the InputError of an article that could not be read (more events than
    ``options.max_events``, or a failure of kg's on it). A text longer than ``part_limit``
    is parsed in parts (see ``parts``), joined again into one Doc."""
    if options.processes > 1 or options.dask or options.progress:  # kg.scale spreads the work, shows it
        from kg import scale

        yield from scale.extract(articles, options)
        return
    from spacy.tokens import Doc

    nlp = pipeline(options.model)

    def pieces() -> Iterator[tuple[str, tuple[Article, int, int]]]:
        for article in articles:
            texts = parts(article.text, part_limit(nlp))
            for i, text in enumerate(texts):
                yield text, (article, i, len(texts))

    held: list[Doc] = []
    for doc, (article, i, count) in _parse(nlp, pieces(), options.batch_size):
        held.append(doc)
        if i + 1 == count:
            if count > 1:  # what kg's components cached per part (kg.scan) is made again for the whole
                for part in held:
                    part.user_data.clear()
            whole = held[0] if count == 1 else Doc.from_docs(held, ensure_whitespace=False)
            held = []
            yield attempt(article.origin, _document, whole, article, options.max_events)


def _parse(nlp: Language, pieces: Iterable[tuple[str, T]], size: int) -> Iterator[tuple[Doc, T]]:
    """``nlp.pipe`` over ``pieces`` (text, context) in batches of at most ``size`` texts and
    BATCH_CHARS characters (a longer text alone), in order."""
    batch: list[tuple[str, T]] = []
    chars = 0
    for piece in pieces:
        if batch and (len(batch) == size or chars + len(piece[0]) > BATCH_CHARS):
            yield from nlp.pipe(batch, as_tuples=True, batch_size=len(batch))
            batch, chars = [], 0
        batch.append(piece)
        chars += len(piece[0])
    if batch:
        yield from nlp.pipe(batch, as_tuples=True, batch_size=len(batch))


def _document(doc: Doc, article: Article, max_events: int) -> Document:
    """The entities and events of one parsed article."""
    from kg.nlp.events import extract_events
    from kg.nlp.reference import resolve

    resolution = resolve(doc, article)
    events = extract_events(doc, resolution)
    if len(events) > max_events:
        raise InputError(
            article.origin, f"{len(events):,} events, over the limit of {max_events:,} per article (--max-events)"
        )
    implied = {k for event in events for _, keys in event.roles for k in keys}  # parties named by demonym
    return Document(article=article, entities=resolution.entities(implied), events=events)
