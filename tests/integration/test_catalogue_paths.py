"""Catalogue questions that follow relations to any depth through SPARQL property paths."""

from __future__ import annotations

from rdflib import Graph

from kg.sparql.catalogue import get_query
from tests.conftest import select


def test_units_of_an_organisation_at_every_level(graph: Graph) -> None:
    rows = select(graph, get_query("units-of-organisation").text)
    pairs = {(r["unit"].rsplit("/", 1)[1], r["parent"].rsplit("/", 1)[1]) for r in rows}
    # direct units of the Chinese Academy of Sciences, and the colleges of its university one level down
    assert ("ucas", "cas") in pairs
    assert ("ucas-chongqing-college", "ucas") in pairs and ("ucas-chengdu-college", "ucas") in pairs
    assert all(parent in {"cas", "ucas"} for _unit, parent in pairs), pairs


def test_units_of_another_organisation_by_parameter(graph: Graph) -> None:
    text = get_query("units-of-organisation").text.replace("VALUES ?organisation { ent:cas }", "VALUES ?organisation { ent:ucas }")
    units = {r["unit"].rsplit("/", 1)[1] for r in select(graph, text)}
    assert units == {"ucas-chongqing-college", "ucas-chengdu-college"}
