"""The lexical screen that lets ``kg query`` skip rdflib's parser never lets SERVICE or FROM through.

:func:`kg.sparql.guard.needs_algebra_check` answers False only for texts that cannot hold
``SERVICE`` or ``FROM`` whatever a parser makes of them; those go to Oxigraph directly.
Checked here on hand-made traps (found by trying Oxigraph: it reads ``trueSERVICE`` as
``true SERVICE``), on the guard's own refused queries, and on generated texts that mix
keywords with every construct that can hide or reveal them: each text the screen passes
is run on an empty Oxigraph store whose SERVICE target refuses connections (a request
would show as an error) and, where rdflib can parse it, its algebra must hold neither
SERVICE nor FROM.
"""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.sparql.catalogue import load_catalogue
from kg.sparql.errors import QueryRefused, SparqlError
from kg.sparql.guard import PREFIX_LINE, check_query, needs_algebra_check

#: A SERVICE target that refuses connections at once: a request shows as an error, not a wait.
CLOSED = "<http://127.0.0.1:9/sparql>"


@pytest.mark.parametrize(
    "text",
    [
        "SELECT ?c WHERE { ?c a kg:Country }",
        'SELECT ?x WHERE { ?x skos:prefLabel "SERVICE FROM" } # SERVICE <http://x/>',
        "SELECT ?from ?service WHERE { ?from prov:wasDerivedFrom ?service }",
        "SELECT ?x WHERE { ?x kg:from ?y ; kg:service-level 3 }",
        "ASK { ?s ?p '''multi\nline FROM''' }",
        "SELECT * WHERE { ?s ?p <https://w3id.org/brsc-kg/id/stcsm> FILTER(?s < ?p) }",
        "SELECT ?x WHERE { ?x a <https://w3id.org/brsc-kg/ontology#Investment> ; kg:p <https://w3id.org/brsc-kg/id/from-service'> }",
    ],
)
def test_plain_queries_pass_the_screen(text: str) -> None:
    assert not needs_algebra_check(text)


@pytest.mark.parametrize(
    "text",
    [
        f"SELECT * WHERE {{ SERVICE {CLOSED} {{ ?s ?p ?o }} }}",
        f"select * where {{ service silent {CLOSED} {{ ?s ?p ?o }} }}",
        "SELECT * FROM <urn:g> WHERE { ?s ?p ?o }",
        "SELECT*FROM<urn:g>WHERE{?s ?p ?o}",
        f"SELECT * WHERE {{ ?s ?p trueSERVICE {CLOSED} {{ }} }}",  # Oxigraph reads "true SERVICE"
        f"SELECT * WHERE {{ ?s ?p 1SERVICE {CLOSED} {{ }} }}",
        f"SELECT * WHERE {{ ?s ?p ?o . kg:x\\# SERVICE {CLOSED} {{ }} }}",  # an escaped # in a local name
        f"SELECT * WHERE {{ \\u0053ERVICE {CLOSED} {{ }} }}",  # escapes are expanded before parsing
        f"SELECT * WHERE {{ ?s ?p ?o FILTER(?s <?p && 'x>' = ?o) SERVICE {CLOSED} {{ }} }} #'",  # < as less-than
        f'SELECT * WHERE {{ ?s ?p ?o FILTER(?s<?p)#>"""\nSERVICE {CLOSED} {{ }}\n"""}}',
        'SELECT * WHERE { ?s ?p "unterminated }',
        'SELECT * WHERE { ?s ?p "line\nbreak" }',
        "SELECT ?x WHERE { ?x ?p <a#b> }",  # a # in an IRI without scheme and authority: the checked way, to be sure
        "SELECT ?x WHERE { ?x ?p <urn:from> }",
        "SELECT (" + "(" * 30 + "1" + ")" * 30 + " AS ?x) {}",  # deeper than rdflib parses: its message
    ],
)
def test_traps_take_the_checked_way(text: str) -> None:
    assert needs_algebra_check(text)


