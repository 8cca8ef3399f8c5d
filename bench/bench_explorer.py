"""The explorer page in headless Chromium: time to a still, usable map, filter changes, scale.

For the seed graph and synthetic actor graphs of 2,000 and 10,000 nodes, the page is
written twice from the same inputs, by this tree and by a baseline commit (a ``git
worktree`` run with this virtual environment, its own code first on ``PYTHONPATH``), and
each page is opened ``--runs`` times in turns in Debian's Chromium:

* **ready**: navigation to the moment the page says it is ready (``body[data-ready]``);
* **still after**: from navigation until no node moves any more (positions sampled every
  100 ms; a page that is still at once reports its ready time);
* **filter**: a class unticked, until the next two animation frames (the map redrawn);
* **show all** (10,000 nodes, this tree only: the page opens on the 2,000 most central);
* **pan frame**: one redraw after a pan, all nodes shown.

    .venv/bin/python bench/bench_explorer.py --runs 3
"""

from __future__ import annotations

import argparse
import os
import pickle
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench_network import multi_from, synthetic
from common import machine

ROOT = Path(__file__).resolve().parents[1]
GIT = shutil.which("git") or "git"
#: The last commit with the first explorer (physics in the browser).
BASELINE = "fb9be9f"

WRITE = """
import pickle, sys
from pathlib import Path
from kg.network.analysis import load_graph
from kg.viz.html import explorer_data, render_html
multi, table, clusters = pickle.loads(Path(sys.argv[1]).read_bytes())
graph = load_graph(Path(sys.argv[2]))
Path(sys.argv[3]).write_text(render_html(explorer_data(graph, multi, table, clusters)), encoding="utf-8")
"""

FILTER = """async () => {
  const input = document.querySelector('#f-classes input[type=checkbox]');
  const t = performance.now();
  input.click();
  await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  const off = performance.now() - t;
  input.click();
  await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  return off;
}"""

SHOW_ALL = """async () => {
  const t = performance.now();
  document.querySelector('#b-show-all').click();
  await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  return performance.now() - t;
}"""

PAN = """async () => {
  const n = window.kgExplorer.network;
  const p = n.getViewPosition();
  const t = performance.now();
  const done = new Promise(r => n.once('afterDrawing', r));
  n.moveTo({position: {x: p.x + 50, y: p.y}, animation: false});
  n.redraw();
  await done;
  return performance.now() - t;
}"""


def inputs(nodes: int | None) -> tuple[Any, Any, Any]:
    """(multi, table, clusters) of the seed graph (``None``) or of a synthetic graph."""
    from kg.network.analysis import analyze, load_graph
    from kg.network.clusters import partner_clusters
    from kg.network.measures import centrality_table
    from kg.network.projection import ProjectionOptions

    if nodes is None:
        result = analyze(
            load_graph(ROOT / "build" / "kg.ttl"), ProjectionOptions(nodes="all", exclude_relations=frozenset()), stability_seeds=0
        )
        return result.multi, result.table, result.clusters
    g = synthetic(nodes, seed=2)
    table = centrality_table(g)
    clusters = partner_clusters(g, seed=1, scores=table["pagerank"].to_dict()).clusters
    return multi_from(g), table, clusters


def write(tree: Path, pickled: Path, out: Path) -> float:
    """Write the page with the code in ``tree``; seconds taken (the whole process)."""
    env = {**os.environ, "PYTHONPATH": str(tree)}
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", WRITE, str(pickled), str(ROOT / "build" / "kg.ttl"), str(out)], env=env, check=True)
    return time.perf_counter() - started


def measure(browser: Any, page_path: Path, large: bool) -> dict[str, float]:
    """One opening of the page: the figures of the module docstring, in seconds."""
    page = browser.new_page(viewport={"width": 1500, "height": 900})
    started = time.perf_counter()
    page.goto(page_path.as_uri())
    page.wait_for_selector("body[data-ready='1']", timeout=600_000)
    ready = time.perf_counter() - started
    last = page.evaluate("JSON.stringify(window.kgExplorer.network.getPositions())")
    still = ready
    while time.perf_counter() - started < ready + 60:
        time.sleep(0.1)
        now = page.evaluate("JSON.stringify(window.kgExplorer.network.getPositions())")
        if now == last:
            break
        last, still = now, time.perf_counter() - started
    figures = {"ready": ready, "still": still, "filter": page.evaluate(FILTER) / 1000}
    if large and page.locator("#b-show-all").count() and page.is_visible("#b-show-all"):
        figures["show all"] = page.evaluate(SHOW_ALL) / 1000
    figures["pan frame"] = page.evaluate(PAN) / 1000
    page.close()
    return figures


def spread(values: list[float]) -> str:
    return f"{min(values):.2f} / {statistics.median(values):.2f} / {max(values):.2f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--baseline", default=BASELINE)
    parser.add_argument("--sizes", default="seed,2000,10000")
    args = parser.parse_args()
    chromium = shutil.which("chromium")
    if chromium is None:
        sys.exit("bench_explorer needs Debian's chromium")
    if not (ROOT / "build" / "kg.ttl").is_file():
        sys.exit("build the graph first: make build")
    from playwright.sync_api import sync_playwright

    print(machine())
    print(f"baseline: {args.baseline}; {args.runs} openings of each page, in turns; min / median / max in seconds\n")
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        base = tmp / "baseline"
        subprocess.run([GIT, "-C", str(ROOT), "worktree", "add", "--detach", str(base), args.baseline], check=True, capture_output=True)
        try:
            print("| graph | page | written in (s) | ready | still after | filter change | show all | pan frame |")
            print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |")
            with sync_playwright() as p:
                browser = p.chromium.launch(
                    executable_path=chromium, args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
                )
                for size in args.sizes.split(","):
                    nodes = None if size == "seed" else int(size)
                    pickled = tmp / f"{size}.pickle"
                    pickled.write_bytes(pickle.dumps(inputs(nodes)))
                    pages = {}
                    for name, tree in (("baseline", base), ("this tree", ROOT)):
                        pages[name] = (tmp / f"{size}-{name.replace(' ', '-')}.html", 0.0)
                        pages[name] = (pages[name][0], write(tree, pickled, pages[name][0]))
                    runs: dict[str, list[dict[str, float]]] = {name: [] for name in pages}
                    for _ in range(args.runs):
                        for name, (path, _written) in pages.items():
                            runs[name].append(measure(browser, path, large=nodes is not None and nodes > 2000))
                    medians = {}
                    for name, (_path, written) in pages.items():
                        cells = []
                        for key in ("ready", "still", "filter", "show all", "pan frame"):
                            values = [r[key] for r in runs[name] if key in r]
                            cells.append(spread(values) if values else "")
                            if values:
                                medians[name, key] = statistics.median(values)
                        label = f"{size} nodes" if nodes else "seed"
                        print(f"| {label} | {name} | {written:.2f} | " + " | ".join(cells) + " |")
                    ratios = []
                    for key in ("ready", "still", "filter", "pan frame"):
                        if ("baseline", key) in medians and ("this tree", key) in medians and medians["baseline", key] > 0:
                            ratios.append(f"{key} {medians['this tree', key] / medians['baseline', key]:.2f}")
                    print(f"| {size} | ratio this tree / baseline (medians) | | " + ", ".join(ratios) + " | | | | |")
                browser.close()
        finally:
            subprocess.run([GIT, "-C", str(ROOT), "worktree", "remove", "--force", str(base)], check=False, capture_output=True)


if __name__ == "__main__":
    main()
