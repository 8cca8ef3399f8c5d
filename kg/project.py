"""Where a project's inputs and outputs live.

A project directory holds ``seeds/`` (documents, manifest, curation) and ``ontology/``
(``kg.ttl`` and ``shapes.ttl``).  Commands find it from ``--root``, the ``KG_ROOT``
environment variable, or the nearest parent of the working directory that has
``seeds/manifest.yaml`` -- so they work from any sub-directory, and tests can point
them at a copy in a temporary directory.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from .errors import KgError

__all__ = ["Project", "find_root"]


@dataclass(frozen=True)
class Project:
    """Paths of one project."""

    root: Path

    @property
    def seeds(self) -> Path:
        return self.root / "seeds"

    @property
    def manifest(self) -> Path:
        return self.seeds / "manifest.yaml"

    @property
    def ontology(self) -> Path:
        return self.root / "ontology" / "kg.ttl"

    @property
    def shapes(self) -> Path:
        return self.root / "ontology" / "shapes.ttl"

    @property
    def curation(self) -> Path:
        return self.seeds / "curation"

    def rel(self, path: Path) -> str:
        """``path`` relative to the root when inside it (for messages and reports)."""
        try:
            return path.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return str(path)


def find_root(explicit: Path | None = None) -> Project:
    """Locate the project: ``explicit``, then ``$KG_ROOT``, then the working directory's ancestors."""
    if explicit is not None:
        candidates = [explicit]
    elif os.environ.get("KG_ROOT"):
        candidates = [Path(os.environ["KG_ROOT"])]
    else:
        here = Path.cwd()
        candidates = [here, *here.parents]
    for candidate in candidates:
        if (candidate / "seeds" / "manifest.yaml").is_file():
            return Project(candidate.resolve())
    if explicit is not None or os.environ.get("KG_ROOT"):
        raise KgError(
            f"{candidates[0]} is not a project directory (no seeds/manifest.yaml); pass the directory that holds seeds/ and ontology/"
        )
    raise KgError(
        "no project found: run from inside the project directory, or pass --root (or set KG_ROOT) to the directory that holds seeds/ and ontology/"
    )
