"""igraph, imported without the plotting library it looks for on import.

``import igraph`` imports its drawing package, which tries ``matplotlib.pyplot``: 0.45 s
of every ``kg viz`` (which lays the graph out with igraph) and of a large ``kg analyze``,
for plotting nothing here does.  While igraph loads, matplotlib is marked missing; the
mark is removed at once, so a notebook that imports matplotlib afterwards gets it as
usual (only igraph's own ``plot`` then says it needs matplotlib).
"""

from __future__ import annotations

import sys
from types import ModuleType

__all__ = ["load_igraph"]


def load_igraph() -> ModuleType:
    """The igraph module, loaded without matplotlib unless matplotlib is loaded already."""
    loaded = sys.modules.get("igraph")
    if loaded is not None:
        return loaded
    block = "matplotlib" not in sys.modules
    if block:
        sys.modules["matplotlib"] = None  # type: ignore[assignment]  # import matplotlib now raises ImportError
    try:
        import igraph
    finally:
        if block and sys.modules.get("matplotlib", 0) is None:
            del sys.modules["matplotlib"]
    module: ModuleType = igraph
    return module
