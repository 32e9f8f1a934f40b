"""kg.store.store and kg load/remove/query --store: a store that grows article by article
answers every ready query as a one-shot build of the same articles, in any order; its IRIs
keep resolving; and a real Oxigraph server answers the same, with and without
union-default-graph."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
from servers import oxigraph_load, oxigraph_serve, select

from kg.cli import main
from kg.errors import GraphError, InputError
from kg.model import Document
from kg.pipeline import build_documents
from kg.rdf.serialize import canonical_nquads, write
from kg.store import load_documents, load_store, open_store, remove, run_query
from kg.store.documents import document_from_json, document_to_json

ROOT = Path(__file__).resolve().parents[1]
QUERIES = sorted((ROOT / "queries").glob("*.rq"))
SEED_0 = ROOT / "seeds" / "000_3c56d13821ab7143.txt"
SEED_1 = ROOT / "seeds" / "001_273a97f05537f580.txt"
EVENT = "https://w3id.org/newskg/id/event/"
BEIJING_SEED_0 = EVENT + "b33ce6fd1969acdb"  # the Beijing meeting's IRI with seed 000 alone
BEIJING_BOTH = EVENT + "3ed49e1c7fd8a8a5"  # and with both seeds


def _rows(store: ox.Store, sparql: str) -> list[tuple[tuple[str, str], ...]]:
    """A SELECT's rows as sorted (variable, value) pairs; values that GROUP_CONCAT joined are
    sorted (their order is the engine's); the rows sorted (ties of ORDER BY are too)."""
    result = run_query(store, sparql)
    rows = [
        {name: term.value for name, term in zip(result.variables, row, strict=True) if term is not None}
        for row in result.rows
    ]
    return _plain(rows)


def _plain(rows: list[dict[str, str]]) -> list[tuple[tuple[str, str], ...]]:
    return sorted(tuple(sorted((k, "; ".join(sorted(v.split("; ")))) for k, v in row.items())) for row in rows)


def _answers(store: ox.Store) -> dict[str, list[tuple[tuple[str, str], ...]]]:
    return {path.name: _rows(store, path.read_text(encoding="utf-8")) for path in QUERIES}


def _stored(path: Path) -> set[ox.Quad]:
    store = open_store(path)
    return set(store)


def _built(docs: list[Document]) -> set[ox.Quad]:
    """The quads of a one-shot build of ``docs``, as a store holds them."""
    store = ox.Store()
    store.extend(
        ox.parse(canonical_nquads(build_documents(docs).quads, named_graphs=True), format=ox.RdfFormat.N_QUADS)
    )
    return set(store)


def _without_retired(quads: set[ox.Quad]) -> set[ox.Quad]:
    return {q for q in quads if q.predicate.value != "http://purl.org/dc/terms/isReplacedBy"}


# --- the same graph and answers, in any order ------------------------------------------------


def test_a_fresh_load_is_the_graph_kg_build_makes(documents, tmp_path):
    load_documents(tmp_path / "s", documents)
    assert _stored(tmp_path / "s") == _built(documents)


@pytest.mark.parametrize("order", ["one by one, reversed", "shuffled, in three loads", "shuffled, in two loads"])
def test_loading_in_any_order_answers_as_loading_all_at_once(documents, tmp_path, order):
    once = tmp_path / "once"
    load_documents(once, documents)
    expected = _answers(open_store(once))
    docs = list(reversed(documents))
    if order.startswith("shuffled"):
        parts = 3 if "three" in order else 2
        random.Random(parts).shuffle(docs)
        batches = [docs[i::parts] for i in range(parts)]
    else:
        batches = [[doc] for doc in docs]
    grown = tmp_path / "grown"
    for batch in batches:
        load_documents(grown, batch)
    assert _answers(open_store(grown)) == expected
    assert _without_retired(_stored(grown)) == _stored(once)


def test_loading_an_article_again_changes_nothing(documents, tmp_path):
    load_documents(tmp_path / "s", documents[:5])
    before = _stored(tmp_path / "s")
    change = load_documents(tmp_path / "s", documents[2:3])
    assert (change.added, change.deleted) == (0, 0)
    assert _stored(tmp_path / "s") == before


def test_loading_an_article_again_replaces_its_contribution(documents, tmp_path):
    load_documents(tmp_path / "s", documents[:4])
    first = documents[0]
    fewer = Document(first.article, first.entities, first.events[:1])  # as if re-read, finding less
    load_documents(tmp_path / "s", [fewer])
    assert _without_retired(_stored(tmp_path / "s")) == _built([fewer, *documents[1:4]])


def test_removing_an_article_takes_out_what_only_it_supported(documents, tmp_path):
    load_documents(tmp_path / "s", documents[:6])
    change = remove(tmp_path / "s", [documents[3].article.id])
    assert change.removed_articles == (documents[3].article.id,)
    rest = [*documents[:3], *documents[4:6]]
    assert _without_retired(_stored(tmp_path / "s")) == _built(rest)
    article = f"https://w3id.org/newskg/id/article/{documents[3].article.id}"
    assert not any(article in (q.subject.value, q.object.value) for q in _stored(tmp_path / "s"))


def test_remove_names_an_article_the_store_does_not_hold(documents, tmp_path):
    load_documents(tmp_path / "s", documents[:1])
    with pytest.raises(InputError, match="not in the store"):
        remove(tmp_path / "s", ["0123456789abcdef"])


def test_documents_survive_the_round_trip_through_json(documents):
    for doc in documents:
        assert document_from_json(document_to_json(doc)) == doc


# --- a change that did not finish, and stores made before digests ------------------------------


def test_documents_written_without_their_graph_are_brought_in_by_the_next_change(documents, tmp_path):
    """A load interrupted between the documents and the graph: the next load (of anything)
    finds the nodes whose content the graph does not hold yet."""
    from kg.store.documents import Memory

    load_documents(tmp_path / "s", documents[:3])
    memory = Memory(tmp_path / "s" / "kg.sqlite")
    memory.replace(documents[3:5])  # as an interrupted load leaves it
    memory.close()
    load_documents(tmp_path / "s", documents[5:6])
    assert _without_retired(_stored(tmp_path / "s")) == _built(documents[:6])


def test_a_graph_changed_without_its_digests_is_changed_again_to_the_same(documents, tmp_path):
    """Interrupted after the graph, before the digests: the next change rewrites the same."""
    import sqlite3

    load_documents(tmp_path / "s", documents[:4])
    before = _stored(tmp_path / "s")
    with sqlite3.connect(tmp_path / "s" / "kg.sqlite") as db:
        db.execute("DELETE FROM applied")
    change = load_documents(tmp_path / "s", documents[1:2])
    assert (change.added, change.deleted) == (0, 0)
    assert _stored(tmp_path / "s") == before


def test_a_store_made_before_stubs_and_digests_is_upgraded(documents, tmp_path):
    import sqlite3

    load_documents(tmp_path / "s", documents[:3])
    db = sqlite3.connect(tmp_path / "s" / "kg.sqlite")
    db.executescript("DROP TABLE applied; DROP TABLE pruned; DROP TABLE tokens; DROP TABLE pending;")
    db.executescript("ALTER TABLE documents DROP COLUMN stub;")
    db.executescript("ALTER TABLE documents DROP COLUMN digest;")
    db.close()
    load_documents(tmp_path / "s", documents[3:5])
    assert _without_retired(_stored(tmp_path / "s")) == _built(documents[:5])


def test_a_strict_load_that_would_violate_the_shapes_changes_nothing(documents, tmp_path):
    from kg.errors import ValidationError
    from kg.options import BuildOptions

    load_documents(tmp_path / "s", documents[1:3])
    before = _stored(tmp_path / "s")
    with pytest.raises(ValidationError, match="--strict"):
        load_documents(tmp_path / "s", [_violating(documents[0])], BuildOptions(strict=True))
    assert _stored(tmp_path / "s") == before
    assert load_documents(tmp_path / "s", []).loaded == ()
    assert _stored(tmp_path / "s") == before  # the refused document is not in the store's memory


# --- a load merges again only the part of the store it touches -------------------------------


def _other_world(doc: Document) -> Document:
    """``doc`` in a world of its own: a new article id, every word of every name changed,
    so that it shares no name with the dev articles (as bench/store.py's copies)."""
    import dataclasses
    import re

    from kg.model import Entity, EntityKey, Event, EventKey, Evidence, entity_key

    article_id = "f" + doc.article.id[1:]

    def name(text: str) -> str:
        return re.sub(r"\w+", lambda m: m.group() + "zz", text)

    def event_key(old: EventKey) -> EventKey:
        return EventKey(old.type, article_id, old.offset)

    entities = tuple(
        Entity(entity_key(e.type, name(e.name)), e.type, name(e.name), frozenset(map(name, e.aliases)))
        for e in doc.entities
    )
    events = tuple(
        dataclasses.replace(
            e,
            key=event_key(e.key),
            roles=Event.make_roles({r: [EntityKey(k.type, name(k.name)) for k in keys] for r, keys in e.roles}),
            evidence=tuple(Evidence(article_id, ev.text, ev.start, ev.end) for ev in e.evidence),
            claimed_in=tuple(event_key(k) for k in e.claimed_in),
        )
        for e in doc.events
    )
    return Document(dataclasses.replace(doc.article, id=article_id), entities, events)


def test_a_load_merges_again_only_the_articles_that_share_names_with_it(documents, tmp_path):
    others = [_other_world(doc) for doc in documents[:4]]
    load_documents(tmp_path / "s", [*documents[:3], *others[:3]])
    change = load_documents(tmp_path / "s", others[3:])
    assert change.kb.articles
    assert {a.id for a in change.kb.articles} <= {doc.article.id for doc in others}
    assert change.articles == 7
    assert _without_retired(_stored(tmp_path / "s")) == _built([*documents[:3], *others])
    remove(tmp_path / "s", [others[0].article.id])
    assert _without_retired(_stored(tmp_path / "s")) == _built([*documents[:3], *others[1:]])


def test_the_store_merges_its_stubs_as_kg_build_merges_them(documents, tmp_path):
    """The store's merge reads its documents from disk twice instead of holding them all;
    it must make kg.merging.merge's knowledge base."""
    from kg.merging import merge
    from kg.options import BuildOptions
    from kg.store.store import _memory, _merge
    from kg.stream import stub

    memory = _memory(tmp_path / "s", create=True)
    try:
        memory.replace(reversed(documents))
        kb, _ = _merge(memory, memory.article_ids(), BuildOptions(), None)
    finally:
        memory.close()
    assert kb == merge(map(stub, documents))


def test_every_entity_the_merge_joins_shares_a_token_with_another_of_its_node(documents):
    """What lets a load merge only the part of the store its tokens reach: the merge
    (kg.merging) never joins entities whose names give no common token. A new way of joining
    entities must give its own tokens (kg.store.documents._tokens)."""
    from collections import defaultdict

    from kg.merging import merge
    from kg.store.documents import _tokens

    kb = merge(documents)
    renamed = dict(kb.merged_keys)
    members: dict[object, list[set[str]]] = defaultdict(list)
    for doc in documents:
        for entity in doc.entities:
            own = {token for token, _ in _tokens(Document(doc.article, (entity,), ()))}
            members[renamed.get(entity.key, entity.key)].append(own)
    joined = [forms for forms in members.values() if len(forms) > 1]
    assert len(joined) > 10
    for forms in joined:  # one connected group: grow it from the first member
        reached, rest = set(forms[0]), forms[1:]
        while grown := [f for f in rest if f & reached]:
            reached.update(*grown)
            rest = [f for f in rest if not f & reached]
        assert not rest


def test_an_interrupted_change_is_made_by_the_next_one_whatever_it_touches(documents, tmp_path):
    from kg.store.documents import Memory

    others = [_other_world(doc) for doc in documents[:3]]
    load_documents(tmp_path / "s", documents[:2])
    memory = Memory(tmp_path / "s" / "kg.sqlite")
    memory.replace(others)  # as an interrupted load leaves it
    memory.close()
    load_documents(tmp_path / "s", documents[2:3])  # shares no name with the others
    assert _without_retired(_stored(tmp_path / "s")) == _built([*documents[:3], *others])


# --- IRIs that never break --------------------------------------------------------------------


def test_the_seeds_loaded_one_by_one_answer_as_kg_build_and_the_first_iri_resolves(tmp_path, capsys):
    store = tmp_path / "s"
    assert main(["load", str(SEED_0), "--store", str(store)]) == 0
    assert main(["query", "--store", str(store), "SELECT ?m WHERE { ?m a kg:Meeting }", "--format", "csv"]) == 0
    assert BEIJING_SEED_0 in capsys.readouterr().out
    assert main(["load", str(SEED_1), "--store", str(store)]) == 0
    assert main(["build", str(ROOT / "seeds"), "-o", str(tmp_path / "seeds.trig")]) == 0
    built = load_store(tmp_path / "seeds.trig")
    loaded = open_store(store)
    assert _answers(loaded) == _answers(built)
    assert run_query(loaded, "SELECT ?m WHERE { ?m a kg:Meeting }").rows[0][0].value == BEIJING_BOTH
    ask = f"ASK {{ <{BEIJING_SEED_0}> dcterms:isReplacedBy ?kept . ?kept a kg:Meeting }}"
    assert run_query(loaded, ask).boolean
    del loaded
    # and taking seed 001 out again: the meeting is seed 000's alone, under its first IRI
    assert main(["remove", str(SEED_1), "--store", str(store)]) == 0
    again = open_store(store)
    assert run_query(again, "SELECT ?m WHERE { ?m a kg:Meeting }").rows[0][0].value == BEIJING_SEED_0
    assert run_query(again, f"ASK {{ <{BEIJING_BOTH}> dcterms:isReplacedBy <{BEIJING_SEED_0}> }}").boolean


# --- errors ------------------------------------------------------------------------------------


def test_query_on_a_missing_store_says_how_to_make_one(tmp_path, capsys):
    assert main(["query", "--store", str(tmp_path / "none"), "ASK {}"]) == 2
    assert "no such store (make one with: kg load INPUT... --store" in capsys.readouterr().err


def test_a_folder_that_is_no_store_is_never_written(documents, tmp_path):
    (tmp_path / "mine.txt").write_text("keep me")
    with pytest.raises(GraphError, match="not a kg store"):
        load_documents(tmp_path, documents[:1])
    assert [p.name for p in tmp_path.iterdir()] == ["mine.txt"]


# --- a real Oxigraph server -------------------------------------------------------------------


@pytest.fixture(scope="module")
def graph_file(documents, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("graph") / "dev.nq"
    write(build_documents(documents).quads, path)
    return path


@pytest.mark.parametrize("union", [False, True], ids=["default graph", "union-default-graph"])
def test_oxigraph_serve_answers_the_ready_queries_as_kg_query(graph_file, tmp_path, union):
    """Loaded with the server's own bulk loader; the rows are the same, never one per article."""
    oxigraph_load(tmp_path / "db", graph_file)
    kg_answers = _answers(load_store(graph_file))
    assert all(kg_answers.values())  # every ready query finds something in the dev articles
    with oxigraph_serve(tmp_path / "db", union_default_graph=union) as url:
        for path in QUERIES:
            assert _plain(select(url, path.read_text(encoding="utf-8"))) == kg_answers[path.name], path.name


def test_a_store_folder_copied_is_served_by_oxigraph_as_it_is(documents, tmp_path):
    """The Oxigraph folder inside a kg store is a plain Oxigraph database."""
    load_documents(tmp_path / "s", documents)
    expected = _answers(open_store(tmp_path / "s"))
    shutil.copytree(tmp_path / "s" / "oxigraph", tmp_path / "copy")
    with oxigraph_serve(tmp_path / "copy") as url:
        meetings = QUERIES[[p.name for p in QUERIES].index("meetings.rq")]
        assert _plain(select(url, meetings.read_text(encoding="utf-8"))) == expected["meetings.rq"]


def test_load_names_each_unreadable_input_and_leaves_the_store_alone_when_none_is_read(tmp_path, capsys):
    (tmp_path / "empty.txt").write_text("  \n")
    assert main(["load", str(tmp_path / "empty.txt"), "--store", str(tmp_path / "s")]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith("kg: error: ") and err[0].endswith("empty.txt: no text (empty or whitespace only)")
    assert err[1] == f"kg: error: no article could be read; {tmp_path / 's'} was not changed"
    assert not (tmp_path / "s").exists()


def test_a_node_that_violates_the_shapes_is_left_out_as_kg_build_leaves_it_out(documents, tmp_path):
    """A role naming an entity the article never describes: the build prunes the dangling
    node (and what then fails); the store holds the same pruned graph and never publishes it."""
    bad = _violating(documents[0])
    built = build_documents([bad, *documents[1:3]])
    assert built.removed >= 1
    load_documents(tmp_path / "s", documents[1:3])
    load_documents(tmp_path / "s", [bad])
    stored = _stored(tmp_path / "s")
    assert _without_retired(stored) == _built([bad, *documents[1:3]])
    ghost_iri = "https://w3id.org/newskg/id/person/nobody-known"
    assert not any(ghost_iri in (q.subject.value, q.object.value) for q in stored)
    # and the article loaded again as it should be: what the violation took out is back
    load_documents(tmp_path / "s", documents[:1])
    assert _without_retired(_stored(tmp_path / "s")) == _built(documents[:3])


def _violating(doc: Document) -> Document:
    """``doc`` with a role of its first event naming an entity the article never describes."""
    import dataclasses

    from kg.model import EntityKey, EntityType

    event = doc.events[0]
    role = event.roles[0][0]
    ghost = EntityKey(EntityType.PERSON, "nobody known")
    roles = {r: [*keys, ghost] if r is role else list(keys) for r, keys in event.roles}
    broken = dataclasses.replace(event, roles=type(event).make_roles(roles))
    return Document(doc.article, doc.entities, (broken, *doc.events[1:]))
