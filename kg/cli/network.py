"""Commands over the network analysis: ``kg analyze``, ``kg viz``, ``kg export``.

Each reads the built graph (``build/kg.ttl``), projects it with the same options
(``--nodes``, ``--kind``, ``--document``, ``--modality``), and writes its outputs atomically.
``--modality`` says which statements become ties: ``reported`` (what the texts report:
the default of ``kg analyze`` and ``kg export``, so that centralities never count a plan,
a directive or a recommendation as cooperation) or ``all`` (the explorer's default: it
shows each edge's modality and filters by it).  pandas,
networkx and pyvis are imported inside the commands, so other commands start fast.
"""

from __future__ import annotations

import json
import math
import sys
import time
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..errors import KgError, UsageError
from .common import cell, err, fail, out
from .options import BuildOption, RootOption, TableFormat, TableFormatOption, build_dir, project

if TYPE_CHECKING:
    from rdflib import Graph

    from ..network.projection import ProjectionOptions

__all__ = ["analyze", "export", "viz"]


class Nodes(StrEnum):
    """Which entities become nodes."""

    actors = "actors"
    all = "all"


class Color(StrEnum):
    """What node colours show."""

    class_ = "class"
    cluster = "cluster"


class LabelLanguage(StrEnum):
    """The language of the node labels on the map."""

    en = "en"
    zh = "zh"
    th = "th"
    none = "none"


class Modality(StrEnum):
    """Which statements become ties, by how their text puts them."""

    reported = "reported"
    all = "all"


class ExportFormat(StrEnum):
    """Export formats."""

    gexf = "gexf"
    graphml = "graphml"
    csv = "csv"
    annotations = "annotations"


InputOption = Annotated[Path | None, typer.Option("--input", help="Built graph to read. Default: <build>/kg.ttl.", show_default=False)]
KindOption = Annotated[
    list[str] | None,
    typer.Option(
        "--kind",
        help="Keep only these link kinds or fact relations (repeatable), e.g. --kind Investment --kind hostedBy.",
        show_default=False,
    ),
]
DocOption = Annotated[
    list[str] | None,
    typer.Option(
        "--document", help="Keep only edges with evidence from these documents (repeatable), e.g. --document 004.", show_default=False
    ),
]
SeedOption = Annotated[int, typer.Option("--seed", help="Seed for Louvain and sampled betweenness: the same seed gives the same clusters.")]
_MODALITY_HELP = (
    "Which statements become ties: reported (what the texts report happened or holds) or all "
    "(also what they announce, direct, recommend or set as a target)."
)
#: kg analyze and kg export: plans are not cooperation unless asked for (typer prints the default: reported).
ReportedModalityOption = Annotated[Modality, typer.Option("--modality", help=_MODALITY_HELP)]
#: kg viz: the explorer shows every modality (the default: all) and filters by it in the page.
AllModalityOption = Annotated[Modality, typer.Option("--modality", help=_MODALITY_HELP + " The page filters by modality too.")]


def _score(value: float, integer: bool) -> str:
    """A measure as the table prints it: integers whole, others to three decimals, blank when undefined."""
    if math.isnan(value):  # e.g. Burt's constraint of an isolate
        return ""
    return str(int(value)) if integer else f"{value:.3f}"


def _paths(root: Path | None, build: Path | None, input_path: Path | None) -> tuple[Path, Path]:
    """(build directory, graph file to read) for the network commands."""
    folder = build_dir(root, build)
    return folder, input_path or folder / "kg.ttl"


