"""The explorer's vis-network is the vendored copy: pinned by checksum, licensed, shipped in the package."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

from kg.viz.html import BARNES_HUT_OPTIONS, _vis_assets

ROOT = Path(__file__).resolve().parents[2]
VENDOR = ROOT / "kg" / "viz" / "vendor"
#: The bytes pyvis 0.3.2 ships as templates/lib/vis-9.1.2/ (kg/viz/vendor/README.md).
SHA256 = {
    "vis-network-9.1.2.min.js": "1f20f0736f32cb9bedf8f6383b25cfea2f839e1abe80d6e8040b4d5bea378c69",
    "vis-network-9.1.2.css": "2e82d445ad5878ea881652470ce632601f8f55f1b99e6ebecdff8614600e6d0e",
}


def test_vendored_files_are_the_pinned_bytes_with_their_licences() -> None:
    for name, digest in SHA256.items():
        assert hashlib.sha256((VENDOR / name).read_bytes()).hexdigest() == digest, f"{name} changed: see kg/viz/vendor/README.md"
    header = (VENDOR / "vis-network-9.1.2.min.js").read_text(encoding="utf-8")[:1000]
    assert "@version 9.1.2" in header and "Apache 2.0" in header and "MIT" in header
    assert "Apache License" in (VENDOR / "LICENSE-APACHE-2.0").read_text(encoding="utf-8")
    assert "The MIT License" in (VENDOR / "LICENSE-MIT").read_text(encoding="utf-8")


def test_the_page_inlines_the_vendored_copy_not_pyvis() -> None:
    js, css = _vis_assets()
    assert js == (VENDOR / "vis-network-9.1.2.min.js").read_text(encoding="utf-8").replace("</script", "<\\/script")
    assert css == (VENDOR / "vis-network-9.1.2.css").read_text(encoding="utf-8")
    source = (ROOT / "kg" / "viz" / "html.py").read_text(encoding="utf-8")
    assert "pyvis.__file__" not in source and "templates/lib" not in source


def test_the_pinned_physics_options_are_what_pyvis_writes() -> None:
    """kg viz no longer imports pyvis for its options model: the constant must still be pyvis' output."""
    from pyvis.network import Network

    net = Network()
    net.barnes_hut(gravity=-6000, central_gravity=0.35, spring_length=110, spring_strength=0.04, damping=0.35, overlap=0)
    assert json.loads(net.options.to_json()) == BARNES_HUT_OPTIONS


def test_the_explorer_does_not_import_pyvis() -> None:
    code = "import sys\nfrom kg.viz.html import _vis_options\n_vis_options(10)\nprint('pyvis' in sys.modules)\n"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def test_build_py_ships_the_vendored_files(tmp_path: Path) -> None:
    code = "import setuptools, sys; sys.argv = ['setup.py', '-q', 'build_py', '--build-lib', sys.argv[1]]; setuptools.setup()"
    result = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path / "lib")], cwd=ROOT, capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
    shipped = tmp_path / "lib" / "kg" / "viz" / "vendor"
    for name in [*SHA256, "LICENSE-APACHE-2.0", "LICENSE-MIT"]:
        assert (shipped / name).read_bytes() == (VENDOR / name).read_bytes(), name
