"""What the project writes: hostile text stays text, and nothing of the build machine leaks.

One project (the real ontology, a small valid document, and a hostile document whose
labels, quotes, glosses, title and publisher are script injections, template syntax,
right-to-left overrides and a very long name) is built, analysed, rendered, exported,
queried and dumped with the real command line under a distinctive path, with a fake
secret, user, host name and home directory in the environment.  (A small project keeps
the test fast; every output file and code path of the full seeds is exercised.)  Then:

* every file written under ``build/`` (text and binary, the query cache included) is
  scanned for the project path, the temporary directory, the home directory, the user
  and host names and the secret;
* the HTML explorer and the query page of ``kg serve`` are opened in real Chromium,
  the hostile nodes selected, searched for and hovered, their quotes shown, and the
  page checked: nothing ran, the hostile text is visible as text, no request left the
  file or the server, and a Content-Security-Policy is in force.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import socket
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.security_support import HANG_GUARD, KG, audit_env, audit_events, minimal_project, run_all

pytestmark = pytest.mark.e2e

SCRIPT = "<script>window.__pwned=1</script>"
IMG = '<img src=x onerror="window.__pwned=2">'
SVG = '"><svg onload="window.__pwned=3">'
CLOSE = "</script><script>window.__pwned=4</script>"
JS_URL = "javascript:window.__pwned=5"
TEMPLATE = "{{ 7*7 }} ${window.__pwned=6} {% if 1 %}x{% endif %}"
RTL = "\u202eexe.gnp\u202c"
STYLE = "<!-- --><style>body{display:none}</style>"
LONG = " ".join(["Very long name"] * 400)
#: Every hostile string, as it must appear (verbatim, as text) in the pages.
HOSTILE = [SCRIPT, IMG, SVG, CLOSE, JS_URL, TEMPLATE, RTL, STYLE]

SENTENCES = [
    f"The {SCRIPT} Institute and the {IMG} Laboratory signed a memorandum of understanding in 2020.",
    f"The {SVG} University carries out joint research with the {CLOSE} Centre, see {JS_URL}.",
    f"The {TEMPLATE} Platform and the {RTL} Company trade with Shanghai.",
    f"The {STYLE} Museum cooperates with the {LONG} Foundation.",
    "上海与<script>window.__pwned=7</script>研究所开展技术合作。",
]
HOSTILE_TEXT = f"Hostile test document {SCRIPT}\n\n" + "\n".join(SENTENCES) + "\n"


def _entity(ident: str, cls: str, en: str, **extra: object) -> dict[str, object]:
    return {"id": ident, "class": cls, "label": {"en": en, **extra.pop("labels", {})}, **extra}  # type: ignore[dict-item]


ENTITIES = [
    _entity("hostile-script", "ResearchInstitute", f"{SCRIPT} Institute", labels={"zh": "<script>window.__pwned=7</script>研究所"}),
    _entity("hostile-img", "Laboratory", f"{IMG} Laboratory"),
    _entity("hostile-svg", "University", f"{SVG} University"),
    _entity("hostile-close", "ResearchCentre", f"{CLOSE} Centre", alt={"en": [JS_URL]}),
    _entity("hostile-template", "Platform", f"{TEMPLATE} Platform"),
    _entity("hostile-rtl", "Enterprise", f"{RTL} Company"),
    _entity("hostile-style", "Museum", f"{STYLE} Museum", same_as=["https://example.org/x?next=javascript:alert(1)"]),
    _entity("hostile-long", "Association", f"{LONG} Foundation"),
    _entity("shanghai", "Municipality", "Shanghai", labels={"zh": "上海"}),
]
STATEMENTS = [
    {"link": "MemorandumOfUnderstanding", "participants": ["hostile-script", "hostile-img"], "date": 2020, "quote": SENTENCES[0]},
    {"link": "JointResearch", "participants": ["hostile-svg", "hostile-close"], "quote": SENTENCES[1]},
    {"link": "Trade", "participants": ["hostile-template", "shanghai"], "quote": SENTENCES[2]},
    {"link": "Trade", "participants": ["hostile-rtl", "shanghai"], "quote": SENTENCES[2]},
    {"link": "TechnologyCooperation", "participants": ["hostile-style", "hostile-long"], "quote": SENTENCES[3]},
    {
        "link": "TechnologyCooperation",
        "participants": ["shanghai", "hostile-script"],
        "quote": SENTENCES[4],
        "gloss": f"Shanghai cooperates with the {IMG} institute {TEMPLATE}.",
    },
]


def test_the_ontology_page_shows_hostile_text_as_text_and_stays_offline(browser: object, hostile_build: HostileBuild) -> None:
    """kg docs shows entity names, quotes and document titles from the hostile document: as text, and no script at all."""
    page, blocked, errors = _guarded_page(browser, ("file:",))
    page.goto((hostile_build.build / "ontology.html").as_uri())  # type: ignore[attr-defined]
    csp = page.get_attribute('meta[http-equiv="Content-Security-Policy"]', "content")  # type: ignore[attr-defined]
    assert csp and "default-src 'none'" in csp and "script-src 'none'" in csp
    shown = page.inner_text("main")  # type: ignore[attr-defined]
    for text in (f"{SCRIPT} Institute", "<script>window.__pwned=7</script>研究所", f"{IMG} Laboratory", f"{SCRIPT} Hostile document {SVG}"):
        assert text in shown, text
    assert any(sentence in shown for sentence in SENTENCES[:3])  # a quote behind a use of kg:kind
    state = page.evaluate(_NOTHING_RAN)  # type: ignore[attr-defined]
    assert state == {"pwned": "undefined", "handlers": 0, "injected": 0, "scripts": 0, "hidden": False}
    assert blocked == [] and errors == []
    page.close()  # type: ignore[attr-defined]


def _yaml(value: object) -> str:
    """JSON is YAML: a safe way to write any string into a curation file."""
    return json.dumps(value, ensure_ascii=True, indent=1)


def write_hostile_project(root: Path) -> Path:
    """A small valid project plus document 999, whose every text field is hostile."""
    minimal_project(root)
    data = HOSTILE_TEXT.encode("utf-8")
    (root / "seeds" / "999_hostile.txt").write_bytes(data)
    entry = {
        "id": "999",
        "file": "999_hostile.txt",
        "sha256": hashlib.sha256(data).hexdigest(),
        "title": {"en": f"{SCRIPT} Hostile document {SVG}", "zh": f"敌意文件 {IMG}"},
        "languages": ["en", "zh"],
        "publisher": IMG,
        "kind": "test",
        "description": f"{TEMPLATE} {RTL} {STYLE}",
        "url": "https://example.org/report?next=javascript:alert(1)",
    }
    manifest = root / "seeds" / "manifest.yaml"
    text = manifest.read_text(encoding="utf-8").rstrip("\n") + "\n  - " + _yaml(entry) + "\n"
    manifest.write_text(text, encoding="utf-8")
    curation = {"document": "999", "status": "complete", "modality": "reported", "entities": ENTITIES, "statements": STATEMENTS}
    (root / "seeds" / "curation" / "documents" / "999.yaml").write_text(_yaml(curation) + "\n", encoding="utf-8")
    return root


# --- the build, under a distinctive path and environment ------------------------------------


@dataclass(frozen=True)
class HostileBuild:
    """The built project and what must not appear in its outputs."""

    project: Path
    build: Path
    needles: dict[str, str]
    audit_log: Path
    processes: int


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory: pytest.TempPathFactory) -> HostileBuild:
    base = tmp_path_factory.mktemp("leakcheck-Qx7vZ")
    project = write_hostile_project(base / "proj-Kz93Wq")
    home = base / "home-Hm4Rt8"
    home.mkdir()
    secret = "kg-fake-secret-7Yp2Vd9Lq"
    audit, audit_log = audit_env(base / "audit")  # every process also logs its network audit events
    env = {
        **audit,
        "HOME": str(home),
        "USER": "analystUserT5",
        "LOGNAME": "analystUserT5",
        "HOSTNAME": "buildhost-W8e3",
        "KG_FAKE_SECRET": secret,
        "TMPDIR": str(base),
    }
    root = ["--root", str(project)]
    steps = [
        [[KG, "build", *root]],
        [[KG, "analyze", *root]],
        [
            [KG, "viz", *root],
            [KG, "docs", *root],
            [KG, "export", *root, "--format", "gexf"],
            [KG, "export", *root, "--format", "graphml"],
            [KG, "export", *root, "--format", "csv"],
            [KG, "query", *root, "--format", "json", "SELECT ?e WHERE { ?e a kg:Museum } LIMIT 1"],
            [KG, "push", *root, "--dump", str(project / "build" / "kg.nq")],
        ],
    ]
    for commands in steps:
        for ran in run_all(commands, env=env, cwd=home, timeout=180):
            assert ran.returncode == 0, (ran.args, ran.stderr)
    needles = {
        "project path": str(project),
        "resolved project path": str(project.resolve()),
        "temporary directory": str(base),
        "home directory": str(home),
        "secret": secret,
        "user (environment)": "analystUserT5",
        "host name (environment)": "buildhost-W8e3",
        "project directory name": "proj-Kz93Wq",
        "home directory name": "home-Hm4Rt8",
    }
    # The machine's own names, when long enough to mean something (a 4-letter name
    # such as "root" occurs by chance in any base64 or binary data).
    for label, value in (("real host name", socket.gethostname()), ("real user", _real_user())):
        if len(value) >= 6:
            needles[label] = value
    return HostileBuild(project, project / "build", needles, audit_log, sum(len(commands) for commands in steps))


def _real_user() -> str:
    import pwd

    return pwd.getpwuid(os.getuid()).pw_name


def test_outputs_hold_no_path_user_host_or_secret_of_the_build_machine(hostile_build: HostileBuild) -> None:
    files = sorted(p for p in hostile_build.build.rglob("*") if p.is_file())
    names = {p.name for p in files}
    expected = {"kg.ttl", "kg.trig", "report.md", "report.json", "graph.html", "analysis.trig", "centrality.csv"}
    expected |= {"clusters.csv", "countries.csv", "network.gexf", "network.graphml", "nodes.csv", "edges.csv", "kg.nq", "READY"}
    expected |= {"ontology.html"}
    assert expected <= names, expected - names
    assert any(".cache" in p.parts for p in files)  # the query store was written too
    leaks = []
    for path in files:
        data = path.read_bytes()
        for label, needle in hostile_build.needles.items():
            for encoded in {needle.encode("utf-8"), needle.encode("utf-16-le")}:
                if encoded in data:
                    leaks.append(f"{path.relative_to(hostile_build.build)}: {label}")
    assert leaks == []
    assert len(files) >= 25


def test_the_whole_pipeline_runs_without_a_network_event(hostile_build: HostileBuild) -> None:
    """build, analyze, viz, docs, export, query and push --dump: not one socket, DNS lookup or URL opened."""
    events = audit_events(hostile_build.audit_log)
    hooked = {e["pid"] for e in events if e["event"] == "hook-installed"}
    assert len(hooked) == hostile_build.processes
    assert [e for e in events if e["event"] != "hook-installed"] == []


def test_the_hostile_document_is_in_the_graph(hostile_build: HostileBuild) -> None:
    """The injections went through the whole pipeline (so the pages below do show them)."""
    ttl = (hostile_build.build / "kg.ttl").read_text(encoding="utf-8")
    for text in (SCRIPT, "onerror=", "<svg onload=", "</script><script>", JS_URL, "{{ 7*7 }}", "${window.__pwned=6}", RTL):
        assert text.replace('"', '\\"') in ttl, text


# --- real Chromium ---------------------------------------------------------------------------

# The browser fixture (headless Chromium, network features off) is shared: tests/conftest.py.


def _guarded_page(browser: object, allowed: tuple[str, ...]) -> tuple[object, list[str], list[str]]:
    """A page whose every request outside ``allowed`` URL prefixes is aborted and recorded; and its errors."""
    page = browser.new_page(viewport={"width": 1500, "height": 900})  # type: ignore[attr-defined]
    blocked: list[str] = []
    errors: list[str] = []

    def route(r: object) -> None:
        url = r.request.url  # type: ignore[attr-defined]
        if url.startswith(allowed):
            r.continue_()  # type: ignore[attr-defined]
        else:
            blocked.append(url)
            r.abort()  # type: ignore[attr-defined]

    page.route("**/*", route)
    page.on("request", lambda req: None if req.url.startswith((*allowed, "data:")) else blocked.append(req.url))
    page.on("pageerror", lambda e: errors.append(str(e)))
    return page, blocked, errors


def _open_every_match(page: object, query: str) -> tuple[str, list[str]]:
    """Search ``query``, click each match, then each link in its details: the text shown, and the matches."""
    shown = ""
    page.fill("#search", query)  # type: ignore[attr-defined]
    matches = page.locator("#matches button")  # type: ignore[attr-defined]
    found = [matches.nth(i).inner_text() for i in range(matches.count())]
    for i in range(len(found)):
        page.fill("#search", query)  # type: ignore[attr-defined]
        matches.nth(i).click()
        shown += page.inner_text("#details")  # type: ignore[attr-defined]
        links = page.locator("#details button")  # type: ignore[attr-defined]
        for j in range(links.count()):  # the link's evidence: quotes, glosses, documents
            if j:
                matches.nth(i).click()
            links.nth(j).click()
            shown += page.inner_text("#details")  # type: ignore[attr-defined]
    return shown, found


#: Puts an <img onerror=...> into the page the way an escaping bug would, and reports
#: whether its handler ran once the error event has fired.
_INJECTED_HANDLER = """() => new Promise(resolve => {
  const box = document.createElement('div');
  box.innerHTML = '<img src="data:," onerror="window.__pwned=9">';
  box.firstChild.addEventListener('error', () => setTimeout(() => resolve(typeof window.__pwned), 0));
  document.body.appendChild(box);
})"""

_NOTHING_RAN = """() => ({
  pwned: typeof window.__pwned,
  handlers: [...document.querySelectorAll('*')].filter(e => [...e.attributes].some(a => a.name.startsWith('on'))).length,
  injected: document.querySelectorAll('body img, body svg, body iframe, body object, body embed, body style').length,
  scripts: document.querySelectorAll('script').length,
  hidden: getComputedStyle(document.body).display === 'none',
})"""


def test_the_explorer_shows_hostile_text_as_text_and_stays_offline(browser: object, hostile_build: HostileBuild) -> None:
    page, blocked, errors = _guarded_page(browser, ("file:",))
    page.goto((hostile_build.build / "graph.html").as_uri())  # type: ignore[attr-defined]
    page.wait_for_selector("body[data-ready='1']", timeout=HANG_GUARD * 1000)  # type: ignore[attr-defined]
    csp = page.get_attribute('meta[http-equiv="Content-Security-Policy"]', "content")  # type: ignore[attr-defined]
    assert csp and "default-src 'none'" in csp and "connect-src" not in csp
    # search for the injections as a user would, open every node found and every link of it
    shown, found = "", []
    for query in ("window.__pwned", "<!--", "\u202e", "very long name"):
        texts, seen = _open_every_match(page, query)
        shown, found = shown + texts, found + seen
    assert len(found) == 8 and any(SCRIPT in f for f in found) and any(STYLE in f for f in found), found
    for text in (
        *HOSTILE,
        "Shanghai cooperates with the",
        "上海与<script>window.__pwned=7</script>研究所",
        f"{SCRIPT} Hostile document {SVG}",
    ):
        assert text in shown, text
    # the very long name and the hover title of a hostile node
    page.evaluate("window.kgExplorer.showNode('hostile-long')")  # type: ignore[attr-defined]
    assert LONG in page.inner_text("#details h1")  # type: ignore[attr-defined]
    page.evaluate("window.kgExplorer.network.fit()")  # type: ignore[attr-defined]
    point = page.evaluate(  # type: ignore[attr-defined]
        "(() => { const n = window.kgExplorer.network; const p = n.getPositions(['hostile-img'])['hostile-img'];"
        " const d = n.canvasToDOM(p); const r = document.querySelector('#canvas').getBoundingClientRect();"
        " return {x: r.left + d.x, y: r.top + d.y}; })()"
    )
    page.mouse.move(point["x"], point["y"])  # type: ignore[attr-defined]
    page.wait_for_selector("div.vis-tooltip", state="visible", timeout=5_000)  # type: ignore[attr-defined]
    assert IMG in page.inner_text("div.vis-tooltip")  # type: ignore[attr-defined]
    state = page.evaluate(_NOTHING_RAN)  # type: ignore[attr-defined]
    assert state == {"pwned": "undefined", "handlers": 0, "injected": 0, "scripts": 3, "hidden": False}
    # defence in depth: even markup that did reach the page as HTML could not run (the CSP
    # lets only the page's own two scripts run, by hash)
    assert csp and "'unsafe-inline'" not in csp.split("script-src")[1].split(";")[0]
    assert page.evaluate(_INJECTED_HANDLER) == "undefined"  # type: ignore[attr-defined]
    assert blocked == [] and errors == []
    page.close()  # type: ignore[attr-defined]


def test_the_query_page_of_kg_serve_shows_hostile_results_as_text(browser: object, hostile_build: HostileBuild) -> None:
    server = subprocess.Popen(
        [KG, "serve", "--build", str(hostile_build.build), "--port", "0", "--workers", "1", "--quiet"],
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert server.stderr is not None
        found = re.search(r"at (http://127\.0\.0\.1:\d+)/sparql", server.stderr.readline())
        assert found
        base = found.group(1)
        from playwright.sync_api import expect

        page, blocked, errors = _guarded_page(browser, (base + "/",))
        response = page.goto(base + "/")  # type: ignore[attr-defined]
        csp = response.headers.get("content-security-policy", "")
        assert "default-src 'self'" in csp and "script-src" not in csp  # no inline script may run
        # (no wait_for_function: it evaluates a string, which the page's CSP rightly forbids)
        page.wait_for_selector("#catalogue option:nth-child(6)", state="attached")  # type: ignore[attr-defined]
        queries = [
            "SELECT ?e ?label WHERE { ?e skos:prefLabel|skos:altLabel ?label . FILTER(CONTAINS(?label, 'pwned') || STRSTARTS(?label, 'javascript:')) } ORDER BY ?e",
            "SELECT ?quote ?gloss ?title WHERE { ?ev prov:wasQuotedFrom ent:document-999 ; oa:hasTarget/oa:hasSelector/oa:exact ?quote . OPTIONAL { ?ev kg:gloss ?gloss }"
            " ent:document-999 dcterms:title ?title }",
            "DESCRIBE ent:hostile-close",
        ]
        shown = ""
        for query in queries:
            page.fill("#query", query)  # type: ignore[attr-defined]
            page.click("#run")  # type: ignore[attr-defined]
            expect(page.locator("#status")).to_have_text(re.compile(r" in \d+ ms$"), timeout=HANG_GUARD * 1000)  # type: ignore[attr-defined]
            shown += page.inner_text("#result")  # type: ignore[attr-defined]
        for text in HOSTILE:
            assert text in shown, text
        # an error message quoting the query back is shown as text too
        page.fill("#query", f"SELECT * WHERE {{ {SCRIPT} }}")  # type: ignore[attr-defined]
        page.click("#run")  # type: ignore[attr-defined]
        page.wait_for_selector("#status.error")  # type: ignore[attr-defined]
        assert SCRIPT in page.inner_text("#status")  # type: ignore[attr-defined]
        state = page.evaluate(_NOTHING_RAN)  # type: ignore[attr-defined]
        assert state == {"pwned": "undefined", "handlers": 0, "injected": 0, "scripts": 1, "hidden": False}
        assert blocked == [] and errors == []
        page.close()  # type: ignore[attr-defined]
    finally:
        server.terminate()
        try:
            server.wait(HANG_GUARD)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