def _options(
    graph: Graph, nodes: Nodes, kinds: list[str] | None, documents: list[str] | None, structure: bool, modality: Modality
) -> ProjectionOptions:
    """Projection options, with unknown kinds or documents reported by name."""
    from rdflib import URIRef
    from rdflib.namespace import DCTERMS, RDF

    from ..network.projection import REPORTED_ONLY, ProjectionOptions
    from ..rdf.vocab import KG, KG_NS

    if kinds:
        known = {str(o)[len(KG_NS) :] for o in graph.objects(None, KG.kind)}
        known |= {
            str(p)[len(KG_NS) :]
            for a in graph.subjects(RDF.type, KG.Assertion)
            for p in graph.objects(a, RDF.predicate)
            if str(p).startswith(KG_NS)
            and isinstance(graph.value(a, RDF.object), URIRef)
            and not str(graph.value(a, RDF.object)).startswith(KG_NS)
        }
        unknown = sorted(set(kinds) - known)
        if unknown:
            raise KgError(f"unknown link kind or relation {', '.join(unknown)}; known: {', '.join(sorted(known))}")
    if documents:
        known_docs = {str(d) for s in graph.subjects(RDF.type, KG.SourceDocument) for d in graph.objects(s, DCTERMS.identifier)}
        unknown = sorted(set(documents) - known_docs)
        if unknown:
            raise KgError(f"unknown document {', '.join(unknown)}; known: {', '.join(sorted(known_docs))}")
    return ProjectionOptions(
        nodes=nodes.value,
        kinds=frozenset(kinds) if kinds else None,
        documents=frozenset(documents) if documents else None,
        exclude_relations=frozenset() if structure else None,  # None: the ontology's structural relations
        modalities=REPORTED_ONLY if modality is Modality.reported else None,
    )


def analyze(
    root: RootOption = None,
    build: BuildOption = None,
    input_path: InputOption = None,
    out_dir: Annotated[
        Path | None, typer.Option("--out", help="Where to write the tables. Default: the build directory.", show_default=False)
    ] = None,
    nodes: Annotated[
        Nodes, typer.Option("--nodes", help="actors: organisations, zones, places, persons; all: also programmes, events, achievements.")
    ] = Nodes.actors,
    kinds: KindOption = None,
    documents: DocOption = None,
    structure: Annotated[
        bool, typer.Option("--structure/--no-structure", help="Also count structural facts (located in, part of, ...) as ties.")
    ] = False,
    modality: ReportedModalityOption = Modality.reported,
    seed: SeedOption = 42,
    # Bounded so that a negative value is a usage error, not clusters silently computed from nonsense and written to build/.
    resolution: Annotated[
        float, typer.Option("--resolution", min=0, help="Louvain resolution: higher gives more, smaller clusters.")
    ] = 1.0,
    top: Annotated[int, typer.Option("--top", min=0, help="Rows to print.")] = 15,
    fmt: TableFormatOption = TableFormat.table,
) -> None:
    """Centralities, partner clusters and country partners of the cooperation network.

    Writes centrality.csv, clusters.csv, countries.csv and analysis.trig (the scores and
    clusters as RDF, named graph graph:analysis, with the run's parameters as PROV-O) and
    prints the most central actors. Only what the texts report becomes a tie unless
    --modality all: a policy's directive or an author's recommendation is not cooperation.

    \b
    Examples:
      kg analyze --top 10
      kg analyze --kind Investment --document 004 --format csv
      kg analyze --modality all
    """
    from rdflib.namespace import XSD
    from rich.table import Table  # imported when a table is drawn, so that kg query starts faster

    from ..build.output import write_outputs
    from ..network.analysis import analyze as run_analysis
    from ..network.analysis import load_graph, render_analysis

    started = time.perf_counter()
    try:
        folder, source = _paths(root, build, input_path)
        graph = load_graph(source)
        options = _options(graph, nodes, kinds, documents, structure, modality)
        result = run_analysis(graph, options, seed=seed, resolution=resolution)
        written = write_outputs(out_dir or folder, render_analysis(result))
    except KgError as exc:
        raise fail(exc) from exc
    table = result.table.head(top)
    if fmt is TableFormat.csv:
        sys.stdout.write(table.reset_index().to_csv(index=False, lineterminator="\n", float_format="%.6g"))
    elif fmt is TableFormat.json:
        from ..network.analysis import summary

        sys.stdout.write(json.dumps(summary(result, top), ensure_ascii=False, indent=2) + "\n")
    else:
        view = Table(title=f"Most central of {result.graph.number_of_nodes()} actors ({result.graph.number_of_edges()} ties)")
        view.add_column("label")
        view.add_column("class")
        for measure in result.measures:  # the ontology's network measures, in their declared order
            view.add_column(measure.key, justify="right")
        view.add_column("cluster", justify="right")
        for _id, row in table.iterrows():
            scores = [cell(_score(row[m.key], m.datatype == XSD.integer)) for m in result.measures]
            view.add_row(cell(row["label"]), cell(row["class"]), *scores, cell(row["cluster"]))
        out.print(view)
        clusters = Table(title=f"Partner clusters (modularity {result.clustering.modularity:.3f})")
        for col in ("cluster", "size", "stability"):
            clusters.add_column(col, justify="left" if col == "cluster" else "right")
        for c in [c for c in result.clusters if c.size > 1][:top]:
            clusters.add_row(cell(c.name), cell(c.size), cell("" if c.stability is None else f"{c.stability:.2f}"))
        out.print(clusters)
    err.print(
        f"Analysed in {time.perf_counter() - started:.1f} s; wrote " + ", ".join(p.name for p in written) + f" to {written[0].parent}",
        markup=False,
    )


