"""kg.store.query and queries/*.rq on a graph built from the sample knowledge base."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pyoxigraph as ox
import pytest
from samples import sample_kb, union

from kg.errors import GraphError, QueryError
from kg.rdf.mapping import to_dataset
from kg.rdf.serialize import FORMATS, canonical_nquads, write
from kg.store import QUERY_PREFIXES, format_result, load_store, run_query

QUERIES = Path(__file__).resolve().parents[1] / "queries"
KIM = "https://w3id.org/newskg/id/person/kim-jong-un"


@pytest.fixture(scope="module")
def graphs(tmp_path_factory) -> dict[str, Path]:
    """The sample knowledge base written in every format."""
    folder = tmp_path_factory.mktemp("graphs")
    dataset = to_dataset(sample_kb())
    paths = {extension: folder / f"graph{extension}" for extension in FORMATS}
    for path in paths.values():
        write(dataset, path)
    return paths


@pytest.fixture(scope="module")
def store(graphs) -> ox.Store:
    return load_store(graphs[".trig"])


def _ready(name: str, store: ox.Store) -> list[dict[str, str]]:
    """Rows of a ready query as {variable: plain text}, unbound variables left out."""
    result = run_query(store, (QUERIES / name).read_text(encoding="utf-8"))
    return [
        {var: term.value for var, term in zip(result.variables, row, strict=True) if term is not None}
        for row in result.rows
    ]


# --- loading -------------------------------------------------------------------------------


@pytest.mark.parametrize("extension", sorted(FORMATS))
def test_every_format_reads_back_in_kgs_layout(graphs, extension):
    """One graph (Turtle, N-Triples, JSON-LD) or several (TriG, N-Quads): what is queried is
    the layout kg writes, the merged graph as default and each article's evidence named."""
    store = load_store(graphs[extension])
    written = ox.Store()  # a store keeps values (a decimal 1.0 reads back as 1): compare store to store
    written.extend(ox.parse(canonical_nquads(to_dataset(sample_kb()), named_graphs=True), format=ox.RdfFormat.N_QUADS))
    assert set(store) == set(written)


def test_every_triple_is_counted_once_in_a_union_default_graph(graphs):
    store = load_store(graphs[".nq"])
    result = run_query(store, "SELECT (COUNT(*) AS ?n) WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }")
    assert int(result.rows[0][0].value) == len(union(to_dataset(sample_kb())))


def test_named_graphs_hold_each_articles_evidence(store):
    result = run_query(store, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?e a kg:Evidence ; prov:wasDerivedFrom ?g } }")
    assert len(result.rows) == 3


def test_missing_file_and_unknown_format(tmp_path):
    with pytest.raises(GraphError, match="no such graph file"):
        load_store(tmp_path / "nothing.ttl")
    (tmp_path / "graph.xml").write_text("<rdf/>")
    with pytest.raises(GraphError, match=r"graph\.xml.*\.ttl"):
        load_store(tmp_path / "graph.xml")


def test_parse_error_names_file_and_line(tmp_path):
    path = tmp_path / "broken.ttl"
    path.write_text('@prefix kg: <https://w3id.org/newskg/ontology#> .\nkg:a kg:b "unterminated .\n')
    with pytest.raises(GraphError) as caught:
        load_store(path)
    assert "broken.ttl: line 2, column" in str(caught.value)


# --- the ready queries ---------------------------------------------------------------------


def test_meetings(store):
    (row,) = _ready("meetings.rq", store)
    assert set(row["participants"].split("; ")) == {"Kim Jong-un", "Vladimir Putin"}
    assert row["place"] == "Beijing" and row["date"] == "2025-09-03" and row["sources"] == "2"


def test_treaties(store):
    old, new = _ready("treaties.rq", store)  # earliest first
    assert old["treaty"] == "New Strategic Arms Reduction Treaty" and old["date"] == "2010-04-08"
    assert set(old["parties"].split("; ")) == {"Russia", "United States"}
    assert set(old["signatories"].split("; ")) == {"Barack Obama", "Dmitry Medvedev"}
    assert old["place"] == "Prague"
    assert new["date"] == "2024-06" and set(new["parties"].split("; ")) == {"North Korea", "Russia"}
    assert not new.get("signatories") and new["treaty"] == "comprehensive cooperation treaty"


def test_deployments(store):
    (row,) = _ready("deployments.rq", store)
    assert (row["deployedBy"], row["destination"], row["inSupportOf"]) == ("North Korea", "Kursk Oblast", "Russia")
    assert "date" not in row and row["optional"] == "false"


