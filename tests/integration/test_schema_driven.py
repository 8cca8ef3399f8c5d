"""Adding a relation is one edit in the ontology: the code treats a copy exactly like its original.

A fixture ontology declares ``kg:situatedIn``, a copy of the structural ``kg:locatedIn``, and
``kg:convenedBy``, a copy of the cooperative ``kg:hostedBy`` (every triple of the original,
under a new name and label).  The seed curation is rewritten to use the copies.  With no
code change, curation, build, projection (with and without structural facts), analysis,
export and explorer must give the same results as on the real seeds, the relation names
aside.
"""

from __future__ import annotations

import re
import shutil
from collections import Counter
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS

from kg.build.pipeline import BuildResult, build
from kg.network.analysis import AnalysisResult, analyze
from kg.network.export import edges_csv, nodes_csv
from kg.network.projection import ProjectionOptions, to_multidigraph
from kg.project import Project
from kg.rdf.vocab import KG_NS
from kg.viz.html import explorer_data
from kg.viz.style import STRUCTURAL_COLOUR

ROOT = Path(__file__).resolve().parents[2]
COPIES = {"locatedIn": "situatedIn", "hostedBy": "convenedBy"}
RENAME = {**COPIES, **{v: k for k, v in COPIES.items()}}


def _copy_relation(onto: Graph, original: str, copy: str) -> str:
    """N-Triples declaring ``copy`` with every triple of ``original`` (its label made unique)."""
    lines = []
    source, target = URIRef(KG_NS + original), URIRef(KG_NS + copy)
    for p, o in sorted(onto.predicate_objects(source)):
        value = Literal(re.sub(r"(?<=[a-z])(?=[A-Z])", " ", copy).lower(), lang="en") if p == RDFS.label else o
        lines.append(f"{target.n3()} {p.n3()} {value.n3()} .")
    assert len(lines) >= 4, f"kg:{original} has too few triples to be a meaningful copy"
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def renamed(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """The seeds built with the two copies in place of their originals."""
    root = tmp_path_factory.mktemp("renamed")
    for name in ("seeds", "ontology"):
        shutil.copytree(ROOT / name, root / name)
    ontology = root / "ontology" / "kg.ttl"
    onto = Graph().parse(ontology)
    with ontology.open("a", encoding="utf-8") as handle:
        handle.write("\n# Copies made by tests/integration/test_schema_driven.py\n")
        for original, copy in COPIES.items():
            handle.write(_copy_relation(onto, original, copy))
    uses = Counter[str]()
    for path in sorted((root / "seeds" / "curation").rglob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        for original, copy in COPIES.items():
            # block style ("relation: locatedIn" on its own line) and flow style ("{..., relation: locatedIn, ...}")
            text, n = re.subn(rf"(\brelation:\s*){original}(?=\s*(?:$|,|\}}))", rf"\g<1>{copy}", text, flags=re.M)
            uses[original] += n
        path.write_text(text, encoding="utf-8")
        assert not re.search(rf"\b({'|'.join(COPIES)})\b", text), f"{path.name} still uses an original"
    assert uses["locatedIn"] > 10 and uses["hostedBy"] > 5, uses  # the copies are really used
    return build(Project(root))


def _edges(multi: object, rename: bool) -> Counter[tuple[object, ...]]:
    """Every projected edge without its statement IRI (which names the relation)."""
    import networkx as nx

    assert isinstance(multi, nx.MultiDiGraph)
    out = Counter[tuple[object, ...]]()
    for u, v, d in multi.edges(data=True):
        kind = RENAME.get(d["kind"], d["kind"]) if rename else d["kind"]
        out[(u, v, d["type"], kind, d.get("role", ""), d["evidence"], d["documents"], d["status"], d["date"])] += 1
    return out


def test_curation_and_build_accept_the_copies_like_the_originals(built: BuildResult, renamed: BuildResult) -> None:
    assert renamed.report.totals.statements == built.report.totals.statements
    assert renamed.report.totals.quotes == built.report.totals.quotes
    assert renamed.report.totals.data_triples == built.report.totals.data_triples
    for original, copy in COPIES.items():
        used = {t for t in built.union.triples((None, URIRef(KG_NS + original), None))}
        assert used
        copied = {(s, URIRef(KG_NS + original), o) for s, _p, o in renamed.union.triples((None, URIRef(KG_NS + copy), None))}
        assert copied == used  # the same shortcut triples, under the new name


@pytest.mark.parametrize("structure", [False, True], ids=["cooperation network", "with --structure"])
def test_projection_treats_each_copy_like_its_original(built: BuildResult, renamed: BuildResult, structure: bool) -> None:
    options = ProjectionOptions(nodes="all", exclude_relations=frozenset() if structure else None)
    original = to_multidigraph(built.union, options)
    copy = to_multidigraph(renamed.union, options)
    assert _edges(copy, rename=True) == _edges(original, rename=False)
    kinds = {d["kind"] for _u, _v, d in copy.edges(data=True)}
    assert "convenedBy" in kinds  # cooperative: always in
    assert ("situatedIn" in kinds) is structure  # structural: only with --structure


@pytest.fixture(scope="module")
def analyses(built: BuildResult, renamed: BuildResult) -> tuple[AnalysisResult, AnalysisResult]:
    return analyze(built.union, stability_seeds=2), analyze(renamed.union, stability_seeds=2)


def test_analysis_and_export_are_unchanged(analyses: tuple[AnalysisResult, AnalysisResult]) -> None:
    original, copy = analyses
    assert copy.table.equals(original.table)
    assert nodes_csv(copy.graph) == nodes_csv(original.graph)
    renamed_edges = edges_csv(copy.graph).decode("utf-8")
    for old, new in COPIES.items():
        renamed_edges = renamed_edges.replace(new, old)
    assert sorted(renamed_edges.splitlines()) == sorted(edges_csv(original.graph).decode("utf-8").splitlines())
    # the run records what it left out: the ontology's structural relations, now with the copy among them
    excluded = set(copy.parameters["projection"]["exclude_relations"])
    assert excluded == set(original.parameters["projection"]["exclude_relations"]) | {"situatedIn"}


def _drawn_as(style: dict[str, object]) -> tuple[bool, bool]:
    return style["color"] == STRUCTURAL_COLOUR, bool(style["dashes"])


def test_explorer_draws_each_copy_like_its_original(built: BuildResult, renamed: BuildResult) -> None:
    everything = ProjectionOptions(nodes="all", exclude_relations=frozenset())
    pages = []
    for result in (built, renamed):
        analysis = analyze(result.union, everything, stability_seeds=0)
        pages.append(explorer_data(result.union, analysis.multi, analysis.table, analysis.clusters))
    original, copy = pages
    for old, new in COPIES.items():
        # drawn by role, as the original: a structural fact grey and dashed, a cooperative one dashed in colour
        assert _drawn_as(copy["kindStyles"][new]) == _drawn_as(original["kindStyles"][old])
        legend_old = next(k for k in original["legend"]["kinds"] if k["name"] == old)
        legend_new = next(k for k in copy["legend"]["kinds"] if k["name"] == new)
        assert legend_new["count"] == legend_old["count"]
        assert legend_new["label"].endswith(legend_old["label"].rsplit(" (", 1)[-1])
    styles = original["kindStyles"]
    assert styles["locatedIn"]["dashes"] and styles["hostedBy"]["dashes"]  # facts are dashed ...
    assert styles["locatedIn"]["color"] != styles["hostedBy"]["color"]  # ... structural ones in grey, the others in colour
    assert styles["Investment"]["dashes"] is False  # cooperation links are solid
