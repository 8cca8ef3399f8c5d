"""The HTML explorer in real headless Chromium: draws, stays offline, escapes text."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from rdflib import Graph

from kg.build.pipeline import build
from kg.ingest.pipeline import ingest
from kg.project import Project
from kg.viz.html import ExplorerOptions
from tests.explorer_support import open_page, write_page

pytestmark = pytest.mark.browser

from playwright.sync_api import Browser, Page  # noqa: E402

HOSTILE = '<img src=x onerror="document.body.dataset.pwned=1"><script>document.body.dataset.pwned=2</script>'


def _open(browser: Browser, path: Path) -> tuple[Page, list[tuple[str, str]], list[str]]:
    page, logs, requests = open_page(browser, path)
    return page, logs, requests  # type: ignore[return-value]


def _write(tmp_path: Path, graph: Graph, name: str, options: ExplorerOptions | None = None) -> Path:
    return write_page(tmp_path, graph, name, options)


def test_seed_graph_draws_offline_without_errors(browser: Browser, graph: Graph, tmp_path: Path) -> None:
    path = _write(tmp_path, graph, "graph.html")
    page, logs, requests = _open(browser, path)
    assert [entry for entry in logs if entry[0] in ("error", "pageerror")] == []
    assert all(url.startswith(("file:", "data:")) for url in requests), requests
    stats: dict[str, Any] = page.evaluate("({n: window.kgExplorer.data.nodes.length, e: window.kgExplorer.data.edges.length})")
    assert stats["n"] > 300 and stats["e"] > 500
    assert "nodes" in page.inner_text("#status")
    # click-through: a node's details show its Thai and Chinese names and its links
    page.evaluate("window.kgExplorer.showNode('shanghai')")
    details = page.inner_text("#details")
    assert "上海" in details and "เซี่ยงไฮ้" in details and "links and facts" in details.lower()
    # an edge shows its evidence: quote, gloss and document
    page.evaluate(
        "(() => { const e = window.kgExplorer.data.edges.find(x => x.kind === 'Hosting' && x.from === 'mofcom'); window.kgExplorer.showEdge(e.id); })()"
    )
    details = page.inner_text("#details")
    assert "จัดโดยกระทรวงการพาณิชย์" in details and "organised by the Ministry of Commerce" in details and "Document 000" in details
    # filters: hiding every document hides every edge
    page.evaluate("(() => { window.kgExplorer.state.docs.clear(); window.kgExplorer.refresh(); })()")
    assert " 0 of " in page.inner_text("#status")
    page.evaluate(
        "(() => { window.kgExplorer.state.docs = new Set(['000','001','002','003','004']); window.kgExplorer.refresh(); window.kgExplorer.showNode('shanghai'); })()"
    )
    shot = tmp_path / "graph.png"
    page.screenshot(path=str(shot))
    assert shot.stat().st_size > 50_000  # a drawn network, not a blank page


def test_hostile_labels_and_quotes_render_as_text(browser: Browser, tmp_path: Path) -> None:
    from rdflib import Literal, Namespace, URIRef
    from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS

    from kg.rdf.vocab import ENT, KG, KG_NS, OA

    terms = Namespace(KG_NS)  # classes and kinds are the ontology's, not the closed namespace's
    graph = Graph()
    graph.add((terms.Actor, KG.entityRoot, Literal(True)))
    graph.add((terms.Country, RDFS.subClassOf, terms.Place))
    graph.add((terms.Place, RDFS.subClassOf, terms.Actor))
    for node, label in ((ENT.a, HOSTILE), (ENT.b, "B")):
        graph.add((node, RDF.type, terms.Country))
        graph.add((node, SKOS.prefLabel, Literal(label, lang="en")))
    graph.add((ENT.a, SKOS.altLabel, Literal("</script><script>document.body.dataset.pwned=3</script>", lang="en")))
    link, evidence, doc = ENT.l, ENT["evidence-x-0-9"], ENT["document-x"]
    graph.add((link, RDF.type, KG.CooperationLink))
    graph.add((link, KG.kind, terms.Trade))
    graph.add((link, KG.participant, ENT.a))
    graph.add((link, KG.participant, ENT.b))
    graph.add((link, PROV.wasDerivedFrom, evidence))
    graph.add((evidence, OA.hasTarget, ENT["evidence-x-0-9-target"]))
    graph.add((ENT["evidence-x-0-9-target"], OA.hasSelector, ENT["evidence-x-0-9-quote"]))
    graph.add((ENT["evidence-x-0-9-quote"], OA.exact, Literal(HOSTILE, lang="en")))
    graph.add((evidence, KG.gloss, Literal("<b onmouseover=alert(1)>gloss</b>", lang="en")))
    graph.add((evidence, PROV.wasQuotedFrom, doc))
    graph.add((doc, DCTERMS.identifier, Literal("x")))
    graph.add((doc, DCTERMS.title, Literal("<b>bold</b> title", lang="en")))
    assert isinstance(doc, URIRef)
    path = _write(tmp_path, graph, "hostile.html", ExplorerOptions(title='<script>document.body.dataset.pwned="title"</script>'))
    page, logs, requests = _open(browser, path)
    page.evaluate("window.kgExplorer.showNode('a')")
    page.evaluate("window.kgExplorer.showEdge(window.kgExplorer.data.edges[0].id)")
    page.fill("#search", "img")
    page.hover("#canvas")
    assert page.evaluate("document.body.dataset.pwned") is None
    assert page.locator("#details img").count() == 0 and page.locator("#matches img").count() == 0
    assert HOSTILE in page.inner_text("#details")
    assert "<script>" in page.inner_text("#controls h1")
    assert all(url.startswith(("file:", "data:")) for url in requests), requests
    assert [entry for entry in logs if entry[0] == "pageerror"] == []


def _graph_with_a_reviewed_draft(project: Project) -> Graph:
    """The seed graph plus an ingested document whose draft a curator has started on."""
    note = project.root / "note.txt"
    note.write_text("上海技术交易所与湄公河创新中心建立了长期技术合作。\n", encoding="utf-8")
    ingest(project, note, "n01")
    draft = project.curation / "documents" / "n01.yaml"
    text = (
        draft.read_text(encoding="utf-8")
        .replace("entities:\n", "entities:\n" + DRAFT_ENTITY)
        .replace("statements:\n", "statements:\n" + DRAFT_LINK)
    )
    draft.write_text(text, encoding="utf-8")
    return build(project, include_drafts=True, validate=False).union


DRAFT_ENTITY = """  - id: mekong-innovation-centre
    class: ResearchCentre
    label:
      en: "Mekong Innovation Centre"
      zh: "湄公河创新中心"
