"""Safe YAML loading that remembers line numbers and refuses surprises.

Curation files are plain YAML edited by people.  We load them with PyYAML's *safe*
loader (no object construction from tags), reject duplicate keys (PyYAML silently
keeps the last one, which hides editing mistakes), and return mappings that remember
the line of each key so that every later error can name its line.

Two YAML 1.1 conversions are switched off because they turn ordinary curation values
into something else without a word: ``yes``/``no``/``on``/``off`` are *not* booleans
(only ``true`` and ``false`` are, as in YAML 1.2), so Norway's ``iso_code: NO`` stays
the string ``"NO"``; and ``2018-11-05`` stays a string, so that :mod:`kg.text.dates` checks it
with the curation's own messages (PyYAML would build a ``datetime.date`` and crash on
``2018-02-30``).  Any other value a tag cannot build (``!!int abc``) is an error naming
the line, never an exception from deep inside PyYAML.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from ..errors import CurationError, Problem

__all__ = ["MAX_DEPTH", "MAX_YAML_BYTES", "LineDict", "load_yaml", "load_yaml_text"]

#: Curation files are small; anything larger is almost certainly a mistake or an attack.
MAX_YAML_BYTES = 5_000_000
#: Deeper nesting than this is never needed by the curation format.
MAX_DEPTH = 40
_EventSource: Any
try:  # libyaml's scanner and parser, when PyYAML was built with it
    from yaml.cyaml import CParser as _EventSource  # type: ignore[attr-defined]

    _WITH_LIBYAML = True
except ImportError:
    _EventSource, _WITH_LIBYAML = yaml.parser.Parser, False
#: Read with libyaml's events first (:class:`_FastLoader`) when PyYAML was built with it.
FAST: bool = _WITH_LIBYAML


class LineDict(dict[str, Any]):
    """A mapping that knows the 1-based line of itself and of each of its keys."""

    line: int = 0
    key_lines: dict[str, int]

    def line_of(self, key: str) -> int:
        """Line of ``key`` if present, else the line of the mapping itself."""
        return self.key_lines.get(key, self.line)


class _Checks:
    """What both loaders share: :class:`LineDict` mappings, duplicate keys refused, bad values named."""

    _path: str
    problems: list[Problem]

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node | None:
        # Anchors and aliases are refused: the format never needs them, and alias
        # chains ("billion laughs") would make later traversals explode.
        if self.check_event(yaml.AliasEvent):  # type: ignore[attr-defined]
            event = self.peek_event()  # type: ignore[attr-defined]
            raise yaml.composer.ComposerError(None, None, "YAML aliases (*name) are not allowed in curation files", event.start_mark)
        return super().compose_node(parent, index)  # type: ignore[misc,no-any-return]

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> LineDict:
        if not isinstance(node, yaml.MappingNode):
            raise yaml.constructor.ConstructorError(None, None, f"expected a mapping, found {node.id}", node.start_mark)
        self.flatten_mapping(node)  # type: ignore[attr-defined]
        result = LineDict()
        result.line = node.start_mark.line + 1
        result.key_lines = {}
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=deep)
            line = key_node.start_mark.line + 1
            if not isinstance(key, str):
                key = str(key)
            if key in result:
                self.problems.append(
                    Problem(
                        self._path,
                        line,
                        key,
                        f"duplicate key '{key}' (first on line {result.key_lines[key]})",
                        "remove one of the two; YAML would silently keep only the last",
                    )
                )
                continue
            result[key] = self.construct_object(value_node, deep=deep)
            result.key_lines[key] = line
        return result

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        # PyYAML's constructors raise bare Python errors of many kinds for values their
        # tag cannot hold (ValueError for ``!!int abc`` or ``!!timestamp 2018-02-30``,
        # IndexError for an empty ``!!int``, AttributeError for an empty ``!!timestamp``);
        # whatever the kind, it means "this value cannot be read": give it the node's line.
        try:
            return super().construct_object(node, deep=deep)  # type: ignore[misc]
        except (yaml.YAMLError, RecursionError):
            raise
        except Exception as exc:
            raise _BadValue(node, exc) from exc


class _Loader(_Checks, yaml.SafeLoader):  # type: ignore[misc]  # _Checks returns the LineDict subclass of dict
    """PyYAML's pure-Python safe loader with the checks: the reference, and the one that explains errors."""

    def __init__(self, stream: str, path: str) -> None:
        super().__init__(stream)
        self._path = path
        self.problems: list[Problem] = []


