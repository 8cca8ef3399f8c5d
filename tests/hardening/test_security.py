"""Hostile input files: YAML only through the safe loader, RDF only as Turtle or TriG, outside IRIs checked.

* Every YAML entry point (manifest, entity and document curation, coverage-ignore, the
  manifest as ``kg ingest`` reads it) refuses an object-constructing tag and an alias
  bomb at once, with the file and line, and the payload's side effect never happens.
* ruff keeps it that way (flake8-bandit ``S`` and banned-api ``TID251``, configured in
  pyproject.toml): no unsafe YAML loader, YAML read only by ``kg.curation.yamlload``, no
  pickle, no eval/exec, no shell, no Jinja without autoescape, no guessed RDF format; a
  test proves those rules fire.  A small syntax-tree scan of ``kg/`` checks what ruff
  cannot say: every RDF parse with an explicit Turtle-family format, no ``compile()`` or
  ``__import__()``, no unsafe loader name in the one module that imports yaml.
* RDF/XML (a 568-byte billion-laughs payload that keeps rdflib's parser busy for
  minutes) offered anywhere the project reads RDF is refused before parsing, promptly.
"""

from __future__ import annotations

import ast
import hashlib
import http.server
import json
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from kg.curation.loader import load_curation
from kg.errors import CurationError
from kg.rdf.load import RdfFileError, looks_like_xml, parse_trig, parse_turtle
from kg.schema.ontology import load_ontology
from tests.security_support import BILLION_LAUGHS_RDF, KG, ROOT, minimal_project, run_all

# --- YAML --------------------------------------------------------------------------------

