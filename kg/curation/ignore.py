"""The coverage ignore file: names a curator has reviewed and decided are not entities.

``kg coverage`` and ``kg ingest`` list names that look like entities but that no
registered name covers; a curator either registers the entity or lists the name in
``seeds/curation/coverage-ignore.yaml`` with a reason.  This module reads that file
(safe YAML with line numbers, so a bad entry is reported at its line); the matching
itself lives in :mod:`kg.text.coverage`, which knows nothing of files.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import CurationError, Problem
from .yamlload import LineDict, load_yaml

__all__ = ["IGNORE_FILE", "load_ignores"]

#: Where the ignore file lives, relative to the project root.
IGNORE_FILE = "seeds/curation/coverage-ignore.yaml"


def load_ignores(path: Path, display: str) -> dict[str, dict[str, str]]:
    """``{doc or '*': {text: reason}}`` from the coverage ignore file (if it exists)."""
    if not path.is_file():
        return {}
    data = load_yaml(path, display)
    problems = []
    result: dict[str, dict[str, str]] = {}
    if not isinstance(data, LineDict) or not isinstance(data.get("ignore"), dict):
        raise CurationError(
            [Problem(display, 1, "ignore", "expected a top-level 'ignore:' mapping of document id to a list", "see docs/curation.md")]
        )
    for doc, items in data["ignore"].items():
        if not isinstance(items, list):
            problems.append(
                Problem(
                    display,
                    data["ignore"].line_of(doc),
                    f"ignore.{doc}",
                    "must be a list of {text, reason}",
                    "write '- text: ...' items with a 'reason:'",
                )
            )
            continue
        for i, item in enumerate(items):
            if (
                not isinstance(item, LineDict)
                or not isinstance(item.get("text"), str)
                or not isinstance(item.get("reason"), str)
                or not item["reason"].strip()
            ):
                line = item.line if isinstance(item, LineDict) else data["ignore"].line_of(doc)
                problems.append(
                    Problem(
                        display,
                        line,
                        f"ignore.{doc}[{i}]",
                        "each entry needs 'text:' and a non-empty 'reason:'",
                        "say why the name is not an entity the graph needs",
                    )
                )
                continue
            result.setdefault(str(doc), {})[item["text"]] = item["reason"].strip()
    if problems:
        raise CurationError(problems)
    return result
