"""Views of the network: ego networks and country-level aggregation.

Examples
--------
>>> import networkx as nx
>>> g = nx.Graph()
>>> g.add_node("th", label="Thailand", **{"class": "Country", "iso": "TH"})
>>> g.add_node("cn", label="China", **{"class": "Country", "iso": "CN"})
>>> g.add_node("ste", label="Shanghai Technology Exchange", **{"class": "TechnologyExchange"})
>>> g.add_edge("th", "ste", weight=2, document_ids=["004"], kinds=["TechnologyCooperation"])
>>> g.add_edge("th", "cn", weight=1, document_ids=["004"], kinds=["Trade"])
>>> t = country_partners(g)
>>> str(t.loc["TH", "country"]), int(t.loc["TH", "chinese_partners"]), int(t.loc["TH", "weight"])
('Thailand', 2, 3)
>>> t.loc["TH", "partners"]
'Shanghai Technology Exchange; China'
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import networkx as nx

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["HOME_COUNTRY", "country_partners", "ego_network"]

#: ISO code of the country whose actors are the "Chinese side" of cooperation.
HOME_COUNTRY = "CN"
_NOT_PARTNERS = {"Country", "WorldRegion"}


def ego_network(g: nx.Graph, node: str, radius: int = 1) -> nx.Graph:
    """The node, its neighbours up to ``radius`` steps, and the edges among them."""
    if node not in g:
        raise KeyError(node)
    return nx.ego_graph(g, node, radius=radius)


def country_partners(g: nx.Graph) -> pd.DataFrame:
    """For each foreign country: which Chinese actors it cooperates with.

    Foreign countries are ``Country`` nodes whose ISO code is not ``CN``; their partners
    are neighbours that are not themselves countries or world regions, plus China.
    Columns: ``country``, ``chinese_partners`` (count), ``partners`` (labels, strongest
    first), ``weight`` (distinct quotes), ``documents``, ``kinds``.  Indexed by ISO code,
    sorted by number of partners then weight.
    """
    import pandas as pd

    rows = []
    for n, data in g.nodes(data=True):
        if data.get("class") != "Country" or data.get("iso") == HOME_COUNTRY:
            continue
        partners = []
        docs: set[str] = set()
        kinds: set[str] = set()
        for m in g[n]:
            md = g.nodes[m]
            if md.get("class") in _NOT_PARTNERS and md.get("iso") != HOME_COUNTRY:
                continue
            edge = g[n][m]
            partners.append((-int(edge.get("weight", 1)), str(md.get("label", m)), m))
            docs |= set(edge.get("document_ids", []))
            kinds |= set(edge.get("kinds", []))
        partners.sort()
        rows.append(
            {
                "iso": data.get("iso", ""),
                "country": data.get("label", n),
                "chinese_partners": len(partners),
                "partners": "; ".join(label for _w, label, _m in partners),
                "weight": -sum(w for w, _l, _m in partners),
                "documents": ", ".join(sorted(docs)),
                "kinds": ", ".join(sorted(kinds)),
            }
        )
    columns = ["iso", "country", "chinese_partners", "partners", "weight", "documents", "kinds"]
    table = pd.DataFrame(rows, columns=columns)
    table = table.sort_values(["chinese_partners", "weight", "country"], ascending=[False, False, True], kind="mergesort")
    return table.set_index("iso")