#: Tags that make an unsafe loader run code; each would create the marker file.
CODE_TAGS = [
    '!!python/object/apply:os.system ["touch {marker}"]',
    '!!python/object/new:os.system ["touch {marker}"]',
    '!!python/object/apply:subprocess.check_call [["touch", "{marker}"]]',
    "!!python/name:os.system",
    "!!python/object/apply:builtins.exec [\"open('{marker}', 'w').close()\"]",
]
#: Nine levels of nine aliases: 9**9 (387 million) strings once expanded.
ALIAS_BOMB = "\n".join(
    ['lol0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    + [f"lol{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9)}]" for i in range(1, 9)]
)
#: (name, file, top-level key the loader expects, kg command that reads it).
YAML_ENTRY_POINTS = [
    ("manifest", "seeds/manifest.yaml", "documents", ["validate"]),
    ("entity registry", "seeds/curation/entities/core.yaml", "entities", ["validate"]),
    ("document curation", "seeds/curation/documents/000.yaml", "statements", ["validate"]),
    ("coverage ignore list", "seeds/curation/coverage-ignore.yaml", "ignore", ["coverage", "000"]),
    ("manifest read by kg ingest", "seeds/manifest.yaml", "documents", ["ingest", "{doc}"]),
]


def _payload(kind: str, key: str, marker: Path, tag: str = CODE_TAGS[0]) -> str:
    if kind == "tag":
        return f"{key}: {tag.format(marker=marker)}\n"
    return ALIAS_BOMB + f"\n{key}: *l8\n"


@pytest.mark.e2e
def test_every_yaml_entry_point_refuses_code_tags_and_alias_bombs_through_the_cli(tmp_path: Path) -> None:
    marker = tmp_path / "PWNED"
    commands, expect = [], []
    for name, rel, key, command in YAML_ENTRY_POINTS:
        for kind in ("tag", "bomb"):
            project = minimal_project(tmp_path / f"{name.replace(' ', '-')}-{kind}")
            (project / rel).write_text(_payload(kind, key, marker), encoding="utf-8")
            new_doc = project / "new.txt"
            new_doc.write_text("A new document about the Alpha Institute.\n", encoding="utf-8")
            commands.append([KG, *[a.replace("{doc}", str(new_doc)) for a in command], "--root", str(project)])
            expect.append((name, kind, rel))
    for ran, (name, kind, rel) in zip(run_all(commands), expect, strict=True):
        assert ran.returncode == 1, (name, kind, ran.stderr)
        assert "Traceback" not in ran.stderr
        assert f"{rel}:" in ran.stderr, (name, kind, ran.stderr)  # names the file (and the line)
        what = "YAML tags that construct objects are not allowed" if kind == "tag" else "YAML aliases (*name) are not allowed"
        assert what in ran.stderr, (name, kind, ran.stderr)
    assert not marker.exists()


@pytest.mark.parametrize("tag", CODE_TAGS)
def test_loaders_refuse_every_code_tag_without_running_it(tag: str, tmp_path: Path) -> None:
    """The library functions behind the commands, each with every tag."""
    from kg.curation.ignore import load_ignores
    from kg.curation.manifest import load_manifest
    from kg.curation.yamlload import load_yaml_text

    marker = tmp_path / "PWNED"
    project = minimal_project(tmp_path / "p")
    ontology = load_ontology(project / "ontology" / "kg.ttl")
    for _name, rel, key, _command in YAML_ENTRY_POINTS[:4]:
        path = project / rel
        original = path.read_text(encoding="utf-8")
        path.write_text(_payload("tag", key, marker, tag), encoding="utf-8")
        with pytest.raises(CurationError, match="YAML tags that construct objects are not allowed"):
            if rel.endswith("coverage-ignore.yaml"):
                load_ignores(path, rel)
            elif rel.endswith("manifest.yaml"):
                load_manifest(path, rel, project / "seeds")
            else:
                load_curation(project, ontology)
        path.write_text(original, encoding="utf-8")
    with pytest.raises(CurationError, match="YAML tags"):
        load_yaml_text(_payload("tag", "documents", marker, tag), "seeds/manifest.yaml")
    assert not marker.exists()


def test_an_alias_bomb_is_refused_at_the_first_alias_with_its_line() -> None:
    from kg.curation.yamlload import load_yaml_text

    with pytest.raises(CurationError) as info:
        load_yaml_text(ALIAS_BOMB, "seeds/manifest.yaml")
    assert "seeds/manifest.yaml:2: YAML syntax error: YAML aliases (*name) are not allowed" in str(info.value)


# --- the source scan: ruff, and what ruff cannot say -------------------------------------

#: Code ruff must refuse under the project's configuration: each line names the rule codes
#: it must raise.  (S403, ruff's pickle-import rule, is preview-only: banned-api covers it.)
RUFF_BAD_SOURCE = """\
import pickle  # TID251
import marshal  # TID251
import dill  # TID251
import asyncio, os, subprocess
import yaml  # TID251
from jinja2 import Environment
from rdflib.util import guess_format  # TID251
from yaml import FullLoader, full_load  # TID251

yaml.load(text)  # S506
yaml.load(text, Loader=yaml.Loader)  # S506
eval(text)  # S307
exec(text)  # S102
subprocess.run(text, shell=True)  # S602
subprocess.getoutput(text)  # S605
os.system(text)  # S605
os.popen(text)  # S605
os.execv(text, [])  # S606
os.spawnv(os.P_WAIT, text, [])  # S606
asyncio.create_subprocess_shell(text)  # TID251
pickle.loads(text)  # S301
marshal.loads(text)  # S302
Environment()  # S701
Environment(autoescape=False)  # S701
"""


def _ruff(*args: str, stdin: str | None = None) -> list[tuple[int, str]]:
    """(line, rule code) of every finding of ``ruff check`` under the project's configuration."""
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--no-cache", "--config", str(ROOT / "pyproject.toml"), "--output-format", "json", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
        check=False,
    )
    assert result.returncode in (0, 1), result.stderr
    return sorted((d["location"]["row"], d["code"]) for d in json.loads(result.stdout))


