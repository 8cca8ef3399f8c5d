"""The class prior's back-off along the ontology's class tree (kg.ingest.prior)."""

from __future__ import annotations

import pytest

from kg.ingest.classifier import NONE, Example
from kg.ingest.prior import ClassPrior, ancestry, parent_classes
from kg.schema.ontology import Ontology


def _pair(cx: str, cy: str) -> tuple[str, ...]:
    return (f"cx={cx}", f"cy={cy}", "rx=Actor", "ry=Actor")


def test_each_entity_class_has_its_narrowest_parent(ontology: Ontology) -> None:
    parents = parent_classes(ontology)
    assert parents["SciencePark"] == "ParkOrZone"
    assert parents["ParkOrZone"] == "Actor"
    assert parents["City"] == "Place"
    assert ancestry("Laboratory", parents) == ["Laboratory", "ResearchOrganisation", "Organisation", "Actor"]
    assert not set(ontology.entity_roots) & set(parents)  # a root has no parent
    assert set(parents.values()) <= set(ontology.entity_classes)


def test_an_unseen_pair_backs_off_to_its_nearest_seen_ancestors_not_to_the_roots(ontology: Ontology) -> None:
    parents = parent_classes(ontology)
    examples = [Example(_pair("InnovationZone", "Municipality"), "locatedIn>")] * 3
    examples += [Example(_pair("University", "Ministry"), NONE)] * 30  # what two actors mostly are
    tree = ClassPrior.train(examples, parents=parents)
    flat = ClassPrior.train(examples)
    # A science park and a city were never seen; a park or zone and a place were, joined by locatedIn.
    assert tree.prob("locatedIn>", "SciencePark", "City", "Actor", "Actor") == pytest.approx(0.5)
    assert tree.prob(NONE, "SciencePark", "City", "Actor", "Actor") == pytest.approx(0.0)
    # Without the tree the roots speak: mostly nothing.
    assert flat.prob("locatedIn>", "SciencePark", "City", "Actor", "Actor") == pytest.approx(0.5 * 3 / 33)
    assert flat.prob(NONE, "SciencePark", "City", "Actor", "Actor") > 0.4


def test_a_seen_pair_keeps_its_own_counts_and_the_nearer_ancestor_wins(ontology: Ontology) -> None:
    parents = parent_classes(ontology)
    examples = [Example(_pair("SciencePark", "City"), NONE)] * 3
    examples += [Example(_pair("InnovationZone", "Municipality"), "locatedIn>")] * 3
    examples += [Example(_pair("Laboratory", "Municipality"), "develops<")] * 3
    prior = ClassPrior.train(examples, parents=parents)
    # Its own three nones, and the share of its nearest ancestors (SciencePark, Place), which hold only those three.
    assert prior.prob(NONE, "SciencePark", "City", "Actor", "Actor") == pytest.approx((3 + 0.5 * 1.0) / 4)
    # A science park in a province: (SciencePark, Place) is seen, with nothing but nones.
    assert prior.prob("locatedIn>", "SciencePark", "Province", "Actor", "Actor") == pytest.approx(0.0)
    # A free-trade zone in a province: (ParkOrZone, Place) holds both kinds of park example, half of them locatedIn.
    assert prior.prob("locatedIn>", "FreeTradeZone", "Province", "Actor", "Actor") == pytest.approx(0.5 * 0.5)
    # A laboratory in a province: (Laboratory, Place) is nearer than (Organisation, Place).
    assert prior.probs("Laboratory", "Province", "Actor", "Actor")["develops<"] == pytest.approx(0.5)


def test_both_orders_back_off_with_the_label_turned(ontology: Ontology) -> None:
    prior = ClassPrior.train([Example(_pair("Plan", "Ministry"), "issuedBy>")] * 2, both_orders=True, parents=parent_classes(ontology))
    assert prior.prob("issuedBy<", "Commission", "Plan", "Actor", "Programme") == pytest.approx(0.5)
