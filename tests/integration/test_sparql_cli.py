"""`kg query` end to end: the real command in a subprocess, and in process."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Graph
from typer.testing import CliRunner

from kg.build.pipeline import BuildResult
from kg.cli import app
from kg.sparql.catalogue import load_catalogue
from tests.sparql_support import build_dir, free_port, run_kg  # noqa: F401 (fixture)

pytestmark = pytest.mark.e2e


def test_catalogue_query_by_name_with_a_parameter_as_json(build_dir: Path) -> None:  # noqa: F811
    result = run_kg("query", "partners-of-actor", "--param", "actor=ent:stcsm", "--format", "json", "--build", str(build_dir))
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    assert payload["head"]["vars"] == ["partner", "partnerLabel", "kind", "status", "modality", "document"]
    labels = {b["partnerLabel"]["value"] for b in payload["results"]["bindings"]}
    assert labels == {"Belarus", "Cambodia", "Vietnam", "Latvia", "Lithuania"}


def test_inline_query_as_csv_and_tsv_and_table(build_dir: Path) -> None:  # noqa: F811
    query = "SELECT ?c ?iso WHERE { ?c a kg:Country ; kg:isoCode ?iso } ORDER BY ?iso LIMIT 3"
    as_csv = run_kg("query", query, "--format", "csv", "--build", str(build_dir))
    assert as_csv.returncode == 0, as_csv.stderr
    assert list(csv.reader(io.StringIO(as_csv.stdout, newline=""))) == [
        ["c", "iso"],
        ["https://w3id.org/brsc-kg/id/uae", "AE"],
        ["https://w3id.org/brsc-kg/id/afghanistan", "AF"],
        ["https://w3id.org/brsc-kg/id/austria", "AT"],
    ]
    as_tsv = run_kg("query", query, "--format", "tsv", "--build", str(build_dir))
    assert as_tsv.stdout.splitlines()[1] == '<https://w3id.org/brsc-kg/id/uae>\t"AE"'
    table = run_kg("query", query, "--build", str(build_dir))
    assert table.stdout.splitlines()[2].split() == ["ent:uae", "AE"]


def test_query_from_a_file_and_from_standard_input(build_dir: Path, tmp_path: Path) -> None:  # noqa: F811
    rq = tmp_path / "mine.rq"
    rq.write_text(
        '# Question: Which countries have this ISO code?\n# Parameter: iso (string) = "TH" -- the code\n'
        'SELECT ?c WHERE { ?c kg:isoCode ?iso . VALUES ?iso { "TH" } }\n',
        encoding="utf-8",
    )
    by_file = run_kg("query", "-f", str(rq), "--param", "iso=VN", "--format", "csv", "--build", str(build_dir))
    assert by_file.returncode == 0, by_file.stderr
    assert by_file.stdout.splitlines()[1] == "https://w3id.org/brsc-kg/id/vietnam"
    as_argument = run_kg("query", str(rq), "--format", "csv", "--build", str(build_dir))
    assert as_argument.stdout.splitlines()[1] == "https://w3id.org/brsc-kg/id/thailand"
    piped = run_kg("query", "-", "--format", "csv", "--build", str(build_dir), stdin='ASK { ent:thailand kg:isoCode "TH" }')
    assert piped.stdout.splitlines() == ["boolean", "true"]


def test_construct_prints_sorted_turtle(build_dir: Path, built: BuildResult) -> None:  # noqa: F811
    result = run_kg("query", "document-says", "-p", "document=document-002", "--build", str(build_dir))
    assert result.returncode == 0, result.stderr
    assert "PREFIX kg: <https://w3id.org/brsc-kg/ontology#>\n" in result.stdout
    graph = Graph().parse(data=result.stdout, format="turtle")
    documents = built.report.documents
    assert isinstance(documents, dict)
    assert len(graph) == documents["002"].triples
    again = run_kg("query", "document-says", "-p", "document=document-002", "--build", str(build_dir), "--store", "memory")
    assert again.stdout == result.stdout  # deterministic, and the same on rdflib's engine


def test_describe_prints_turtle_and_a_missing_file_is_named(build_dir: Path, tmp_path: Path) -> None:  # noqa: F811
    described = run_kg("query", "DESCRIBE ent:thailand", "--build", str(build_dir))
    assert described.returncode == 0, described.stderr
    graph = Graph().parse(data=described.stdout, format="turtle")
    assert any("Thailand" in str(o) for o in graph.objects())
    missing = run_kg("query", str(tmp_path / "nope.rq"), "--build", str(build_dir))
    assert missing.returncode == 1 and "cannot read the query file" in missing.stderr and "nope.rq" in missing.stderr


def test_memory_store_gives_the_same_table(build_dir: Path) -> None:  # noqa: F811
    fast = run_kg("query", "countries-by-chinese-partners", "--format", "csv", "--build", str(build_dir))
    slow = run_kg("query", "countries-by-chinese-partners", "--format", "csv", "--build", str(build_dir), "--store", "memory")
    assert fast.returncode == slow.returncode == 0
    assert fast.stdout == slow.stdout


def test_list_and_show() -> None:
    listing = run_kg("query", "--list")
    assert listing.returncode == 0
    for name, entry in load_catalogue().items():
        assert name in listing.stdout and entry.question in listing.stdout
    assert "[--param actor=… (default ent:shanghai-technology-exchange)]" in listing.stdout
    shown = run_kg("query", "partners-of-actor", "--param", "actor=stcsm", "--show")
    assert "VALUES ?actor { <https://w3id.org/brsc-kg/id/stcsm> }" in shown.stdout
    assert shown.stdout.startswith("# Question:")


def test_syntax_error_names_line_and_column_and_shows_the_text(build_dir: Path) -> None:  # noqa: F811
    result = run_kg("query", "SELECT ?x WHERE {\n  ?x a kg:Country .\n  FILTER(?x = )\n}", "--build", str(build_dir))
    assert result.returncode == 1
    assert "SPARQL syntax error in query at line 3, column 3" in result.stderr
    assert "  3 |   FILTER(?x = )" in result.stderr and "    |   ^" in result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""


def test_unknown_name_lists_the_catalogue() -> None:
    result = run_kg("query", "partners-of")
    assert result.returncode == 2
    assert "no catalogue query named 'partners-of'" in result.stderr
    assert "partners-of-actor" in result.stderr and "countries-by-chinese-partners" in result.stderr


def test_usage_errors_exit_2(build_dir: Path) -> None:  # noqa: F811
    bad_param = run_kg("query", "partners-of-actor", "--param", "country=thailand", "--build", str(build_dir))
    assert bad_param.returncode == 2 and "has no parameter 'country'" in bad_param.stderr
    bad_value = run_kg("query", "actors-in-several-documents", "--param", "min=many", "--build", str(build_dir))
    assert bad_value.returncode == 2 and "expected a whole number" in bad_value.stderr
    bad_format = run_kg("query", "partners-of-actor", "--format", "xlsx", "--build", str(build_dir))
    assert bad_format.returncode == 2 and "table, csv, tsv, json" in bad_format.stderr
    nothing = run_kg("query", "--build", str(build_dir))
    assert nothing.returncode == 2 and "no query given" in nothing.stderr


def test_refused_queries_exit_1_without_running(build_dir: Path) -> None:  # noqa: F811
    service = run_kg("query", "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }", "--build", str(build_dir))
    assert service.returncode == 1 and "SERVICE <http://127.0.0.1:9/sparql> is refused" in service.stderr
    update = run_kg("query", "DELETE WHERE { ?s ?p ?o }", "--build", str(build_dir))
    assert update.returncode == 1 and "read-only" in update.stderr


def test_timeout_says_so(build_dir: Path) -> None:  # noqa: F811
    result = run_kg(
        "query", "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }", "--timeout", "1", "--build", str(build_dir)
    )
    assert result.returncode == 1
    assert "timed out after 1 s" in result.stderr and "--timeout" in result.stderr


def _csv_rows(text: str) -> list[list[str]]:
    import csv
    import io

    return list(csv.reader(io.StringIO(text)))


def test_a_result_over_the_row_cap_prints_nothing_and_says_what_to_do(build_dir: Path) -> None:  # noqa: F811
    cross = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f }"
    for store in ("oxigraph", "memory"):
        refused = run_kg("query", cross, "--format", "csv", "--max-rows", "50", "--store", store, "--build", str(build_dir))
        assert refused.returncode == 1, refused.stderr
        assert refused.stdout == ""
        assert "the result has more than 50 rows and was not printed; add LIMIT to the query" in refused.stderr
        # the engine's unfinished row iterator is closed on its own thread: no "unsendable" noise
        assert "RuntimeError" not in refused.stderr and "Exception ignored" not in refused.stderr, refused.stderr
    at_cap = run_kg("query", f"{cross} LIMIT 50", "--format", "csv", "--max-rows", "50", "--build", str(build_dir))
    assert at_cap.returncode == 0 and len(_csv_rows(at_cap.stdout)) == 51  # a quote's context may span lines inside one field
    uncapped = run_kg("query", f"{cross} LIMIT 500", "--format", "csv", "--max-rows", "0", "--build", str(build_dir))
    assert uncapped.returncode == 0 and len(_csv_rows(uncapped.stdout)) == 501


def test_unreachable_endpoint_says_which_url_and_why() -> None:
    url = f"http://127.0.0.1:{free_port()}/query"
    result = run_kg("query", "partners-of-actor", "--endpoint", url)
    assert result.returncode == 1
    assert f"cannot reach {url}" in result.stderr and "refused" in result.stderr.lower()
    bad = run_kg("query", "partners-of-actor", "--endpoint", "ftp://example.org/sparql")
    assert bad.returncode == 1 and "not an http(s) URL" in bad.stderr


def test_missing_build_says_run_kg_build(tmp_path: Path) -> None:
    result = run_kg("query", "partners-of-actor", "--build", str(tmp_path))
    assert result.returncode == 1 and "run 'kg build' first" in result.stderr


def test_in_process(build_dir: Path) -> None:  # noqa: F811
    runner = CliRunner()
    ok = runner.invoke(app, ["query", "names-of-entity", "-p", "entity=thailand", "--format", "csv", "--build", str(build_dir)])
    assert ok.exit_code == 0, ok.output
    assert "ประเทศไทย" in ok.output and "泰国" in ok.output
    bad = runner.invoke(app, ["query", "nope", "--build", str(build_dir)])
    assert bad.exit_code == 2


def test_query_path_imports_no_heavy_libraries(build_dir: Path) -> None:  # noqa: F811
    """Cold start: pandas, networkx, pyvis and pySHACL stay out of 'kg query'; a catalogue query needs no SPARQL parser of rdflib's.

    It goes to Oxigraph directly (kg.sparql.execute.run_direct), so neither rdflib's parser
    nor oxrdflib (which loads it) is imported, nor rich's console (nothing is drawn).
    """
    heavy = ["pandas", "networkx", "pyvis", "pyshacl", "numpy", "scipy", "jinja2", "oxrdflib", "rdflib.plugins.sparql", "rich.console"]
    code = (
        "import sys\n"
        "from typer.testing import CliRunner\n"
        "from kg.cli import app\n"
        f"r = CliRunner().invoke(app, ['query', 'partners-of-actor', '--build', {str(build_dir)!r}])\n"
        "assert r.exit_code == 0, r.output\n"
        "assert 'ent:' in r.output, r.output\n"
        f"print(sorted(m for m in {heavy!r} if m in sys.modules))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_a_query_the_screen_cannot_clear_takes_the_checked_way(build_dir: Path) -> None:  # noqa: F811
    """A query with FROM loads rdflib's parser and is checked as before (and still answers)."""
    code = (
        "import sys\n"
        "from typer.testing import CliRunner\n"
        "from kg.cli import app\n"
        "q = 'SELECT (COUNT(*) AS ?n) FROM graph:registry WHERE { ?s a kg:Country }'\n"
        f"r = CliRunner().invoke(app, ['query', q, '--format', 'csv', '--build', {str(build_dir)!r}])\n"
        "assert r.exit_code == 0, r.output\n"
        "print(r.output.splitlines()[0], 'rdflib.plugins.sparql' in sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "n True"