def test_ruff_security_rules_fire_with_the_project_configuration(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text(RUFF_BAD_SOURCE, encoding="utf-8")
    found = _ruff(str(bad))
    for row, line in enumerate(RUFF_BAD_SOURCE.splitlines(), 1):
        expected = set(line.partition("  # ")[2].split())
        assert expected <= {code for at, code in found if at == row}, (row, line, found)
    assert {code for _, code in found} >= {"S506", "S307", "S102", "S602", "S605", "S606", "S301", "S302", "S701", "TID251"}


def test_yaml_may_be_imported_by_the_yaml_loader_module_only() -> None:
    source = 'import yaml\n\nyaml.safe_load("a: 1")\n'
    assert _ruff("--stdin-filename", "kg/curation/yamlload.py", "-", stdin=source) == []
    assert _ruff("--stdin-filename", "kg/ingest/draft.py", "-", stdin=source) == [(1, "TID251")]


_UNSAFE_YAML = {"load", "load_all", "unsafe_load", "unsafe_load_all", "full_load", "full_load_all", "Loader", "UnsafeLoader", "FullLoader", "CLoader", "CUnsafeLoader", "CFullLoader"}  # fmt: skip
#: The one module that may import yaml: exempt from banned-api (TID251), so its loader names are checked here.
_YAML_MODULE = "kg/curation/yamlload.py"
#: Builtins called by bare name, which banned-api cannot match.
_BANNED_BUILTINS = {"compile", "__import__"}
_RDF_FORMATS = {"turtle", "ttl", "trig", "nt", "ntriples", "nquads"}
_OX_FORMATS = {"TURTLE", "TRIG", "N_TRIPLES", "N_QUADS"}
#: Modules that pass the RDF format as a variable, and why that variable can only be Turtle-family.
_FORMAT_VARIABLE_OK = {
    "kg/rdf/load.py": "fmt is typed Literal['turtle', 'trig'] (checked by mypy --strict)",
    "kg/sparql/remote.py": "fmt is 'turtle' or 'nt', chosen on the line above",
}


def _dotted(node: ast.AST) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return f"{_dotted(node.value)}.{node.attr}"
    return ""


def _findings(path: Path, rel: str) -> list[str]:
    """What ruff cannot check: RDF formats, compile/__import__, unsafe loader names in the yaml module."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=rel)
    found = []
    for node in ast.walk(tree):
        where = f"{rel}:{getattr(node, 'lineno', 0)}"
        if rel == _YAML_MODULE and isinstance(node, ast.Attribute) and _dotted(node).startswith("yaml.") and node.attr in _UNSAFE_YAML:
            found.append(f"{where}: uses {_dotted(node)}")
        if rel == _YAML_MODULE and isinstance(node, ast.ImportFrom) and node.module == "yaml":
            found += [f"{where}: from yaml import {a.name}" for a in node.names if a.name in _UNSAFE_YAML]
        if not isinstance(node, ast.Call):
            continue
        func = _dotted(node.func)
        keywords = {k.arg: k.value for k in node.keywords}
        if func in _BANNED_BUILTINS:
            found.append(f"{where}: calls {func}()")
        if isinstance(node.func, ast.Attribute) and node.func.attr == "parse" and func not in ("ast.parse", "email.parser.parse"):
            if func == "ox.parse":  # pyoxigraph's parser: an RdfFormat member, as for a store's load
                found += _rdf_format_findings(where, rel, keywords.get("format"), _OX_FORMATS, str_values=False)
            else:
                found += _rdf_format_findings(where, rel, keywords.get("format"), _RDF_FORMATS, str_values=True)
        if isinstance(node.func, ast.Attribute) and node.func.attr in ("bulk_load", "load") and func.startswith(("store.", "ox.")):
            found += _rdf_format_findings(where, rel, keywords.get("format"), _OX_FORMATS, str_values=False)
    return found


#: Modules that parse a named format outside the Turtle family, and why that is safe.
_OTHER_FORMAT_OK = {
    # read_jsonld: the W3C context is swapped for the bundled copy and the parse runs under network_lockdown
    ("kg/rdf/annotations.py", "json-ld"): "bundled context, no network",
}


def _rdf_format_findings(where: str, rel: str, fmt: ast.expr | None, allowed: set[str], str_values: bool) -> list[str]:
    if fmt is None:
        return [f"{where}: parses RDF without an explicit format= (rdflib would guess, RDF/XML included)"]
    if str_values and isinstance(fmt, ast.Constant):
        ok = fmt.value in allowed or (rel, fmt.value) in _OTHER_FORMAT_OK
        return [] if ok else [f"{where}: parses RDF as {fmt.value!r}"]
    if not str_values and isinstance(fmt, ast.Attribute):
        return [] if fmt.attr in allowed else [f"{where}: loads RDF as {fmt.attr}"]
    if rel in _FORMAT_VARIABLE_OK:
        return []
    return [f"{where}: the RDF format is a variable; make it a literal or review the module and list it in _FORMAT_VARIABLE_OK"]


def test_source_of_kg_parses_rdf_with_an_explicit_format_and_calls_no_compile() -> None:
    files = sorted((ROOT / "kg").rglob("*.py"))
    assert len(files) > 40
    problems = [p for path in files for p in _findings(path, path.relative_to(ROOT).as_posix())]
    assert problems == []


def test_the_source_scan_catches_what_it_looks_for(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text(
        "import yaml\nfrom yaml import FullLoader\nyaml.load(s, Loader=yaml.Loader)\ncompile('1', 'f', 'exec')\n__import__('os')\n"
        "g.parse('x.rdf')\ng.parse(p, format='xml')\nstore.bulk_load(path=p, format=ox.RdfFormat.RDF_XML)\ng.parse(p, format=f)\n"
        "ox.parse(path=p, format=ox.RdfFormat.RDF_XML)\n",
        encoding="utf-8",
    )
    found = "\n".join(_findings(bad, _YAML_MODULE))
    for expected in ("from yaml import FullLoader", "uses yaml.load", "uses yaml.Loader", "calls compile()", "calls __import__()", "without an explicit format=", "parses RDF as 'xml'", "loads RDF as RDF_XML", "the RDF format is a variable"):  # fmt: skip
        assert expected in found, expected
    assert found.count("loads RDF as RDF_XML") == 2  # a store's bulk_load and pyoxigraph's parse
    assert "yaml" not in "\n".join(_findings(bad, "kg/other.py"))  # elsewhere ruff's banned-api says it


# --- RDF: Turtle and TriG only -----------------------------------------------------------


def test_the_fixture_is_a_small_billion_laughs() -> None:
    data = BILLION_LAUGHS_RDF.read_bytes()
    assert len(data) <= 575 and b"<!ENTITY" in data and b"rdf:RDF" in data


@pytest.mark.e2e
def test_rdf_xml_is_refused_before_parsing_wherever_rdf_is_read(tmp_path: Path) -> None:
    """Each command that reads RDF, offered the billion laughs as .rdf, as .owl, as .ttl and as .trig."""
    bomb = BILLION_LAUGHS_RDF.read_bytes()
    project = minimal_project(tmp_path / "project")
    for name in ("bomb.rdf", "bomb.owl", "bomb.xml", "bomb.ttl", "bomb.nt"):
        (tmp_path / name).write_bytes(bomb)
    broken_ontology = minimal_project(tmp_path / "ontology-bomb")
    (broken_ontology / "ontology" / "kg.ttl").write_bytes(bomb)
    broken_shapes = minimal_project(tmp_path / "shapes-bomb")
    (broken_shapes / "ontology" / "shapes.ttl").write_bytes(bomb)
    trig_build = tmp_path / "build-bomb"
    trig_build.mkdir()
    (trig_build / "kg.trig").write_bytes(bomb)
    (trig_build / "analysis.trig").write_bytes(b"")
    notebook = minimal_project(tmp_path / "notebook-bomb")
    (notebook / "build").mkdir()
    (notebook / "build" / "kg.ttl").write_bytes(bomb)
    (notebook / "build" / "kg.trig").write_bytes(bomb)
    root = ["--root", str(project)]
    cases = [
        ([KG, "build", "--root", str(broken_ontology)], "ontology/kg.ttl:1: the file is XML or HTML"),
        ([KG, "validate", "--root", str(broken_shapes)], "ontology/shapes.ttl:1: the file is XML or HTML"),
        ([KG, "analyze", *root, "--input", str(tmp_path / "bomb.rdf")], "bomb.rdf: not a Turtle file"),
        ([KG, "viz", *root, "--input", str(tmp_path / "bomb.owl")], "bomb.owl: not a Turtle file"),
        ([KG, "export", *root, "--format", "csv", "--input", str(tmp_path / "bomb.xml")], "bomb.xml: not a Turtle file"),
        ([KG, "analyze", *root, "--input", str(tmp_path / "bomb.ttl")], "bomb.ttl:1: the file is XML or HTML"),
        ([KG, "viz", *root, "--input", str(tmp_path / "bomb.nt")], "bomb.nt:1: the file is XML or HTML"),
        ([KG, "query", "--build", str(trig_build), "--no-cache", "ASK {}"], "kg.trig:1: the file is XML or HTML"),
        ([KG, "query", "--build", str(trig_build), "ASK {}"], "kg.trig:1: the file is XML or HTML"),
        ([KG, "push", "--build", str(trig_build), "--dump", str(tmp_path / "out.nq")], "kg.trig:1: the file is XML or HTML"),
        ([KG, "serve", "--build", str(trig_build), "--port", "0", "--workers", "1"], "kg.trig:1: the file is XML or HTML"),
        ([sys.executable, "-c", f"from kg.notebook import load; load({str(notebook)!r})"], "build/kg.ttl:1: the file is XML or HTML"),
    ]
    results = run_all([c for c, _ in cases])
    for ran, (_command, message) in zip(results, cases, strict=True):
        assert ran.returncode == 1, (ran.args, ran.stderr)
        assert message in ran.stderr, (ran.args, ran.stderr)
        assert "RDF/XML" in ran.stderr
        if ran.args[0] == KG:
            assert "Traceback" not in ran.stderr and ran.stderr.startswith("error: ")
    assert not (tmp_path / "out.nq").exists() and not (broken_ontology / "build").exists()


def test_turtle_and_trig_files_are_parsed_with_their_format_and_absolute_iris_only(tmp_path: Path) -> None:
    good = tmp_path / "good.ttl"
    good.write_text("PREFIX ex: <http://example.org/>\nex:a ex:b ex:c .\n", encoding="utf-8")
    assert len(parse_turtle(good)) == 1
    trig = tmp_path / "good.trig"
    trig.write_text("<urn:g> { <urn:a> <urn:b> <urn:c> . }\n", encoding="utf-8")
    assert len(list(parse_trig(trig).quads((None, None, None, None)))) == 1
    relative = tmp_path / "relative.ttl"
    relative.write_text("<a> <http://example.org/b> <c> .\n", encoding="utf-8")
    with pytest.raises(RdfFileError, match="relative IRI"):  # rdflib would make it file:///<absolute path>/a
        parse_turtle(relative)
    broken = tmp_path / "broken.ttl"
    broken.write_text("PREFIX ex: <http://example.org/>\nex:a ex:b ex:c .\nex:a ex:b .\n", encoding="utf-8")
    with pytest.raises(RdfFileError, match=r"broken.ttl:3: not valid Turtle"):
        parse_turtle(broken)
    shutil.copy(good, tmp_path / "good.rdf")
    with pytest.raises(RdfFileError, match="not a Turtle file"):  # the name decides before the content is read
        parse_turtle(tmp_path / "good.rdf")


@pytest.mark.parametrize(
    ("head", "xml"),
    [
        (b'<?xml version="1.0"?>', True),
        (b"\xef\xbb\xbf<?xml version='1.0'?>", True),
        (b"  \n# comment\n<!DOCTYPE rdf:RDF [", True),
        (b"<!-- a comment -->", True),
        (b"<rdf:RDF\n  xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'>", True),
        (b"<html><body>", False),  # not XML-with-attributes; as Turtle it fails to parse, cleanly
        (b"<!doctype html>", True),
        (b"<http://example.org/a> <http://example.org/b> <http://example.org/c> .", False),
        (b"<urn:a> <urn:b> <urn:c> .", False),
        (b"@prefix ex: <http://example.org/> .", False),
        (b"PREFIX ex: <http://example.org/>", False),
        (b"# <?xml in a comment\nex:a ex:b ex:c .", False),
    ],
)
def test_xml_is_recognised_from_the_first_bytes(head: bytes, xml: bool) -> None:
    assert looks_like_xml(head) is xml


class _XmlEndpoint(http.server.BaseHTTPRequestHandler):
    """A SPARQL endpoint that answers every query with the billion laughs, labelled RDF/XML."""

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        body = BILLION_LAUGHS_RDF.read_bytes()
        self.send_response(200)
        self.send_header("Content-Type", "application/rdf+xml")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        """Quiet."""


@pytest.mark.e2e
def test_a_remote_store_answering_rdf_xml_is_not_parsed_as_rdf_xml() -> None:
    """kg query --endpoint reads graphs as Turtle or N-Triples whatever the Content-Type says."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _XmlEndpoint)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/query"
        (ran,) = run_all([[KG, "query", "--endpoint", url, "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"]])
    finally:
        server.shutdown()
        server.server_close()
    assert ran.returncode == 1, ran.stderr
    assert "sent a graph that could not be read as nt" in ran.stderr and "Traceback" not in ran.stderr


def test_the_ontology_loader_refuses_owl_xml_names(tmp_path: Path) -> None:
    owl = tmp_path / "kg.owl"
    shutil.copy(ROOT / "ontology" / "kg.ttl", owl)
    with pytest.raises(RdfFileError, match="not a Turtle file"):
        load_ontology(owl)


# --- outside IRIs in curation -------------------------------------------------------------


@pytest.mark.parametrize(
    ("rel", "old", "new", "message"),
    [
        (
            "seeds/manifest.yaml",
            "    kind: test\n",
            '    kind: test\n    url: "javascript:window.__pwned=1"\n',
            "documents[0].url: the document's URL must start with http:// or https:// (not 'javascript:')",
        ),
        (
            "seeds/manifest.yaml",
            "    kind: test\n",
            '    kind: test\n    url: "https://example.org/a> . <urn:x> <urn:y> <urn:z"\n',
            "documents[0].url: the document's URL contains '>'",
        ),
        (
            "seeds/curation/entities/core.yaml",
            "      en: Beta Laboratory\n",
            '      en: Beta Laboratory\n    same_as: ["javascript:alert(1)"]\n',
            "same_as: must be a list of http(s) IRIs; 'javascript:alert(1)' must start with http:// or https://",
        ),
        (
            "seeds/curation/entities/core.yaml",
            "      en: Beta Laboratory\n",
            '      en: Beta Laboratory\n    same_as: ["https://example.org/\\u202egnp.exe"]\n',  # a right-to-left override
            "contains '\\u202e'",
        ),
    ],
    ids=["javascript-url", "turtle-injection-url", "javascript-same-as", "rtl-override-same-as"],
)
def test_outside_iris_must_be_plain_http_iris(tmp_path: Path, rel: str, old: str, new: str, message: str) -> None:
    project = minimal_project(tmp_path / "p")
    path = project / rel
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    with pytest.raises(CurationError) as info:
        load_curation(project, load_ontology(project / "ontology" / "kg.ttl"))
    assert message in str(info.value)


def test_the_minimal_project_is_valid(tmp_path: Path) -> None:
    """The base every test above breaks in one place."""
    project = minimal_project(tmp_path / "p")
    curation = load_curation(project, load_ontology(project / "ontology" / "kg.ttl"))
    assert len(curation.statements) == 1


# --- the terminal ---------------------------------------------------------------------------

TERMINAL_LINE = "The [link=https://evil.example]Gamma Agency[/link] and the [bold]Delta Office[/x] met \x1b]0;pwned\x07 here.\n"


@pytest.mark.e2e
def test_text_from_documents_reaches_the_terminal_as_text(tmp_path: Path) -> None:
    """No rich markup (a fake hyperlink, or a crash on '[/x]') and no escape sequence from a document or label."""
    project = minimal_project(tmp_path / "p")
    doc = project / "seeds" / "000_doc.txt"
    old_sha = hashlib.sha256(doc.read_bytes()).hexdigest()
    doc.write_text(doc.read_text(encoding="utf-8") + TERMINAL_LINE, encoding="utf-8")
    manifest = project / "seeds" / "manifest.yaml"
    manifest.write_text(
        manifest.read_text(encoding="utf-8").replace(old_sha, hashlib.sha256(doc.read_bytes()).hexdigest()), encoding="utf-8"
    )
    core = project / "seeds" / "curation" / "entities" / "core.yaml"
    core.write_text(  # YAML's \e is ESC: clear the screen, then set the window title
        core.read_text(encoding="utf-8").replace("en: Beta Laboratory", 'en: "Beta Laboratory \\e[2J\\e]0;pwned\\a [/x]"'), encoding="utf-8"
    )
    env = {**os.environ, "FORCE_COLOR": "1", "COLUMNS": "250"}  # render as rich does on a real terminal
    root = ["--root", str(project)]
    (built,) = run_all([[KG, "build", *root]], env=env)
    assert built.returncode == 0, built.stderr
    results = run_all(
        [
            [KG, "coverage", "000", *root],
            [KG, "analyze", *root, "--nodes", "all"],
            [KG, "query", *root, "SELECT ?label WHERE { ?e skos:prefLabel ?label }"],
            [KG, "stats", *root],
        ],
        env=env,
    )
    for ran in results:
        assert ran.returncode == 0, (ran.args, ran.stderr)
        for stream in (ran.stdout, ran.stderr):
            assert "Traceback" not in stream
            assert "\x1b]" not in stream and "\x1b[2J" not in stream, (ran.args, stream)  # no OSC (title, hyperlink), no clearing
    coverage, analyze, query, _stats = (r.stdout for r in results)
    assert "https://evil.example]Gamma Agency[/link]" in coverage and "\\x1b]0;pwned\\x07" in coverage
    assert "\\x1b[2J" in analyze and "[/x]" in analyze
    assert "Beta Laboratory \\x1b[2J\\x1b]0;pwned\\x07 [/x]" in query
