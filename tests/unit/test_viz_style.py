"""The explorer's styles and page data: class groups from the ontology, distinct kinds, search keys."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph

from kg.network.analysis import analyze
from kg.network.projection import ProjectionOptions
from kg.schema.ontology import Ontology
from kg.viz.data import _year, explorer_data, search_key
from kg.viz.documents import document_texts
from kg.viz.style import GROUPS, OTHER, SHAPES, class_styles, cluster_colours, kind_styles

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def ontology(graph: Graph) -> Ontology:
    return Ontology(graph)


def test_every_class_of_the_ontology_falls_in_a_named_group(ontology: Ontology) -> None:
    counts = dict.fromkeys(ontology.entity_classes, 1)
    styles, legend = class_styles(counts, ontology)
    group = {cls: style["group"] for cls, style in styles.items()}
    assert group["Ministry"] == group["PoliticalParty"] == "government"
    assert group["University"] == "research" and group["SciencePark"] == "parks"  # a park is a schema:Place, not a kg:Place
    assert group["Forum"] == "events" and group["Plan"] == "programmes"  # the nearest root decides: an event is a programme too
    assert group["Country"] == group["Venue"] == "places" and group["Person"] == "persons"
    named = {c for c, g in group.items() if g != OTHER.key}
    assert len(named) >= len(counts) - 6  # only generic organisations are "other"
    assert len(legend) <= len(GROUPS) + 1 and len({g["colour"] for g in legend}) == len(legend)


def test_inside_a_group_the_commonest_class_is_a_dot_and_no_two_look_alike(ontology: Ontology) -> None:
    counts = {
        "Country": 50,
        "City": 6,
        "Province": 7,
        "District": 5,
        "Municipality": 4,
        "EconomicRegion": 4,
        "WorldRegion": 11,
        "Place": 1,
        "Facility": 14,
        "Venue": 2,
    }
    styles, legend = class_styles(counts, ontology)
    assert styles["Country"]["shape"] == SHAPES[0] == "dot"
    looks = [(c["shape"], c["outline"]) for c in legend[0]["classes"]]
    assert len(looks) == len(counts) == len(set(looks)) and ("dot", "thick") in looks


def test_kinds_never_share_colour_and_pattern() -> None:
    links = [f"Link{i}" for i in range(15)]
    facts = [f"fact{i}" for i in range(30)]
    styles = kind_styles(links, facts, {f"fact{i}" for i in range(0, 30, 3)})
    looks = [(s["color"], str(s["dashes"]), s.get("width", 1)) for s in styles.values()]
    assert len(set(looks)) == len(looks) == 45
    assert all(styles[k]["dashes"] is False for k in sorted(links)[:12]) and all(styles[f]["dashes"] for f in facts)


def test_only_the_largest_clusters_get_colours() -> None:
    colours = cluster_colours({rank: 100 - rank for rank in range(1, 21)} | {21: 1})
    assert len({colours[str(r)] for r in range(1, 9)}) == 8
    assert {colours[str(r)] for r in range(9, 22)} == {"#c9ced8"}


def test_search_keys_and_years() -> None:
    assert search_key("Shanghai  Technology\u3000Exchange") == "shanghaitechnologyexchange"
    assert search_key("ＳＨＡＮＧＨＡＩ") == "shanghai"  # full-width letters, as Chinese text writes them
    assert (_year("2016-09"), _year("2018"), _year(""), _year("n.d.")) == (2016, 2018, None, None)


def test_page_data_carries_positions_ranks_names_and_texts(graph: Graph) -> None:
    result = analyze(graph, ProjectionOptions(nodes="all", exclude_relations=frozenset(), modalities=None), stability_seeds=0)
    texts, warnings = document_texts(graph, ROOT / "seeds")
    assert sorted(texts) == ["000", "001", "002", "003", "004"] and warnings == []
    data = explorer_data(graph, result.multi, result.table, result.clusters, texts=texts)
    nodes = {n["id"]: n for n in data["nodes"]}
    assert sorted(n["rank"] for n in nodes.values()) == list(range(len(nodes)))
    assert nodes["shanghai"]["rank"] == 0 and all(isinstance(n["x"], int) and isinstance(n["y"], int) for n in nodes.values())
    assert "上海" in nodes["shanghai"]["names"] and nodes["shanghai"]["names"][0] == "shanghai"
    assert data["documents"]["004"]["text"] == texts["004"] and data["documents"]["004"]["lang"] == "zh"
    assert sum(1 for e in data["edges"] if e["year"] is None) == data["legend"]["undated"]
    for ev in data["evidence"].values():  # the reader's offsets point at the quote
        assert texts[ev["doc"]][ev["start"] : ev["end"]] == ev["quote"]
    assert explorer_data(graph, result.multi, result.table, result.clusters, texts=texts) == data  # deterministic


def test_document_texts_leave_out_a_changed_or_missing_file(graph: Graph, tmp_path: Path) -> None:
    for doc in (ROOT / "seeds").glob("00[0-3]_*.txt"):
        (tmp_path / doc.name).write_bytes(doc.read_bytes())
    changed = next(tmp_path.glob("001_*.txt"))
    changed.write_text(changed.read_text(encoding="utf-8") + "x", encoding="utf-8")
    texts, warnings = document_texts(graph, tmp_path)
    assert sorted(texts) == ["000", "002", "003"]
    assert any("document 001" in w and "changed since the graph was built" in w for w in warnings)
    assert any("document 004" in w and "does not exist" in w for w in warnings)