def test_statements(store):
    rows = _ready("statements.rq", store)
    kim = [row for row in rows if row["speaker"] == "Kim Jong-un"]
    assert {row.get("publisher") for row in kim} == {"RT", None}  # two outlets, one unnamed
    assert all(row["addressee"] == "Vladimir Putin" and row["date"] == "2025-09-03" for row in kim)
    assert kim[0]["quote"].startswith("North Koreans view Russians as their brothers")
    (russia,) = [row for row in rows if row["speaker"] == "Russia"]
    assert russia["quote"] == "Ukrainian forces had been expelled from the area" and "addressee" not in russia


def test_sources_default_lists_every_event_and_article(store):
    rows = _ready("sources.rq", store)
    assert len(rows) == sum(len(event.evidence) for event in sample_kb().events)
    meeting = [row for row in rows if row["label"].startswith("Meeting")]
    assert {row["sentence"] for row in meeting} == {
        "Putin and Kim met for bilateral talks in Beijing",
        "during a meeting with President Vladimir Putin in Beijing",
    }


def test_sources_values_line_selects_one_fact(store):
    text = (QUERIES / "sources.rq").read_text(encoding="utf-8")
    assert 'VALUES ?about { "" }' in text
    result = run_query(store, text.replace('VALUES ?about { "" }', 'VALUES ?about { "new strategic" }'))
    assert result.rows == ()  # labels name the parties, not the treaty
    result = run_query(store, text.replace('VALUES ?about { "" }', 'VALUES ?about { "Medvedev" }'))
    (row,) = result.rows
    values = dict(zip(result.variables, row, strict=True))
    assert values["publisher"].value == "Transatlantic Press Agency"
    assert values["sentence"].value.startswith("Barack Obama and Dmitry Medvedev signed")
    assert values["url"].value == "https://example.org/tpa/2010/04/08/new-start-signed-prague"


def test_claims(store):
    rows = {row["label"]: row for row in _ready("claims.rq", store)}
    deployment = rows["Military deployment: North Korea, Kursk Oblast, Russia"]
    expulsion = rows["Military operation: Russia, Kursk Oblast (2025-04)"]
    assert deployment["claimant"] == expulsion["claimant"] == "Russia"
    assert deployment["ownVoice"] == "true" and deployment["articles"] == "2"  # RT states it as fact
    assert expulsion["ownVoice"] == "false" and expulsion["articles"] == "1"


@pytest.mark.parametrize("name", sorted(path.name for path in QUERIES.glob("*.rq")))
def test_every_ready_query_says_what_it_answers_and_runs_on_turtle(graphs, name):
    text = (QUERIES / name).read_text(encoding="utf-8")
    assert text.startswith(f"# {name} — ")
    assert run_query(load_store(graphs[".ttl"]), text).rows


@pytest.mark.parametrize("name", sorted(path.name for path in QUERIES.glob("*.rq")))
def test_ready_queries_give_the_same_rows_in_rdflib(store, name):
    """Users also run them with other engines; rdflib's is the strictest about unbound values."""
    text = (QUERIES / name).read_text(encoding="utf-8")
    declared = "".join(f"PREFIX {prefix}: <{iri}>\n" for prefix, iri in QUERY_PREFIXES.items())
    theirs = to_dataset(sample_kb()).query(declared + text)

    def plain(row):  # GROUP_CONCAT order is up to the engine
        return tuple(None if v is None else "; ".join(sorted(str(v).split("; "))) for v in row)

    ours = [plain(None if term is None else term.value for term in row) for row in run_query(store, text).rows]
    assert [plain(row) for row in theirs] == ours


# --- result formats ------------------------------------------------------------------------


def test_table_shortens_names_and_shows_literals_plainly(store):
    table = format_result(
        run_query(store, "SELECT ?who ?name WHERE { ?who a kg:Person ; rdfs:label ?name } ORDER BY ?name"), "table"
    )
    lines = table.splitlines()
    assert lines[0].split() == ["who", "name"]
    assert set(lines[1]) == {"-", " "}
    assert lines[2].split() == ["person:barack-obama", "Barack", "Obama"]
    assert lines[2].index("Barack") == lines[0].index("name")  # aligned
    assert lines[-1] == "(4 rows)"


def test_csv_is_sparql_csv(store):
    query = "SELECT ?m ?date ?optional WHERE { ?m a kg:Meeting ; kg:date ?date OPTIONAL { ?m kg:optional ?optional } }"
    text = format_result(run_query(store, query), "csv")
    assert text.startswith("m,date,optional\r\n")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[1] == [rows[1][0], "2025-09-03", ""]  # unbound: empty field
    assert rows[1][0].startswith("https://w3id.org/newskg/id/event/")
    label = format_result(run_query(store, "SELECT ?l WHERE { ?m a kg:Meeting ; rdfs:label ?l }"), "csv")
    assert label == 'l\r\n"Meeting: Kim Jong-un, Vladimir Putin (2025-09-03)"\r\n'  # quoted: it has commas