def viz(
    root: RootOption = None,
    build: BuildOption = None,
    input_path: InputOption = None,
    output: Annotated[
        Path | None, typer.Option("--out", help="HTML file to write. Default: <build>/graph.html.", show_default=False)
    ] = None,
    color: Annotated[
        Color, typer.Option("--color", help="Colour nodes by class or by partner cluster (switchable in the page).")
    ] = Color.class_,
    size: Annotated[
        str,
        typer.Option(
            "--size",
            help="Size nodes by this network measure (one the ontology declares, e.g. pagerank, betweenness, degree) or none; switchable in the page.",
        ),
    ] = "pagerank",
    view: Annotated[
        str, typer.Option("--view", help="Start with: all, top25, top50, top100, ego:<entity id> or doc:<document id>.")
    ] = "all",
    nodes: Annotated[Nodes, typer.Option("--nodes", help="actors, or all (also programmes, events, achievements).")] = Nodes.all,
    kinds: KindOption = None,
    documents: DocOption = None,
    structure: Annotated[bool, typer.Option("--structure/--no-structure", help="Show structural facts (located in, part of, ...).")] = True,
    modality: AllModalityOption = Modality.all,
    labels: Annotated[
        LabelLanguage,
        typer.Option("--labels", help="Label nodes in English, Chinese (zh) or Thai (th), or not at all; switchable in the page."),
    ] = LabelLanguage.en,
    seed: SeedOption = 42,
) -> None:
    """Write the interactive HTML explorer: one self-contained file that works offline.

    Open it in a browser: search in any language, filter by class, link kind, modality,
    status, year, document and cluster, switch colours, sizes and label language, click a
    node or edge to see its evidence (and read it in its document), find the shortest path
    between two actors.  The layout is computed here, so the page opens still; the
    address keeps the view, filters and selection for sharing.

    \b
    Examples:
      kg viz
      kg viz --color cluster --view ego:shanghai --out shanghai.html
    """
    from ..build.output import write_atomic
    from ..network.analysis import analyze as run_analysis
    from ..network.analysis import load_graph
    from ..project import find_root
    from ..schema.ontology import Ontology
    from ..viz.documents import document_texts
    from ..viz.html import VIEWS, ExplorerOptions, explorer_data, render_html

    started = time.perf_counter()
    try:
        folder, source = _paths(root, build, input_path)
        graph = load_graph(source)
        measures = [m.key for m in Ontology(graph).measures]
        if size not in [*measures, "none"]:
            raise UsageError(f"unknown measure '{size}' for --size; choose one of: {', '.join([*measures, 'none'])}")
        if view not in VIEWS and not view.startswith(("ego:", "doc:")):
            raise KgError(f"unknown view '{view}'; use one of {', '.join(VIEWS)}, ego:<entity id> or doc:<document id>")
        options = _options(graph, nodes, kinds, documents, structure, modality)
        result = run_analysis(graph, options, seed=seed, stability_seeds=0)
        if view.startswith("ego:") and view[4:] not in result.multi:
            raise KgError(f"no entity '{view[4:]}' in this view of the graph (ids are the last part of ent: IRIs, e.g. ego:shanghai)")
        page_options = ExplorerOptions(color=color.value, size=size, view=view, labels=labels.value)
        try:
            seeds = find_root(root).seeds
        except KgError:
            seeds = None  # a graph read outside any project: the reader shows quotes in their context only
        texts, warnings = document_texts(graph, seeds) if seeds is not None else ({}, [])
        for warning in warnings:
            err.print(f"warning: {warning}", markup=False)
        data = explorer_data(graph, result.multi, result.table, result.clusters, page_options, texts=texts)
        html = render_html(data, page_options)
        target = output or folder / "graph.html"
        write_atomic(target, html.encode("utf-8"))
    except KgError as exc:
        raise fail(exc) from exc
    err.print(
        f"Wrote {target} ({result.multi.number_of_nodes()} nodes, {result.multi.number_of_edges()} edges, {len(html) // 1024} KiB) in {time.perf_counter() - started:.1f} s",
        markup=False,
    )


