"""The documents are byte-for-byte the published ones and the manifest describes them."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
import yaml

SHARED = Path(__file__).resolve().parents[3] / "shared" / "seeds"


def _manifest(root: Path) -> list[dict[str, object]]:
    data = yaml.safe_load((root / "seeds" / "manifest.yaml").read_text(encoding="utf-8"))
    return list(data["documents"])


def test_every_document_matches_its_checksum(root: Path) -> None:
    docs = _manifest(root)
    assert [d["id"] for d in docs] == ["000", "001", "002", "003", "004"]
    for doc in docs:
        data = (root / "seeds" / str(doc["file"])).read_bytes()
        assert hashlib.sha256(data).hexdigest() == doc["sha256"], doc["file"]


def test_manifest_entries_are_complete(root: Path) -> None:
    for doc in _manifest(root):
        title = doc["title"]
        assert isinstance(title, dict) and title.get("en")
        assert doc["languages"] and doc["kind"] and "publisher" in doc
        for lang in doc["languages"]:  # type: ignore[attr-defined]
            if lang != "en":
                assert lang in title, f"{doc['id']} needs a title in its own language {lang}"


@pytest.mark.skipif(not SHARED.is_dir(), reason="the shared seeds are not beside this checkout")
def test_copies_are_identical_to_shared_seeds(root: Path) -> None:
    for doc in _manifest(root):
        name = str(doc["file"])
        assert (root / "seeds" / name).read_bytes() == (SHARED / name).read_bytes()
