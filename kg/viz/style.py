"""Colours, shapes and line styles of the explorer: few enough that a reader can tell them apart.

Forty-odd classes cannot each have a colour a reader can name (twenty colours already
repeat, and several blues look alike).  So a class is drawn in the colour of its **group**
(government, research, parks and zones, ...: nine at most, from the Okabe–Ito palette,
which stays distinct under the common colour-vision deficiencies) and told apart inside
its group by **shape** and **outline**.  The group of a class is found by walking up the
ontology's ``rdfs:subClassOf``: the nearest class named in :data:`GROUPS` decides, so a new
subclass of ``kg:Ministry`` is drawn as government without a change here.

Relation kinds work the same way: cooperation links are solid lines in distinct colours,
facts are dashed with a pattern per relation (structural facts in grey), so that two
kinds never share both colour and pattern.  Partner clusters get colours only for the
largest few; the rest are "other", because seventy colours mean nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from ..schema.ontology import Ontology

__all__ = [
    "CLUSTER_COLOURS",
    "GROUPS",
    "OTHER",
    "SHAPES",
    "STRUCTURAL_COLOUR",
    "Group",
    "class_styles",
    "cluster_colours",
    "kind_styles",
]


@dataclass(frozen=True)
class Group:
    """A family of classes drawn in one colour."""

    key: str
    label: str
    colour: str
    roots: tuple[str, ...]


#: Okabe & Ito (2008), "Color Universal Design": eight colours distinct for most readers,
#: plus a neutral grey for what fits no group.  The order is the legend's.
GROUPS: tuple[Group, ...] = (
    Group("government", "Government", "#0072B2", ("GovernmentBody", "PoliticalParty")),
    Group("research", "Research and universities", "#009E73", ("ResearchOrganisation",)),
    Group("parks", "Parks and zones", "#E69F00", ("ParkOrZone",)),
    Group("enterprise", "Enterprises and finance", "#CC79A7", ("Enterprise", "FinancialInstitution", "TechnologyExchange")),
    Group("places", "Places", "#56B4E9", ("Place", "Facility")),
    Group("programmes", "Programmes, plans and results", "#D55E00", ("Programme", "Achievement")),
    Group("events", "Events", "#F0E442", ("Event",)),
    Group("persons", "Persons", "#000000", ("Person",)),
)
OTHER = Group("other", "Other organisations", "#999999", ())

#: vis-network shapes that take a colour and a border, simplest first.
SHAPES = ("dot", "square", "triangle", "diamond", "star", "triangleDown", "hexagon")

#: Colours for the largest partner clusters (Paul Tol's "bright" and "muted" schemes,
#: both designed for colour-blind readers); smaller clusters share :data:`OTHER_CLUSTER`.
CLUSTER_COLOURS = ("#4477AA", "#EE6677", "#228833", "#CCBB44", "#66CCEE", "#AA3377", "#332288", "#999933")
OTHER_CLUSTER = "#c9ced8"

#: Cooperation link kinds: solid lines (Tol's "vibrant" then "muted" colours).
_LINK_COLOURS = (
    "#0077BB",
    "#EE7733",
    "#009988",
    "#CC3311",
    "#33BBEE",
    "#EE3377",
    "#332288",
    "#117733",
    "#882255",
    "#44AA99",
    "#999933",
    "#AA4499",
)
#: Facts: dashed; each relation its own pattern, colours repeat only with a new pattern.
_FACT_COLOURS = ("#6f7a8c", "#a0522d", "#5e3c99", "#1b7837", "#b2182b")
_FACT_DASHES = ((6, 4), (2, 3), (10, 4, 2, 4), (12, 6), (2, 6))
#: Structural facts (located in, part of, ...): grey, so that the map's ties stand out.
STRUCTURAL_COLOUR = "#a3acb9"


def _group_of(cls: str, ontology: Ontology) -> Group:
    """The group of the nearest named class at or above ``cls``.

    Of the group roots above a class, the deepest is the nearest (``kg:Event`` is a
    ``kg:Programme``, and a forum is drawn as an event).  Classes are compared by IRI:
    ``schema:Place`` above a park is not ``kg:Place``.
    """
    above = ontology.superclasses(cls)
    candidates = [
        (len(ontology.superclasses(root)), root, group)
        for group in GROUPS
        for root in group.roots
        if root in ontology.entity_classes and ontology.entity_classes[root] in above
    ]
    return max(candidates, key=lambda c: (c[0], c[1]))[2] if candidates else OTHER


def class_styles(counts: Mapping[str, int], ontology: Ontology) -> tuple[dict[str, dict[str, str]], list[dict[str, object]]]:
    """The colour, shape and outline of each class, and the legend's groups.

    Inside a group the commonest class gets the simplest shape (a dot); past seven
    classes the shapes repeat with a thick outline.  Ties break by name, so the same
    data always gives the same styles.
    """
    grouped: dict[str, list[str]] = {}
    group_of: dict[str, Group] = {}
    for cls in counts:
        group = _group_of(cls, ontology)
        group_of[cls] = group
        grouped.setdefault(group.key, []).append(cls)
    styles: dict[str, dict[str, str]] = {}
    legend: list[dict[str, object]] = []
    for group in (*GROUPS, OTHER):
        members = sorted(grouped.get(group.key, []), key=lambda c: (-counts[c], c))
        if not members:
            continue
        entries = []
        for i, cls in enumerate(members):
            style = {
                "group": group.key,
                "colour": group.colour,
                "shape": SHAPES[i % len(SHAPES)],
                "outline": "thick" if i >= len(SHAPES) else "thin",
            }
            styles[cls] = style
            entries.append({"name": cls, "count": counts[cls], **style})
        legend.append(
            {"key": group.key, "label": group.label, "colour": group.colour, "count": sum(counts[c] for c in members), "classes": entries}
        )
    return styles, legend


def kind_styles(link_kinds: Iterable[str], fact_kinds: Iterable[str], structural: set[str]) -> dict[str, dict[str, object]]:
    """Colour and dash pattern of each relation kind: no two kinds share both.

    >>> s = kind_styles(["Investment"], ["locatedIn", "issuedBy"], {"locatedIn"})
    >>> s["Investment"]["dashes"], s["issuedBy"]["color"] != s["locatedIn"]["color"]
    (False, True)
    """
    styles: dict[str, dict[str, object]] = {}
    for i, kind in enumerate(sorted(link_kinds)):
        styles[kind] = {"color": _LINK_COLOURS[i % len(_LINK_COLOURS)], "dashes": False if i < len(_LINK_COLOURS) else [14, 3]}
    structural_kinds = sorted(k for k in fact_kinds if k in structural)
    other_facts = sorted(k for k in fact_kinds if k not in structural)
    for i, kind in enumerate(structural_kinds):
        styles[kind] = {
            "color": STRUCTURAL_COLOUR,
            "dashes": list(_FACT_DASHES[i % len(_FACT_DASHES)]),
            "width": 1 + (i // len(_FACT_DASHES)),
        }
    for i, kind in enumerate(other_facts):
        colour = _FACT_COLOURS[i % len(_FACT_COLOURS)]
        dashes = _FACT_DASHES[(i // len(_FACT_COLOURS)) % len(_FACT_DASHES)]
        styles[kind] = {"color": colour, "dashes": list(dashes)}
    return styles


def cluster_colours(sizes: Mapping[int, int]) -> dict[str, str]:
    """A colour for each of the largest clusters of two or more members, grey for the rest.

    >>> cluster_colours({1: 40, 2: 9, 3: 1})
    {'1': '#4477AA', '2': '#EE6677', '3': '#c9ced8'}
    """
    ranked = sorted((rank for rank, size in sizes.items() if size > 1), key=lambda r: (-sizes[r], r))
    top = {rank: CLUSTER_COLOURS[i] for i, rank in enumerate(ranked[: len(CLUSTER_COLOURS)])}
    return {str(rank): top.get(rank, OTHER_CLUSTER) for rank in sorted(sizes)}
