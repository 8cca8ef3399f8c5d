"""Render the network as one self-contained, offline HTML explorer.

The page is our own template (``template.html``, ``explorer.js``, ``explorer.css``) with the
nodes, edges and quotes as JSON and vis-network 9.1.2 inlined from ``kg/viz/vendor/``: the
exact file pyvis 0.3.2 ships, vendored so that an upgrade of pyvis cannot change the page
(``kg/viz/vendor/README.md`` has its checksum, origin and licence).  Of pyvis itself only
the physics options of ``Network().barnes_hut(...)`` are used, written out as
:data:`BARNES_HUT_OPTIONS`; it does not hold the nodes and edges, and none of its templates is used,
because pyvis 0.3.2's templates fetch assets from CDNs even with ``cdn_resources="in_line"``
(WestHealth/pyvis#228, #229), write the heading raw and switch titles containing "href"
to ``innerHTML``.  Here:

* every string from the documents travels as JSON inside ``<script type="application/json">``
  (with ``<``, ``>`` and ``&`` escaped) and reaches the page only through ``textContent``
  and vis-network's plain-text titles;
* a Content-Security-Policy forbids any request (``default-src 'none'``), so the file
  works offline and cannot leak, and lets only the page's own two scripts run (by their
  SHA-256, not ``'unsafe-inline'``): should text ever reach the page as HTML, an injected
  ``<script>`` or ``onerror=`` handler still would not run;
* node positions are computed when the page is built (:mod:`kg.viz.layout`) and physics is off:
  the page opens still, and filters hide and show nodes where they stand.
"""

from __future__ import annotations

import base64
import hashlib
import json
from importlib import resources
from typing import Any

from jinja2 import Environment

from .data import VIEWS, ExplorerOptions, explorer_data

__all__ = ["VIEWS", "ExplorerOptions", "content_security_policy", "explorer_data", "render_html"]


def _json_for_script(payload: object) -> str:
    """JSON that cannot close or open an HTML element inside a script block."""
    text = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return (
        text.replace("&", "\\u0026")
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


#: vis-network's Barnes-Hut physics as pyvis 0.3.2's options model writes them for
#: ``Network().barnes_hut(gravity=-6000, central_gravity=0.35, spring_length=110,
#: spring_strength=0.04, damping=0.35, overlap=0)``.  Written out rather than asked of
#: pyvis at run time: importing pyvis took 0.07 s of every ``kg viz`` for this one
#: constant.  tests/unit/test_viz_vendor.py checks it still equals pyvis' output.
BARNES_HUT_OPTIONS: dict[str, Any] = {
    "configure": {"enabled": False},
    "edges": {"color": {"inherit": True}, "smooth": {"enabled": True, "type": "dynamic"}},
    "interaction": {"dragNodes": True, "hideEdgesOnDrag": False, "hideNodesOnDrag": False},
    "physics": {
        "barnesHut": {
            "avoidOverlap": 0,
            "centralGravity": 0.35,
            "damping": 0.35,
            "gravitationalConstant": -6000,
            "springConstant": 0.04,
            "springLength": 110,
        },
        "enabled": True,
        "stabilization": {"enabled": True, "fit": True, "iterations": 1000, "onlyDynamicEdges": False, "updateInterval": 50},
    },
}


def _vis_options(node_count: int) -> dict[str, Any]:
    """vis-network options: positions are fixed (physics off); pyvis' Barnes-Hut physics for "relax layout".

    The layout is computed when the page is built (:mod:`kg.viz.layout`), so the page
    starts still and no filter moves a node.  ``relax`` holds the physics the "Relax
    layout" button switches on for a bounded number of steps.
    """
    opts: dict[str, Any] = json.loads(json.dumps(BARNES_HUT_OPTIONS))  # a deep copy: the constant stays as pinned
    relax = opts["physics"]
    relax["stabilization"] = {"enabled": False}
    relax["minVelocity"] = 1.0
    opts["relax"] = relax
    opts["physics"] = {"enabled": False}
    opts["interaction"] = {
        "hover": node_count <= 5000,
        "tooltipDelay": 120,
        "hideEdgesOnDrag": node_count > 1000,
        "hideEdgesOnZoom": node_count > 5000,
        "multiselect": False,
        "keyboard": {"enabled": True, "bindToWindow": False},
    }
    opts["edges"] = {"smooth": False, "selectionWidth": 2}
    opts["nodes"] = {"physics": True}
    opts["layout"] = {"improvedLayout": False, "randomSeed": 7}
    return opts


def _asset(name: str) -> str:
    return resources.files("kg.viz").joinpath(name).read_text(encoding="utf-8")


def _vis_assets() -> tuple[str, str]:
    """vis-network's script and style sheet, from the vendored copy (read as text: line ends become LF)."""
    js = _asset("vendor/vis-network-9.1.2.min.js").replace("</script", "<\\/script")
    css = _asset("vendor/vis-network-9.1.2.css").replace("</style", "<\\/style")
    return js, css


def content_security_policy(*scripts: str) -> str:
    """The page's CSP: no requests at all, and only the given inline scripts may run (by hash).

    Examples
    --------
    >>> content_security_policy("alert(1)")
    "default-src 'none'; script-src 'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI='; style-src 'unsafe-inline'; img-src data:; font-src data:; base-uri 'none'; form-action 'none'"
    """
    hashes = " ".join(f"'sha256-{base64.b64encode(hashlib.sha256(s.encode('utf-8')).digest()).decode('ascii')}'" for s in scripts)
    return f"default-src 'none'; script-src {hashes}; style-src 'unsafe-inline'; img-src data:; font-src data:; base-uri 'none'; form-action 'none'"


def render_html(data: dict[str, Any], options: ExplorerOptions | None = None) -> str:
    """The complete page as a string (UTF-8, no external resources)."""
    options = options or ExplorerOptions()
    data = dict(data)
    data["visOptions"] = _vis_options(len(data["nodes"]))
    js, css = _vis_assets()
    app_js = _asset("explorer.js").replace("</script", "<\\/script")
    env = Environment(autoescape=True, keep_trailing_newline=True)
    template = env.from_string(_asset("template.html"))
    return template.render(
        title=options.title,
        csp=content_security_policy(js, app_js),
        data_json=_json_for_script(data),
        vis_js=js,
        vis_css=css,
        app_css=_asset("explorer.css"),
        app_js=app_js,
        node_count=len(data["nodes"]),
        edge_count=len(data["edges"]),
        quote_count=len(data["evidence"]),
    )
