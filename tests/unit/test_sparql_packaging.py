"""The catalogue and the query page ship inside the package, so an installed kg finds them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_build_py_copies_queries_and_static_files(tmp_path: Path) -> None:
    code = "import setuptools, sys; sys.argv = ['setup.py', '-q', 'build_py', '--build-lib', sys.argv[1]]; setuptools.setup()"
    result = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path / "lib")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    lib = tmp_path / "lib" / "kg"
    shipped = sorted(p.name for p in (lib / "queries").glob("*.rq"))
    assert shipped == sorted(p.name for p in (ROOT / "kg" / "queries").glob("*.rq"))
    assert (lib / "sparql" / "static" / "index.html").is_file() and (lib / "sparql" / "static" / "query.js").is_file()
    assert (lib / "sparql" / "server.py").is_file() and (lib / "cli" / "sparql.py").is_file()
    # the W3C Web Annotation context, read offline by kg.rdf.annotations, and its licence note
    assert (lib / "rdf" / "contexts" / "anno.jsonld").is_file() and (lib / "rdf" / "contexts" / "anno.jsonld.license").is_file()