def export(
    fmt: Annotated[
        ExportFormat,
        typer.Option(
            "--format",
            help="gexf or graphml (for Gephi, Cytoscape), csv (nodes.csv + edges.csv), or annotations "
            "(annotations.jsonld: the evidence as W3C Web Annotation JSON-LD).",
        ),
    ],
    root: RootOption = None,
    build: BuildOption = None,
    input_path: InputOption = None,
    out_dir: Annotated[
        Path | None, typer.Option("--out", help="Directory to write into. Default: the build directory.", show_default=False)
    ] = None,
    nodes: Annotated[Nodes, typer.Option("--nodes", help="actors, or all.")] = Nodes.actors,
    kinds: KindOption = None,
    documents: DocOption = None,
    structure: Annotated[bool, typer.Option("--structure/--no-structure", help="Include structural facts.")] = False,
    modality: ReportedModalityOption = Modality.reported,
    seed: SeedOption = 42,
) -> None:
    """Export the weighted network with measures and clusters, keeping entity IRIs.

    Each edge lists the modalities of its statements; only reported ones unless --modality all.

    --format annotations writes annotations.jsonld instead: every quote as a W3C Web Annotation (its body the statements it supports, its target the document selected by quote and by code-point position) with the W3C context, for annotation tools and JSON-LD readers. Each selector is first checked against the document's text in seeds/, and a graph whose selectors do not select their quote is refused. --document keeps the annotations of those documents; the network options (--nodes, --kind, --structure, --modality, --seed) do not apply to it.

    \b
    Examples:
      kg export --format gexf
      kg export --format csv --nodes all --out tables/
      kg export --format annotations --document 004
    """
    from ..build.output import write_outputs
    from ..network.analysis import analyze as run_analysis
    from ..network.analysis import load_graph
    from ..network.export import annotations_jsonld, edges_csv, nodes_csv, to_gexf, to_graphml

    try:
        folder, source = _paths(root, build, input_path)
        graph = load_graph(source)
        if fmt is ExportFormat.annotations:
            if kinds:
                raise UsageError("--kind selects network edges; it does not apply to --format annotations (use --document)")
            written = write_outputs(out_dir or folder, {"annotations.jsonld": annotations_jsonld(graph, project(root), documents)})
            err.print("Wrote " + ", ".join(str(p) for p in written), markup=False)
            return
        result = run_analysis(graph, _options(graph, nodes, kinds, documents, structure, modality), seed=seed, stability_seeds=0)
        g = result.graph.copy()
        columns = [m.key for m in result.measures] + ["cluster"]  # the ontology's measures, then the cluster
        for n, row in result.table.iterrows():
            for col in columns:
                value = row[col].item() if hasattr(row[col], "item") else row[col]
                if not (isinstance(value, float) and math.isnan(value)):  # undefined for this node: left out, not written as NaN
                    g.nodes[n][col] = value
        if fmt is ExportFormat.gexf:
            files = {"network.gexf": to_gexf(g)}
        elif fmt is ExportFormat.graphml:
            files = {"network.graphml": to_graphml(g)}
        else:
            files = {"nodes.csv": nodes_csv(g), "edges.csv": edges_csv(g)}
        written = write_outputs(out_dir or folder, files)
    except KgError as exc:
        raise fail(exc) from exc
    err.print("Wrote " + ", ".join(str(p) for p in written), markup=False)