def test_queries_the_guard_refuses_never_pass_the_screen() -> None:
    refused = [
        f"SELECT * WHERE {{ ?s ?p ?o OPTIONAL {{ SERVICE {CLOSED} {{ ?s ?q ?r }} }} }}",
        f"SELECT * WHERE {{ ?s ?p ?o FILTER EXISTS {{ SERVICE {CLOSED} {{ ?s ?q ?r }} }} }}",
        f"ASK {{ SERVICE {CLOSED} {{ ?s ?p ?o }} }}",
        "SELECT * FROM <http://example.org/data.ttl> WHERE { ?s ?p ?o }",
        "SELECT * FROM NAMED <http://example.org/data.ttl> WHERE { GRAPH ?g { ?s ?p ?o } }",
    ]
    for text in refused:
        with pytest.raises(QueryRefused):
            check_query(text, [])
        assert needs_algebra_check(text), text


def test_most_catalogue_queries_go_to_oxigraph_directly() -> None:
    """The catalogue is what analysts run most: its queries should not need rdflib's parser."""
    direct = [name for name, entry in load_catalogue().items() if not needs_algebra_check(entry.bind())]
    assert len(direct) >= len(load_catalogue()) - 2, sorted(set(load_catalogue()) - set(direct))


#: Pieces that can hide a keyword from one reader and not from another, or end a hiding place early.
_PIECES = st.sampled_from(
    [
        *("", " ", "\n", "#", "'", '"', "'" * 3, '"' * 3, "\\", "<", ">", "<?p", "(", ")", ".", "&&", "=", "/"),
        *("true", "1", "kg:", "kg:x", "?s", "a", "http:", "<http://x/", "<x", "#>", "'>", "FILTER(?s"),
    ]
)
_FUZZ = settings(
    max_examples=600,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)


def _store() -> ox.Store:
    """A store where ``?s ?p ?o``, ``?s ?p true`` and ``?s ?p 1`` all match: whatever follows them is evaluated."""
    store = ox.Store()
    for value in (ox.NamedNode("urn:o"), ox.Literal(True), ox.Literal(1)):
        store.add(ox.Quad(ox.NamedNode("urn:s"), ox.NamedNode("urn:p"), value))
    return store


@_FUZZ
@given(st.lists(_PIECES, max_size=6), st.sampled_from(["SERVICE", "service", "SeRvIcE"]), st.lists(_PIECES, max_size=6))
def test_no_service_the_screen_passes_is_ever_run(before: list[str], keyword: str, after: list[str]) -> None:
    """Around a SERVICE Oxigraph would run, nothing makes the screen miss it (else the store tries to reach it)."""
    store = _store()
    for start in ("?s ?p ?o ", "?s ?p ", "?s ", ""):
        text = f"SELECT * WHERE {{ {start}{''.join(before)}{keyword} {CLOSED} {{ ?a ?b ?c }} {''.join(after)} }}"
        if needs_algebra_check(text):
            continue
        try:
            list(store.query(PREFIX_LINE + "\n" + text))  # type: ignore[call-overload]
        except SyntaxError:
            continue  # not a query to Oxigraph: the checked way reports it
        except OSError as exc:  # Oxigraph tried the SERVICE (it refuses port 9 itself: nothing leaves the machine)
            pytest.fail(f"the screen let a SERVICE through: {text!r} ({exc})")


@_FUZZ
@given(st.lists(_PIECES, max_size=6), st.sampled_from(["FROM", "from", "FROM NAMED"]), st.lists(_PIECES, max_size=6))
def test_no_from_the_screen_passes_is_read_by_rdflib(before: list[str], keyword: str, after: list[str]) -> None:
    """Around a FROM, nothing makes the screen miss what rdflib's algebra finds."""
    text = f"SELECT * {''.join(before)}{keyword} <http://example.org/data.ttl>{''.join(after)} WHERE {{ ?s ?p ?o }}"
    if needs_algebra_check(text):
        return
    try:
        check_query(text, [])
    except QueryRefused as exc:
        assert "FROM" not in str(exc), f"the screen passed {text!r}, rdflib's algebra refuses it"
    except SparqlError:
        pass  # not SPARQL to rdflib either