class _FastLoader(_Checks, yaml.composer.Composer, _EventSource, yaml.constructor.SafeConstructor, yaml.resolver.Resolver):  # type: ignore[misc]
    """The same loader over libyaml's C scanner and parser: about ten times faster.

    Only the events come from libyaml; the node tree is composed in Python, as by the
    reference loader, because libyaml's own composer recurses in C and crashes the
    process on a deeply nested file where Python raises :class:`RecursionError`.  On any
    error :func:`load_yaml_text` reads the text again with :class:`_Loader`, whose
    messages (line, hint) are the reference.
    """

    def __init__(self, stream: str, path: str) -> None:
        _EventSource.__init__(self, stream)
        yaml.composer.Composer.__init__(self)
        yaml.constructor.SafeConstructor.__init__(self)
        yaml.resolver.Resolver.__init__(self)
        self._path = path
        self.problems: list[Problem] = []


class _BadValue(yaml.constructor.ConstructorError):
    """A scalar that its (explicit) tag cannot turn into a value."""

    def __init__(self, node: yaml.Node, cause: Exception) -> None:
        super().__init__(None, None, f"cannot read the value {node.value!r} as {node.tag.rsplit(':', 1)[-1]} ({cause})", node.start_mark)


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _Loader.construct_mapping)  # type: ignore[type-var]
_FastLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _FastLoader.construct_mapping)  # type: ignore[type-var]

_BOOL_TAG = "tag:yaml.org,2002:bool"
_TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"
# Plain scalars resolve as in PyYAML's safe loader, minus timestamps and YAML 1.1's
# yes/no/on/off booleans (see the module docstring); true/false stay booleans.
for _cls in (_Loader, _FastLoader):
    _cls.yaml_implicit_resolvers = {
        first: [(tag, rx) for tag, rx in resolvers if tag not in (_BOOL_TAG, _TIMESTAMP_TAG)]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    _cls.add_implicit_resolver(_BOOL_TAG, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))


def _depth(node: yaml.Node, limit: int) -> int:
    """Depth of a composed YAML node tree, stopping early past ``limit``."""
    stack: list[tuple[yaml.Node, int]] = [(node, 1)]
    deepest = 0
    while stack:
        current, depth = stack.pop()
        deepest = max(deepest, depth)
        if deepest > limit:
            return deepest
        if isinstance(current, yaml.MappingNode):
            for k, v in current.value:
                stack.append((k, depth + 1))
                stack.append((v, depth + 1))
        elif isinstance(current, yaml.SequenceNode):
            stack.extend((child, depth + 1) for child in current.value)
    return deepest


def _load_fast(text: str, name: str) -> tuple[bool, Any]:
    """``(True, data)`` read with libyaml when the text is plain, well-formed curation YAML; else ``(False, None)``.

    Anything else (an error of any kind, an alias, too deep nesting, a duplicate key) is
    left to the reference loader, which explains it exactly as it always has.
    """
    loader = _FastLoader(text, name)
    try:
        node = loader.get_single_node()
        if node is None:
            return True, None
        if _depth(node, MAX_DEPTH) > MAX_DEPTH:
            return False, None
        data = loader.construct_document(node)
    except (yaml.YAMLError, RecursionError):
        return False, None
    finally:
        loader.dispose()
    return (False, None) if loader.problems else (True, data)


