"""Synthetic inputs for the benchmarks.

* :func:`make_corpus` writes a project whose seeds are the real five documents repeated
  ``factor`` times under new document ids, each copy with the same curation (so every
  quote still verifies) and the shared entity registry: ``factor`` times the documents,
  statements, quotes, mentions and document triples of the seeds.
* :func:`make_graph` writes a TriG file of about ``triples`` triples shaped like the
  real graph: labelled, typed actors, n-ary cooperation links with participants and
  quoted evidence, spread over one named graph per hundred links.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


class _NoAliases(yaml.SafeDumper):
    """The curation loader refuses YAML aliases: write repeated values out in full."""

    def ignore_aliases(self, data: object) -> bool:
        return True


def _dump(data: object) -> str:
    return yaml.dump(data, Dumper=_NoAliases, allow_unicode=True, sort_keys=False, width=10_000)


def _copy_id(doc: str, k: int) -> str:
    return doc if k == 0 else f"{doc}-x{k:03d}"


def make_corpus(factor: int, dest: Path) -> Path:
    """A project directory with the seed corpus repeated ``factor`` times; returns its root."""
    if dest.exists():
        shutil.rmtree(dest)
    shutil.copytree(ROOT / "ontology", dest / "ontology")
    seeds = dest / "seeds"
    (seeds / "curation" / "documents").mkdir(parents=True)
    for path in (ROOT / "seeds").glob("*.txt"):
        shutil.copy2(path, seeds / path.name)
    shutil.copytree(ROOT / "seeds" / "curation" / "entities", seeds / "curation" / "entities")
    shutil.copy2(ROOT / "seeds" / "curation" / "coverage-ignore.yaml", seeds / "curation" / "coverage-ignore.yaml")
    manifest = yaml.safe_load((ROOT / "seeds" / "manifest.yaml").read_text(encoding="utf-8"))
    entries = []
    for k in range(factor):
        for entry in manifest["documents"]:
            entries.append({**entry, "id": _copy_id(entry["id"], k)})
    (seeds / "manifest.yaml").write_text(_dump({"documents": entries}), encoding="utf-8")
    for path in sorted((ROOT / "seeds" / "curation" / "documents").glob("*.yaml")):
        original = yaml.safe_load(path.read_text(encoding="utf-8"))
        for k in range(factor):
            doc = dict(original)
            doc["document"] = _copy_id(original["document"], k)
            if k:
                doc.pop("entities", None)  # registered once, by the first copy
                doc["statements"] = [{**st, "id": f"{st['id']}-x{k:03d}"} if "id" in st else st for st in original["statements"]]
            target = seeds / "curation" / "documents" / f"{doc['document']}.yaml"
            target.write_text(_dump(doc), encoding="utf-8")
    return dest


PREFIXES = """\
PREFIX kg: <https://w3id.org/brsc-kg/ontology#>
PREFIX ent: <https://w3id.org/brsc-kg/id/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
"""
KINDS = ["TechnologyCooperation", "Investment", "JointResearch", "MemorandumOfUnderstanding", "TalentExchange"]
CLASSES = ["Ministry", "University", "Enterprise", "Laboratory", "Municipality", "Country"]


def make_graph(triples: int, path: Path) -> Path:
    """A TriG file of about ``triples`` triples (deterministic)."""
    links = max(triples // 23, 1)  # each link brings ~23 triples with its evidence (a Web Annotation) and participants' share
    actors = max(links // 4, 10)
    with path.open("w", encoding="utf-8") as out:
        out.write(PREFIXES)
        out.write("\n<https://w3id.org/brsc-kg/graph/ontology> {\n")
        out.write("kg:Ministry rdfs:subClassOf kg:GovernmentBody . kg:GovernmentBody rdfs:subClassOf kg:Organisation .\n")
        out.write("kg:University rdfs:subClassOf kg:ResearchOrganisation . kg:Laboratory rdfs:subClassOf kg:ResearchOrganisation .\n")
        out.write("kg:ResearchOrganisation rdfs:subClassOf kg:Organisation . kg:Enterprise rdfs:subClassOf kg:Organisation .\n")
        out.write("kg:Organisation rdfs:subClassOf kg:Actor . kg:Municipality rdfs:subClassOf kg:Place .\n")
        out.write("kg:Country rdfs:subClassOf kg:Place . kg:Place rdfs:subClassOf kg:Actor .\n}\n")
        out.write("\n<https://w3id.org/brsc-kg/graph/registry> {\n")
        for a in range(actors):
            out.write(f'ent:a{a} a kg:{CLASSES[a % len(CLASSES)]} ; skos:prefLabel "Actor {a}"@en , "行为体{a}"@zh .\n')
        out.write("}\n")
        for start in range(0, links, 100):
            out.write(f"\nent:document-s{start // 100:05d} {{\n")
            for i in range(start, min(start + 100, links)):
                a, b = (i * 7) % actors, (i * 13 + 1) % actors
                out.write(
                    f"ent:link-{i} a kg:CooperationLink ; kg:kind kg:{KINDS[i % len(KINDS)]} ; kg:participant ent:a{a} , ent:a{b} ;\n"
                    f'  kg:date "{2000 + i % 24}"^^xsd:gYear ; prov:wasDerivedFrom ent:evidence-{i} .\n'
                    f"ent:a{a} kg:cooperatesWith ent:a{b} . ent:a{b} kg:cooperatesWith ent:a{a} .\n"
                    f"ent:evidence-{i} a oa:Annotation , kg:Evidence , prov:Entity ; oa:hasBody ent:link-{i} ;\n"
                    f"  oa:hasTarget ent:evidence-{i}-target ; prov:wasQuotedFrom ent:document-s{start // 100:05d} .\n"
                    f"ent:evidence-{i}-target a oa:SpecificResource ; oa:hasSource ent:document-s{start // 100:05d} ;\n"
                    f"  oa:hasSelector ent:evidence-{i}-quote , ent:evidence-{i}-position .\n"
                    f'ent:evidence-{i}-quote a oa:TextQuoteSelector ; oa:exact "Actor {a} and actor {b} signed agreement number {i} on joint work."@en .\n'
                    f'ent:evidence-{i}-position a oa:TextPositionSelector ; oa:start "{i * 10}"^^xsd:nonNegativeInteger ; oa:end "{i * 10 + 60}"^^xsd:nonNegativeInteger .\n'
                )
            out.write("}\n")
    return path