def test_json_is_sparql_results_json(store):
    query = "SELECT ?name ?date ?missing WHERE { ?m a kg:Meeting ; kg:date ?date ; kg:participant ?p . ?p rdfs:label ?name } ORDER BY ?name"
    document = json.loads(format_result(run_query(store, query), "json"))
    assert document["head"] == {"vars": ["name", "date", "missing"]}
    bindings = document["results"]["bindings"]
    assert bindings[0] == {
        "name": {"type": "literal", "value": "Kim Jong-un"},
        "date": {"type": "literal", "value": "2025-09-03", "datatype": "http://www.w3.org/2001/XMLSchema#date"},
    }
    for binding in bindings:
        for term in binding.values():
            assert term["type"] in {"uri", "literal", "bnode"} and isinstance(term["value"], str)


def test_ask(store):
    yes = run_query(store, "ASK { ?p owl:sameAs wd:Q7747 }")
    assert yes.kind == "ask" and yes.boolean
    assert json.loads(format_result(yes, "json")) == {"head": {}, "boolean": True}
    assert format_result(run_query(store, "ASK { ?p owl:sameAs wd:Q1 }"), "table") == "false\n"
    assert format_result(yes, "csv") == "boolean\r\ntrue\r\n"


def test_construct(store):
    query = "CONSTRUCT { ?a kg:met ?b } WHERE { ?m a kg:Meeting ; kg:participant ?a, ?b FILTER(?a != ?b) }"
    result = run_query(store, query)
    assert result.kind == "graph" and len(result.triples) == 2
    ntriples = format_result(result, "csv")
    assert f"<{KIM}> <https://w3id.org/newskg/ontology#met>" in ntriples
    assert "@prefix kg:" in format_result(result, "table")
    assert {node["@id"] for node in json.loads(format_result(result, "json"))["@graph"]} == {
        KIM,
        "https://w3id.org/newskg/id/person/vladimir-putin",
    }


def test_describe(store):
    result = run_query(store, f"DESCRIBE <{KIM}>")
    predicates = {triple.predicate.value for triple in result.triples}
    assert "http://www.w3.org/2002/07/owl#sameAs" in predicates  # default-graph link included
    assert "http://www.w3.org/2000/01/rdf-schema#label" in predicates
    assert "kg:Person" in format_result(result, "table")


def test_own_prefix_declaration_wins(store):
    query = "PREFIX kg: <http://example.org/other#> ASK { ?m a kg:Meeting }"
    assert not run_query(store, query).boolean


# --- errors --------------------------------------------------------------------------------


def test_malformed_query_reports_line_and_column(store):
    with pytest.raises(QueryError) as caught:
        run_query(store, "SELECT ?m\nWHERE { ?m a kg:Meeting ")
    message = str(caught.value)
    assert message.startswith("SPARQL syntax error at line 2, column ")
    assert "\n" not in message and "[" not in message


def test_unknown_prefix_is_named_with_its_position(store):
    with pytest.raises(QueryError, match=r"line 2, column 8: unknown prefix 'dbo:'"):
        run_query(store, "SELECT ?m WHERE {\n  ?m a dbo:Meeting }")


def test_slash_in_prefixed_name_gets_a_fix(store):
    with pytest.raises(QueryError, match=r"line 1, column 10: .* write kgr:person\\/kim-jong-un"):
        run_query(store, "DESCRIBE kgr:person/kim-jong-un")
    escaped = run_query(store, r"DESCRIBE kgr:person\/kim-jong-un")
    assert escaped.triples
    path = run_query(store, "SELECT ?n WHERE { ?m kg:participant/rdfs:label ?n }")
    assert len(path.rows) == 2  # a property path is not mistaken for one


def test_unknown_result_format(store):
    with pytest.raises(QueryError, match="unknown result format 'xml'"):
        format_result(run_query(store, "ASK {}"), "xml")


@pytest.mark.parametrize(
    "sparql",
    [
        "SELEC ?x WHERE { ?x ?p ?o }",
        "LOAD <http://example.org/g>",
        "PREFIX a: <http://a/>\nINSERT DATA { a:x a:y a:z }",
    ],
)
def test_a_query_that_is_no_query_says_which_forms_are(store, sparql):
    with pytest.raises(QueryError, match="a query starts with SELECT, ASK, CONSTRUCT or DESCRIBE"):
        run_query(store, sparql)


def test_a_broken_graph_file_names_the_line_once(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("<a> <b> .\n", encoding="utf-8")
    with pytest.raises(GraphError) as raised:
        load_store(bad)
    message = str(raised.value)
    assert message.startswith(f"{bad}: line 1") and message.count("line") == 1