"""
DRAFT_LINK = """  - link: TechnologyCooperation
    participants: [shanghai-technology-exchange, mekong-innovation-centre]
    modality: reported
    quote: "上海技术交易所与湄公河创新中心建立了长期技术合作。"
    gloss: "The Shanghai Technology Exchange has set up long-term technology cooperation with the Mekong Innovation Centre."
"""


def test_drafts_are_shown_apart_and_can_be_hidden(browser: Browser, project_copy: Project, tmp_path: Path) -> None:
    """kg build --include-drafts: what only a draft says is marked, explained and switchable."""
    graph = _graph_with_a_reviewed_draft(project_copy)
    path = _write(tmp_path, graph, "drafts.html")
    page, logs, _requests = _open(browser, path)
    data: dict[str, Any] = page.evaluate("window.kgExplorer.data")
    assert data["drafts"] == {"documents": ["n01"], "nodes": 1, "edges": 1}
    [draft_edge] = [e for e in data["edges"] if e["draft"]]
    assert {draft_edge["from"], draft_edge["to"]} == {"shanghai-technology-exchange", "mekong-innovation-centre"}
    assert [n["id"] for n in data["nodes"] if n["draft"]] == ["mekong-innovation-centre"]
    assert page.is_visible("#drafts") and "document n01" in page.inner_text("#drafts")
    assert "(unreviewed draft)" in page.inner_text("#f-docs")

    page.evaluate(f"window.kgExplorer.showEdge({draft_edge['id']!r})")
    assert "Unreviewed draft: known only from document n01" in page.inner_text("#details")
    page.evaluate("window.kgExplorer.showNode('shanghai-technology-exchange')")
    assert "Unreviewed draft" not in page.inner_text("#details")  # reviewed entity, one draft link among many

    shown = "window.kgExplorer.network.body.data.edges.getIds().includes({!r})".format(draft_edge["id"])
    assert page.evaluate(shown)
    page.uncheck("#o-drafts")
    assert not page.evaluate(shown)
    assert not page.evaluate("window.kgExplorer.network.body.data.nodes.getIds().includes('mekong-innovation-centre')")
    page.check("#o-drafts")
    assert page.evaluate(shown)
    assert [entry for entry in logs if entry[0] in ("error", "pageerror")] == []


def test_a_reviewed_graph_has_no_draft_panel(browser: Browser, graph: Graph, tmp_path: Path) -> None:
    page, _logs, _requests = _open(browser, _write(tmp_path, graph, "reviewed.html"))
    assert page.evaluate("window.kgExplorer.data.drafts") == {"documents": [], "nodes": 0, "edges": 0}
    assert not page.is_visible("#drafts")


def test_the_modality_is_shown_on_each_edge_and_filters_the_network(browser: Browser, graph: Graph, tmp_path: Path) -> None:
    """A plan is never shown as a fact: each edge says how its text puts it, and each modality can be hidden."""
    page, logs, _requests = _open(browser, _write(tmp_path, graph, "modality.html"))
    boxes = page.query_selector_all("#f-modalities input[type=checkbox]")
    assert [b.get_attribute("value") for b in boxes] == ["Reported", "Announced", "Directed", "Recommended"]
    assert all(b.is_checked() for b in boxes)
    directed: str = page.evaluate("window.kgExplorer.data.edges.find(e => e.modality === 'Directed' && !e.draft).id")
    page.evaluate(f"window.kgExplorer.showEdge({directed!r})")
    details = page.inner_text("#details")
    assert "Modality" in details and "Directed" in details
    assert "Not reported: the text directs it (a policy orders or encourages it)" in details
    shown = f"window.kgExplorer.network.body.data.edges.getIds().includes({directed!r})"
    count = "window.kgExplorer.network.body.data.edges.getIds().length"
    before = page.evaluate(count)
    assert page.evaluate(shown)
    page.uncheck("#f-modalities input[value=Directed]")
    assert not page.evaluate(shown) and page.evaluate(count) < before
    page.check("#f-modalities input[value=Directed]")
    assert page.evaluate(shown) and page.evaluate(count) == before
    # a reported edge says so, and carries no note
    reported: str = page.evaluate("window.kgExplorer.data.edges.find(e => e.modality === 'Reported').id")
    page.evaluate(f"window.kgExplorer.showEdge({reported!r})")
    assert "Reported" in page.inner_text("#details") and "Not reported" not in page.inner_text("#details")
    assert [entry for entry in logs if entry[0] in ("error", "pageerror")] == []
