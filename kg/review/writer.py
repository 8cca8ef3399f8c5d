"""Edits of a draft curation file, on its text: one reviewed item in, nothing else moved.

A draft is mostly comments (the proposals ``kg ingest`` wrote) around a few uncommented
items a reviewer kept, in the reviewer's own layout.  A YAML round trip would keep the
comments only approximately, so each edit works on lines, like ``kg ingest --refresh``
(:mod:`kg.ingest.refresh`): an item is rendered in the curation format and inserted after
the last uncommented line of its key, a ``status:`` value replaced in place.  Each
function then reads the result back with the safe loader and checks that the data is
the old data plus exactly that change, so a surprising layout is refused rather than
written wrong (:class:`WriteRefused`).
"""

from __future__ import annotations

import io
import re
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from ..curation.yamlload import load_yaml_text, plain_data
from ..errors import KgError
from ..ingest.draft import draft_yaml
from ..ingest.refresh import proposal_blocks, top_level_regions

__all__ = ["WriteRefused", "add_item", "drop_proposals", "item_lines", "set_status"]

#: Keys whose values are written double-quoted (free text; a quote may start with a digit or a colon).
_QUOTED = frozenset({"quote", "gloss", "note", "label", "en", "zh", "th", "date", "name", "candidate"})
#: What heads ``rejected:`` when a file gets it.
REJECTED_COMMENT = "# Suggestions turned down in review: kg review and kg ingest --refresh do not propose them again."


class WriteRefused(KgError):
    """The edit would not give the file the data it should (an unusual layout); nothing was written."""

    exit_code = 1


def _styled(value: Any, key: str = "") -> Any:
    """``value`` as ruamel should write it: free text double-quoted, short id lists in flow style."""
    if isinstance(value, dict):
        node = CommentedMap()
        for k, v in value.items():
            node[k] = _styled(v, k)
        if key == "label":
            node.fa.set_flow_style()
        return node
    if isinstance(value, list):
        seq = CommentedSeq([_styled(v, key) for v in value])
        seq.fa.set_flow_style()
        return seq
    if isinstance(value, str) and (key in _QUOTED or key == ""):
        return DoubleQuotedScalarString(value)
    return value


def item_lines(item: dict[str, Any], indent: int, flow: bool = False) -> list[str]:
    """The lines of one list item ``- key: value ...`` at ``indent`` spaces (``flow``: one ``- {...}`` line)."""
    yaml = draft_yaml()
    buffer = io.StringIO()
    node = _styled(item)
    if flow:
        node.fa.set_flow_style()
    yaml.dump(CommentedSeq([node]), buffer)
    lines = buffer.getvalue().splitlines()
    # draft_yaml indents a top-level sequence's dash by two ("  - a: 1"); re-indent to ``indent``
    lead = len(lines[0]) - len(lines[0].lstrip(" "))
    return [" " * indent + line[lead:] if line.strip() else line for line in lines]


def _item_indent(lines: list[str], start: int, end: int) -> int | None:
    """The indentation of the list items already under a key (None: no uncommented item)."""
    for line in lines[start + 1 : end]:
        stripped = line.lstrip(" ")
        if stripped.startswith("- ") and not line.startswith("#"):
            return len(line) - len(stripped)
    return None


def _value_empty(line: str) -> bool:
    value = re.sub(r"(^|\s)#.*$", "", line.split(":", 1)[1]).strip()
    return value in ("", "null", "~", "[]")


def add_item(text: str, key: str, item: dict[str, Any], name: str, flow: bool = False, before: str | None = None) -> str:
    """``text`` with ``item`` appended to the list under top-level ``key``.

    A missing key is added before the top-level key ``before`` (else at the end), with
    :data:`REJECTED_COMMENT` above it for ``rejected``.  An empty value (``key:``,
    ``key: []``) becomes a block list.

    Raises
    ------
    WriteRefused
        The key's value is not a list, or the result would not be the old data plus the item.
    CurationError
        ``text`` is not valid YAML.
    """
    old = load_yaml_text(text, name) or {}
    if not isinstance(old, dict):
        raise WriteRefused(f"{name}: the file is not a mapping at the top level; nothing was written")
    lines = text.splitlines()
    regions = top_level_regions(lines)
    if key not in regions:
        at = regions[before][0] if before in regions else len(lines)
        head = [REJECTED_COMMENT] if key == "rejected" else []
        lines[at:at] = [*head, f"{key}:", *item_lines(item, 2, flow)]
    else:
        start, end = regions[key]
        has_items = not _value_empty(lines[start]) and old.get(key) not in (None, [])
        if has_items and (not isinstance(old.get(key), list) or _item_indent(lines, start, end) is None):
            raise WriteRefused(f"{name}: '{key}:' is not a block list (- items); add the item by hand; nothing was written")
        if _value_empty(lines[start]):
            lines[start] = f"{key}:" + (lines[start].split(":", 1)[1].replace("[]", "", 1).rstrip() if "#" in lines[start] else "")
        indent = _item_indent(lines, start, end)
        content = [i for i in range(start + 1, end) if lines[i].strip() and not lines[i].startswith("#")]
        at = content[-1] + 1 if content else start + 1
        lines[at:at] = item_lines(item, 2 if indent is None else indent, flow)
    new_text = "\n".join(lines) + "\n"
    expected = plain_data(old)
    expected[key] = [*(expected.get(key) or []), plain_data(item)]
    if plain_data(load_yaml_text(new_text, name)) != expected:
        raise WriteRefused(f"{name}: adding to '{key}:' would change other data (an unusual layout?); add it by hand; nothing was written")
    return new_text


def set_status(text: str, status: str, name: str) -> str:
    """``text`` with its top-level ``status:`` set to ``status`` (its line comment kept)."""
    lines = text.splitlines()
    regions = top_level_regions(lines)
    if "status" not in regions:
        raise WriteRefused(f"{name}: no top-level 'status:' line; add 'status: {status}' by hand; nothing was written")
    i = regions["status"][0]
    comment = re.search(r"\s+#.*$", lines[i])
    lines[i] = f"status: {status}" + (comment.group(0) if comment else "")
    new_text = "\n".join(lines) + "\n"
    old = plain_data(load_yaml_text(text, name) or {})
    old["status"] = status
    if plain_data(load_yaml_text(new_text, name)) != old:
        raise WriteRefused(f"{name}: setting the status would change other data; set 'status: {status}' by hand; nothing was written")
    return new_text


def drop_proposals(text: str, name: str) -> str:
    """``text`` without the commented-out proposals ``kg ingest`` wrote (what a finished review leaves behind).

    The data is unchanged (only comments go), which is checked.
    """
    lines = text.splitlines()
    drop = {i for start, end in proposal_blocks(lines) for i in range(start, end)}
    kept = [line for i, line in enumerate(lines) if i not in drop]
    new_text = "\n".join(kept) + "\n"
    if plain_data(load_yaml_text(new_text, name)) != plain_data(load_yaml_text(text, name)):
        raise WriteRefused(f"{name}: removing the proposals would change the data; nothing was written")
    return new_text