def load_yaml(path: Path, display: str | None = None) -> Any:
    """Load one YAML file safely, raising :class:`CurationError` with file and line.

    Parameters
    ----------
    path : Path
        The file to read (UTF-8).
    display : str, optional
        How to name the file in messages (defaults to ``str(path)``).
    """
    name = display or str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise CurationError([Problem(name, 0, "", f"cannot read the file: {exc.strerror}", "check the path and permissions")]) from exc
    if len(raw) > MAX_YAML_BYTES:
        raise CurationError(
            [
                Problem(
                    name,
                    0,
                    "",
                    f"file is {len(raw):,} bytes, over the {MAX_YAML_BYTES:,}-byte limit",
                    "split it into several curation files",
                )
            ]
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise CurationError(
            [Problem(name, line, "", f"not valid UTF-8 (byte 0x{raw[exc.start]:02x} at offset {exc.start})", "save the file as UTF-8")]
        ) from exc
    return load_yaml_text(text, name)


def load_yaml_text(text: str, name: str) -> Any:
    """Load YAML text with the same rules as :func:`load_yaml` (for text about to be written to a file).

    Every YAML the project reads goes through here: the safe loader, no tags that
    construct objects, no anchors or aliases, no duplicate keys, bounded nesting.

    Raises
    ------
    CurationError
        With the line and a hint; ``name`` says which file the text is (or will be).
    """
    if len(text) > MAX_YAML_BYTES:
        raise CurationError([Problem(name, 0, "", f"over the {MAX_YAML_BYTES:,}-byte limit", "split it into several files")])
    if FAST:
        done, data = _load_fast(text, name)
        if done:
            return data
    try:
        loader = _Loader(text, name)
    except yaml.reader.ReaderError as exc:  # the reader checks every character before parsing
        line = text.count("\n", 0, exc.position) + 1
        raise CurationError(
            [
                Problem(
                    name,
                    line,
                    "",
                    f"contains the non-printable character U+{exc.character:04X}, which YAML does not allow",
                    "remove it; NUL bytes usually mean the file was saved as UTF-16 or is not text: save it as UTF-8",
                )
            ]
        ) from exc
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        if _depth(node, MAX_DEPTH) > MAX_DEPTH:
            raise CurationError(
                [
                    Problem(
                        name,
                        node.start_mark.line + 1,
                        "",
                        f"nesting deeper than {MAX_DEPTH} levels",
                        "the curation format never needs this; flatten the file",
                    )
                ]
            )
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 0
        what = exc.problem or exc.context or "invalid YAML"
        if isinstance(exc, _BadValue):
            what = exc.problem or what
            hint = "remove the '!!tag' and write the value plainly (in quotes if it is text)"
            raise CurationError([Problem(name, line, "", what, hint)]) from exc
        if "could not determine a constructor" in str(exc):
            what = f"YAML tags that construct objects are not allowed ({what.strip()})"
            hint = "remove the '!tag'; curation files hold plain strings, numbers, lists and mappings"
        elif "aliases" in what:
            hint = "write the value out in full instead of using &anchor / *alias"
        else:
            hint = "check indentation, quoting and colons around this line (a quote containing ': ' must be in quotes)"
        raise CurationError([Problem(name, line, "", f"YAML syntax error: {what}", hint)]) from exc
    except yaml.YAMLError as exc:
        raise CurationError([Problem(name, 0, "", f"YAML error: {exc}", "check the file's syntax")]) from exc
    except RecursionError as exc:
        raise CurationError([Problem(name, 0, "", "nesting too deep to read", "flatten the file")]) from exc
    finally:
        loader.dispose()
    if loader.problems:
        raise CurationError(loader.problems)
    return data


def plain_data(value: Any) -> Any:
    """Loaded YAML as plain dicts (string keys) and lists: what two loads are compared as, line numbers aside."""
    if isinstance(value, dict):
        return {str(k): plain_data(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain_data(v) for v in value]
    return value
