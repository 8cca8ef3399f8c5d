"""The explorer as an analyst uses it, in headless Chromium: a still map, stable filters,
ranked search, panels, paths, timeline, reader, shareable address, export, keyboard.

Each test first names the defect or the tool it covers; every check reads the page the
way a reader would (positions on the canvas, text in the panels, the address).
"""

from __future__ import annotations

import base64
import csv
import io
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from rdflib import Graph

from tests.explorer_support import errors, open_page, write_page

pytestmark = pytest.mark.browser

Page = Any  # playwright's Page, kept loose for mypy like the other browser tests


@pytest.fixture(scope="module")
def seed_page(graph: Graph, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_page(tmp_path_factory.mktemp("explorer"), graph, "graph.html")


@pytest.fixture
def page(browser: object, seed_page: Path) -> Iterator[tuple[Page, list[tuple[str, str]]]]:
    opened, logs, requests = open_page(browser, seed_page)
    yield opened, logs
    assert all(url.startswith(("file:", "data:")) for url in requests), requests
    opened.close()


def _positions(page: Page) -> dict[str, dict[str, float]]:
    positions: dict[str, dict[str, float]] = page.evaluate("window.kgExplorer.positions()")
    return positions


def _canvas(page: Page) -> bytes:
    shot: bytes = page.locator("#canvas canvas").screenshot()
    return shot


def _shown(page: Page) -> set[str]:
    return set(page.evaluate("window.kgExplorer.network.body.data.nodes.getIds()"))


def test_the_map_opens_still_at_its_computed_layout(page: tuple[Page, list[tuple[str, str]]]) -> None:
    """Defect: physics stopped after a fixed number of steps, so the map opened as an unconverged hairball."""
    p, logs = page
    data = p.evaluate("window.kgExplorer.data.nodes.map(n => [n.id, n.x, n.y])")
    first = _positions(p)
    assert all(first[i] == {"x": x, "y": y} for i, x, y in data if i in first)  # where the page was built to put them
    assert p.evaluate("window.kgExplorer.network.physics.options.enabled") is False
    time.sleep(1.0)
    assert _positions(p) == first  # nothing moves after load
    assert errors(logs) == []


def test_every_filter_view_and_reset_round_trip_gives_back_the_same_picture(page: tuple[Page, list[tuple[str, str]]]) -> None:
    """Defect: cluster 7 then all clusters moved 329 of 347 nodes; Top 25, a document or a class off and on did the same."""
    p, logs = page
    before, picture = _positions(p), _canvas(p)
    steps = [
        ("#f-cluster", "7"),
        ("#f-cluster", "all"),
        ("#o-view", "top25"),
        ("#o-view", "all"),
    ]
    for selector, value in steps:
        p.select_option(selector, value)
        now = _positions(p)
        assert all(now[n] == before[n] for n in now), f"{selector}={value} moved a node"
    for box in ("#f-docs input[value='004']", "#f-classes input[value='Country']", "#f-kinds input[value='locatedIn']"):
        p.uncheck(box)
        p.check(box)
    p.evaluate("window.kgExplorer.openNode('shanghai')")
    p.evaluate("window.kgExplorer.expand('shanghai')")  # the neighbourhood view keeps every node where it stands
    now = _positions(p)
    assert len(now) < len(before) and all(now[n] == before[n] for n in now)
    p.click("#b-reset")
    assert _positions(p) == before
    assert _canvas(p) == picture  # the same picture, pixel for pixel
    assert errors(logs) == []


def test_relax_layout_moves_nodes_and_reset_puts_them_back(page: tuple[Page, list[tuple[str, str]]]) -> None:
    p, logs = page
    before = _positions(p)
    p.click("#b-relax")
    p.wait_for_function("() => window.kgExplorer.network.physics.options.enabled === false", timeout=15_000)
    moved = _positions(p)
    assert sum(1 for n in before if moved[n] != before[n]) > len(before) // 2
    p.click("#b-reset")
    assert _positions(p) == before
    assert errors(logs) == []


def test_search_ranks_exact_then_prefix_then_contains_and_counts_every_match(page: tuple[Page, list[tuple[str, str]]]) -> None:
    """Defect: "Shanghai" gave 76 matches, the first 12 by id shown and Shanghai not among them."""
    p, logs = page
    for query in ("Shanghai", "上海", "เซี่ยงไฮ้", "  shang   HAI "):
        p.fill("#search", query)
        first = p.locator("#matches button.match").first.inner_text()
        assert first.startswith("Shanghai"), (query, first)
        assert "match" in p.inner_text("#match-count")
    p.fill("#search", "Shanghai")
    total = int(p.inner_text("#match-count").split()[0])
    assert total > 25
    while p.locator("#matches button.more").count():  # every match is reachable
        p.click("#matches button.more")
    assert p.locator("#matches button.match").count() == total
    ranked = p.evaluate("window.kgExplorer.search('Shanghai').map(n => n.label)")
    assert ranked[0] == "Shanghai" and len(ranked) == total
    assert (
        ranked.index("Shanghai Technology Exchange") < ranked.index("Pujiang Innovation Forum")
        if "Pujiang Innovation Forum" in ranked
        else True
    )
    p.fill("#search", "zzzz-nothing")
    assert p.inner_text("#match-count") == "No match"
    # Enter opens the first match
    p.fill("#search", "shanghai")
    p.press("#search", "Enter")
    assert p.inner_text("#details h1") == "Shanghai"
    assert errors(logs) == []


def test_every_entity_opens_from_search_even_when_hidden_or_unlinked(page: tuple[Page, list[tuple[str, str]]]) -> None:
    """Defect: 'Node with id "afghanistan" not found': 56 entities could never be opened."""
    p, logs = page
    hidden_at_start: list[str] = p.evaluate(
        "(() => { const shown = new Set(window.kgExplorer.network.body.data.nodes.getIds());"
        " return window.kgExplorer.data.nodes.filter(n => !shown.has(n.id)).map(n => n.id); })()"
    )
    assert hidden_at_start  # entities without a shown link are hidden by default
    opened = p.evaluate(
        "window.kgExplorer.data.nodes.map(n => n.id).filter(id => { window.kgExplorer.openNode(id);"
        " return document.querySelector('#details h1').textContent === window.kgExplorer.data.nodes.find(n => n.id === id).label"
        " && window.kgExplorer.network.body.data.nodes.get(id) !== null; }).length"
    )
    assert opened == p.evaluate("window.kgExplorer.data.nodes.length")
    assert errors(logs) == []


def test_a_hidden_class_stays_hidden_when_one_of_its_entities_is_opened(page: tuple[Page, list[tuple[str, str]]]) -> None:
    """Defect: opening an entity of a hidden class showed the whole class while its box stayed unticked."""
    p, logs = page
    p.uncheck("#f-classes input[value='Country']")
    p.fill("#search", "China")
    p.press("#search", "Enter")
    countries = p.evaluate(
        "window.kgExplorer.network.body.data.nodes.getIds().filter(id => window.kgExplorer.data.nodes.find(n => n.id === id).class === 'Country')"
    )
    assert countries == ["china"]
    assert not p.is_checked("#f-classes input[value='Country']")
    assert "Shown because you opened it" in p.inner_text("#details")
    assert errors(logs) == []


def test_an_edge_hidden_by_the_filters_opens_from_the_panel(page: tuple[Page, list[tuple[str, str]]]) -> None:
    """Defect: 'Edge with id "e363" not found' when a filtered-out edge was opened from the side panel."""
    p, logs = page
    p.uncheck("#f-kinds input[value='locatedIn']")
    p.evaluate("window.kgExplorer.openNode('shanghai')")
    p.locator("#details li:has(.tag) button").first.click()
    assert "Hidden by the current filters" in p.inner_text("#details")
    p.click("text=Show it on the map")
    edge = p.evaluate("window.kgExplorer.network.getSelectedEdges()")
    assert len(edge) == 1 and p.evaluate(f"window.kgExplorer.data.edges.find(e => e.id === '{edge[0]}').kind") == "locatedIn"
    assert errors(logs) == []


def test_panels_list_everything_they_count_link_to_each_other_and_go_back(page: tuple[Page, list[tuple[str, str]]]) -> None:
    """Defects: "Links and facts (165)" listed 80; participants were not links; no back."""
    p, logs = page
    p.evaluate("window.kgExplorer.openNode('shanghai')")
    heading = p.inner_text("#details h2:has-text('Links and facts')")
    count = int(heading.split("(")[1].split(")")[0].split(",")[0])
    assert count > 80 and p.locator("#details ul.links > li").count() == count
    p.locator("#details ul.links button").first.click()
    edge_title = p.inner_text("#details h1")
    participants = p.locator("#details dd button")
    assert participants.count() == 2
    other = participants.nth(1).inner_text()
    participants.nth(1).click()
    assert p.inner_text("#details h1") == other
    p.click("#b-back")
    assert p.inner_text("#details h1") == edge_title
    p.click("#b-back")
    assert p.inner_text("#details h1") == "Shanghai"
    assert errors(logs) == []


def test_labels_never_overlap_and_the_top_actors_are_labelled_at_fit(page: tuple[Page, list[tuple[str, str]]]) -> None:
    """Defect: labels were ~5 px at Fit, and around Shanghai overlapped into a solid mass."""
    p, logs = page

    def overlaps(labels: list[dict[str, float]]) -> int:
        return sum(
            1
            for i, a in enumerate(labels)
            for b in labels[i + 1 :]
            if a["x"] < b["x"] + b["w"] and b["x"] < a["x"] + a["w"] and a["y"] < b["y"] + b["h"] and b["y"] < a["y"] + a["h"]
        )

    at_fit = p.evaluate("window.kgExplorer.labels()")
    top = p.evaluate("window.kgExplorer.data.nodes.filter(n => n.rank < 3).map(n => n.id)")
    assert set(top) <= {label["id"] for label in at_fit}
    assert overlaps(at_fit) == 0 and len(at_fit) >= 15
    p.evaluate("window.kgExplorer.openNode('shanghai')")  # zoomed in around Shanghai
    p.evaluate("window.kgExplorer.network.moveTo({scale: window.kgExplorer.network.getScale() * 2, animation: false})")
    zoomed = p.evaluate("window.kgExplorer.labels()")
    assert overlaps(zoomed) == 0 and "shanghai" in {label["id"] for label in zoomed}
    p.select_option("#o-labels", "zh")
    chinese = p.evaluate("window.kgExplorer.labels()")
    assert any(label["text"].startswith("上海") for label in chinese)
    assert errors(logs) == []


def test_the_legend_tells_groups_shapes_kinds_and_clusters_apart(page: tuple[Page, list[tuple[str, str]]]) -> None:
    """Defect: 46 classes shared 20 colours, 19 fact relations one grey dash, 14 of 77 clusters in the legend."""
    p, logs = page
    data = p.evaluate("window.kgExplorer.data")
    groups = data["legend"]["groups"]
    assert 5 <= len(groups) <= 9 and len({g["colour"] for g in groups}) == len(groups)
    for group in groups:  # inside a group each class has its own shape and outline
        looks = [(c["shape"], c["outline"]) for c in group["classes"]]
        assert len(set(looks)) == len(looks)
    styles = data["kindStyles"]
    assert len({(s["color"], str(s["dashes"]), s.get("width", 1)) for s in styles.values()}) == len(styles)
    p.select_option("#o-color", "cluster")
    legend = p.inner_text("#legend")
    coloured = data["legend"]["clusters"]["coloured"]
    assert 1 <= len(coloured) <= 8 and "Other clusters" in legend
    assert len(coloured) + data["legend"]["clusters"]["other"]["clusters"] == len(data["clusters"])
    assert errors(logs) == []


def test_shortest_path_by_evidence_weight(page: tuple[Page, list[tuple[str, str]]]) -> None:
    p, logs = page
    p.evaluate("window.kgExplorer.openNode('shanghai-technology-exchange')")
    p.click("#details button:has-text('Path from here')")
    p.evaluate("window.kgExplorer.openNode('china')")
    p.click("#details button:has-text('Path to here')")
    found = p.evaluate("window.kgExplorer.path()")
    assert found["nodes"][0] == "shanghai-technology-exchange" and found["nodes"][-1] == "china"
    assert len(found["edges"]) == len(found["nodes"]) - 1 >= 1
    assert f"{len(found['edges'])} step" in p.inner_text("#path-box")
    assert set(p.evaluate("window.kgExplorer.network.getSelectedNodes()")) == set(found["nodes"])
    # the path follows the filters: with every document hidden there is none
    p.evaluate("(() => { window.kgExplorer.state.docs.clear(); window.kgExplorer.setPath('to', 'china'); })()")
    assert "No path" in p.inner_text("#path-box")
    assert errors(logs) == []


def test_expand_grows_the_neighbourhood_step_by_step(page: tuple[Page, list[tuple[str, str]]]) -> None:
    p, logs = page
    p.evaluate("window.kgExplorer.openNode('shanghai-technology-exchange')")
    p.click("#details button:has-text('Expand neighbours')")
    first = _shown(p)
    assert "shanghai-technology-exchange" in first and 1 < len(first) < 100
    assert "shanghai" in first
    p.evaluate("window.kgExplorer.expand('shanghai')")
    second = _shown(p)
    assert first <= second and len(second) > len(first)
    assert errors(logs) == []


def test_timeline_and_status_filter_the_links(page: tuple[Page, list[tuple[str, str]]]) -> None:
    p, logs = page
    data = p.evaluate("({years: window.kgExplorer.data.years, undated: window.kgExplorer.data.legend.undated})")
    assert data["years"][0] < data["years"][1] and data["undated"] > 0
    p.uncheck("#timeline input[type=checkbox]")  # dated links and facts only
    shown = p.evaluate(
        "window.kgExplorer.network.body.data.edges.get().map(e => window.kgExplorer.data.edges.find(x => x.id === e.id).year)"
    )
    assert shown and all(year is not None for year in shown)
    p.locator("#timeline input[type=range]").first.fill(str(data["years"][1]))  # from the last year only
    shown = p.evaluate(
        "window.kgExplorer.network.body.data.edges.get().map(e => window.kgExplorer.data.edges.find(x => x.id === e.id).year)"
    )
    assert set(shown) == {data["years"][1]}
    assert f"{data['years'][1]}–{data['years'][1]}, dated only" in p.inner_text("#timeline")
    p.click("#b-reset")
    p.uncheck("#f-statuses input[value='Proposed']")
    statuses = p.evaluate(
        "window.kgExplorer.network.body.data.edges.get().map(e => window.kgExplorer.data.edges.find(x => x.id === e.id).status)"
    )
    assert "Proposed" not in statuses and "" in statuses
    assert errors(logs) == []


def test_the_document_reader_shows_the_quote_in_its_text(page: tuple[Page, list[tuple[str, str]]]) -> None:
    p, logs = page
    p.evaluate(
        "(() => { const e = window.kgExplorer.data.edges.find(x => x.kind === 'Hosting' && x.from === 'mofcom'); window.kgExplorer.showEdge(e.id); })()"
    )
    p.click("#details .quote:has-text('จัดโดยกระทรวงการพาณิชย์') button:has-text('Read in the document')")
    assert "จัดโดยกระทรวงการพาณิชย์" in p.inner_text("#reader-mark")
    reader = p.locator("#details .reader")
    assert reader.get_attribute("lang") == "th" and len(reader.inner_text()) > 2000  # the whole document, not the quote
    assert "organised by the Ministry of Commerce" in p.inner_text("#details .gloss-box")
    p.click("#b-back")
    assert p.inner_text("#details h1") == "Hosting"
    assert errors(logs) == []


def test_the_address_restores_view_filters_selection_and_zoom(browser: object, seed_page: Path) -> None:
    """Defect: nothing of a view could be shared; now the hash carries it."""
    p, logs, _requests = open_page(browser, seed_page)
    p.select_option("#o-color", "cluster")
    p.uncheck("#f-docs input[value='003']")
    p.uncheck("#f-modalities input[value='Directed']")
    p.evaluate("window.kgExplorer.openNode('shanghai')")
    p.evaluate("window.kgExplorer.network.moveTo({scale: 1.7, position: {x: 100, y: -50}, animation: false})")
    p.wait_for_function("() => location.hash.includes('zoom=1.7000')")
    hash_ = p.evaluate("location.hash")
    shown, selected = _shown(p), p.inner_text("#details h1")
    p.close()
    q, logs2, _requests = open_page(browser, seed_page, hash_)
    assert _shown(q) == shown and q.inner_text("#details h1") == selected == "Shanghai"
    assert not q.is_checked("#f-docs input[value='003']") and not q.is_checked("#f-modalities input[value='Directed']")
    assert q.input_value("#o-color") == "cluster"
    assert abs(q.evaluate("window.kgExplorer.network.getScale()") - 1.7) < 1e-3
    assert q.evaluate("location.hash") == hash_
    assert errors(logs) == [] and errors(logs2) == []
    q.close()


def test_export_the_view_as_csv_and_png(page: tuple[Page, list[tuple[str, str]]]) -> None:
    p, logs = page
    p.select_option("#o-view", "top25")
    nodes = list(csv.DictReader(io.StringIO(p.evaluate("window.kgExplorer.csv('nodes')"))))
    assert len(nodes) == len(_shown(p)) <= 25 and nodes[0]["id"] == p.evaluate("window.kgExplorer.data.nodes.find(n => n.rank === 0).id")
    edges = list(csv.DictReader(io.StringIO(p.evaluate("window.kgExplorer.csv('edges')"))))
    assert len(edges) == p.evaluate("window.kgExplorer.network.body.data.edges.length") and all(e["quotes"] for e in edges)
    with p.expect_download() as download:
        p.click("#b-csv-edges")
    assert download.value.suggested_filename == "edges.csv"
    png = p.evaluate("window.kgExplorer.png()")
    assert png.startswith("data:image/png;base64,") and base64.b64decode(png.split(",", 1)[1])[:4] == b"\x89PNG"
    assert errors(logs) == []


def test_keyboard_reaches_search_results_map_and_list_view(page: tuple[Page, list[tuple[str, str]]]) -> None:
    p, logs = page
    p.focus("#search")
    p.keyboard.type("Beijing")
    p.keyboard.press("ArrowDown")
    assert p.evaluate("document.activeElement.id") == "match-0"
    p.keyboard.press("ArrowDown")
    assert p.evaluate("document.activeElement.id") == "match-1"
    p.keyboard.press("Enter")
    assert p.inner_text("#details h1") != ""
    p.focus("#canvas")
    before = p.evaluate("window.kgExplorer.network.getViewPosition()")
    p.keyboard.press("ArrowRight")
    assert p.evaluate("window.kgExplorer.network.getViewPosition()")["x"] > before["x"]
    scale = p.evaluate("window.kgExplorer.network.getScale()")
    p.keyboard.press("+")
    assert p.evaluate("window.kgExplorer.network.getScale()") > scale
    p.click("#b-list")
    rows = p.locator("#list tbody tr")
    assert rows.count() == min(200, len(_shown(p)))
    assert p.get_attribute("#b-list", "aria-pressed") == "true"
    rows.first.locator("button").focus()
    p.keyboard.press("Enter")
    assert p.inner_text("#details h1") == p.evaluate("window.kgExplorer.data.nodes.find(n => n.rank === 0).label")
    for control in p.query_selector_all("#controls select, #controls input"):  # every control is labelled
        assert control.evaluate(
            "e => !!(e.labels && e.labels.length) || !!e.getAttribute('aria-label') || !!e.getAttribute('aria-labelledby')"
        )
    assert errors(logs) == []
