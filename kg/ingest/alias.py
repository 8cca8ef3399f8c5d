"""``kg alias``: add a spelling to an entity's ``alt:`` in the file that defines it.

A draft flags a candidate name that nearly equals a registered one as a *possible
alias*; the fix is one more name in that entity's ``alt:``, so that the next ingest
links the spelling instead of proposing a second entity.  Editing YAML by hand is easy
to get wrong in a flow mapping (``alt: {en: [A, B], zh: [甲]}``), so this does it:

* the file is edited with ruamel.yaml in round-trip mode (the instance drafts are
  written with, :func:`kg.ingest.draft.draft_yaml`), so comments, key order, flow style
  and quotes stay as they were (docs/decisions/0010-ruamel-yaml-for-drafts.md); a file
  whose unchanged round trip would not give back its exact text is refused rather than
  reformatted;
* the spelling is refused if it is already a name of the entity, or a name of another
  entity (names are compared as the mention finder compares them: whitespace,
  Thai spaces and case folded), so one spelling never names two things;
* before the atomic write, the new text is read back with the curation's safe loader
  and must equal the old data plus that one name, and the entity's names must pass the
  loader's own check, so the curation loads as before.

It lives in :mod:`kg.ingest` (not :mod:`kg.curation`) because it writes: it uses the
ruamel instance of the drafts and :func:`kg.build.output.write_atomic`, both above the
curation layer.
"""

from __future__ import annotations

import difflib
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import CommentMark
from ruamel.yaml.tokens import CommentToken

from ..build.output import write_atomic
from ..curation.fields import Ctx, read_names, text_value
from ..curation.loader import load_curation
from ..curation.manifest import LANGUAGES
from ..curation.yamlload import LineDict, load_yaml_text, plain_data
from ..errors import KgError, UsageError
from ..project import Project
from ..schema.model import Curation, Entity
from ..schema.ontology import load_ontology
from ..text.normalize import script_of
from .draft import draft_yaml
from .pipeline import name_key

__all__ = ["AliasError", "AliasResult", "add_alias", "add_alias_text", "alias_edit"]


class AliasError(KgError):
    """The spelling cannot be added (already a name, a file that cannot be edited safely); nothing was written."""

    exit_code = 1


@dataclass(frozen=True)
class AliasResult:
    """The name added and where."""

    entity: str
    name: str
    lang: str
    file: Path


def _suggestions(word: str, curation: Curation) -> str:
    """Close entity ids (RapidFuzz ratio) and entities that have ``word`` as a name."""
    from rapidfuzz import fuzz, process

    close = [match for match, _score, _i in process.extract(word, sorted(curation.entities), scorer=fuzz.ratio, limit=3, score_cutoff=60)]
    key = name_key(word)
    named = sorted(e.id for e in curation.entities.values() if any(name_key(n) == key for _, n in e.names.all_names()))
    ids = list(dict.fromkeys(named + close))
    return "did you mean " + " or ".join(f"'{i}'" for i in ids) + "?" if ids else "see the ids in seeds/curation/entities/"


def _owner(name: str, curation: Curation) -> list[tuple[Entity, str, str]]:
    """Every (entity, language, name) whose name is ``name`` as the mention finder compares names."""
    key = name_key(name)
    return [(e, lang, n) for e in curation.entities.values() for lang, n in e.names.all_names() if name_key(n) == key]


def _entity_item(data: Any, entity_id: str) -> Any:
    entities = data.get("entities") if isinstance(data, dict) else None
    for item in entities if isinstance(entities, list) else []:
        if isinstance(item, dict) and item.get("id") == entity_id:
            return item
    return None


def _dump(data: Any) -> str:
    buffer = io.StringIO()
    draft_yaml().dump(data, buffer)
    return buffer.getvalue()


def _flow_like(siblings: list[Any], default: bool) -> bool:
    """Whether new collections should be flow style, as their siblings are."""
    styles = [s.fa.flow_style() for s in siblings if isinstance(s, CommentedMap | CommentedSeq)]
    return bool(styles[0]) if styles else default


def _seq(names: Any, name: str, flow: bool) -> CommentedSeq:
    """The new list of names of one language: the one already written as a plain string (if any), then ``name``."""
    seq = CommentedSeq([names, name] if isinstance(names, str) else [name])
    if flow:
        seq.fa.set_flow_style()
    return seq


def _add(item: CommentedMap, lang: str, name: str) -> None:
    """Append ``name`` to ``item``'s ``alt`` for ``lang``, creating what is missing in the style around it."""
    alt = item.get("alt")
    if isinstance(alt, CommentedMap):
        names = alt.get(lang)
        if isinstance(names, CommentedSeq):
            names.append(name)
            _carry_comments(names)
        else:
            alt[lang] = _seq(names, name, flow=bool(alt.fa.flow_style()) or _flow_like(list(alt.values()), default=True))
            _carry_comments(alt)
        return
    alt = CommentedMap()
    if _flow_like([item.get("label")], default=True):
        alt.fa.set_flow_style()
    alt[lang] = _seq(None, name, flow=True)
    if "alt" in item:  # 'alt:' with no names yet
        item["alt"] = alt
    else:
        item.insert(list(item).index("label") + 1 if "label" in item else len(item), "alt", alt)
        _carry_comments(item)


def _block(node: Any) -> bool:
    """A non-empty block-style mapping or sequence (what holds comment lines after its last value)."""
    return isinstance(node, CommentedMap | CommentedSeq) and len(node) > 0 and not node.fa.flow_style()


def _last(node: CommentedMap | CommentedSeq) -> Any:
    return list(node)[-1] if isinstance(node, CommentedMap) else len(node) - 1


def _slot(container: CommentedMap | CommentedSeq, key: Any) -> tuple[list[Any], int] | None:
    """Where ruamel keeps the comment after ``container[key]``'s value: (its comment entry, the index in it)."""
    value = container[key]
    if _block(value):
        deeper = _slot(value, _last(value))
        if deeper:
            return deeper
    index = 2 if isinstance(container, CommentedMap) else 0
    entry = container.ca.items.get(key)
    return (entry, index) if entry and len(entry) > index and entry[index] is not None else None


def _put(container: CommentedMap | CommentedSeq, key: Any, token: CommentToken) -> None:
    """Attach ``token`` after ``container[key]``'s value, at the deepest last value of a block collection."""
    value = container[key]
    if _block(value):
        _put(value, _last(value), token)
        return
    entry = container.ca.items.setdefault(key, [None, None, None, None])
    entry[2 if isinstance(container, CommentedMap) else 0] = token


def _carry_comments(container: CommentedMap | CommentedSeq) -> None:
    """Keep the comment lines that followed the last value before a new last key or item below it.

    ruamel.yaml keeps the comment lines after a block collection's last value on that
    value, so a key or item appended after it would be written *below* those lines (in a
    draft: below the commented-out proposals).  They move to the new last value; an
    end-of-line comment stays on its line.
    """
    if len(container) < 2 or not _block(container):
        return
    keys = list(container) if isinstance(container, CommentedMap) else list(range(len(container)))
    found = _slot(container, keys[-2])
    if found is None:
        return
    entry, index = found
    first, _newline, rest = entry[index].value.partition("\n")
    if not rest:
        return
    if first.strip():
        entry[index].value = first + "\n"
    else:
        entry[index] = None
    _put(container, keys[-1], CommentToken("\n" + rest, CommentMark(0)))


def _item_lines(text: str, item: CommentedMap) -> tuple[int, int]:
    """The first and last line (0-based) of an entity's own content: comment lines after it are not its own."""
    lines = text.splitlines()
    start, column = item.lc.line, item.lc.col
    end = start
    for k in range(start + 1, len(lines)):
        stripped = lines[k].strip()
        if not stripped or stripped.startswith("#"):
            continue
        if len(lines[k]) - len(lines[k].lstrip(" ")) < column:
            break
        end = k
    return start, end


def _only_within(old: str, new: str, start: int, end: int) -> bool:
    """Whether ``new`` differs from ``old`` only in lines ``start``..``end`` (or right after ``end``)."""
    matcher = difflib.SequenceMatcher(a=old.splitlines(), b=new.splitlines(), autojunk=False)
    return all(tag == "equal" or (start <= i1 and i2 <= end + 1) for tag, i1, i2, _j1, _j2 in matcher.get_opcodes())


def add_alias_text(text: str, display: str, entity_id: str, lang: str, name: str) -> str:
    """The text of a curation file with ``name`` added to ``entity_id``'s ``alt`` under ``lang``.

    Raises
    ------
    AliasError
        The file would be reformatted by a round trip, does not define the entity, or
        the edit would change anything but that one name.
    """
    yaml = draft_yaml()
    data = yaml.load(text)
    if _dump(data) != text:
        raise AliasError(
            f"{display}: its layout is not one ruamel.yaml writes back unchanged, so editing it would reformat the file; "
            f"add {name!r} to the alt: of '{entity_id}' by hand; nothing was written"
        )
    item = _entity_item(data, entity_id)
    if not isinstance(item, CommentedMap):
        raise AliasError(f"{display}: no entity '{entity_id}' under 'entities:'; nothing was written")
    start, end = _item_lines(text, item)
    _add(item, lang, name)
    new_text = _dump(data)
    if not _only_within(text, new_text, start, end):
        raise AliasError(
            f"{display}: adding the name would move lines outside the entity (lines {start + 1}-{end + 1}); "
            f"add {name!r} to the alt: of '{entity_id}' by hand; nothing was written"
        )
    # Read back as the build reads it: the old data plus exactly this name.
    expected = plain_data(load_yaml_text(text, display))
    target = _entity_item(expected, entity_id)
    alt = target.get("alt") or {}
    listed = alt.get(lang)
    alt[lang] = [listed, name] if isinstance(listed, str) else [*(listed or []), name]
    target["alt"] = alt
    loaded = load_yaml_text(new_text, display)
    ctx = Ctx(display)
    item_loaded = _entity_item(loaded, entity_id)
    names = read_names(ctx, item_loaded, "entity") if isinstance(item_loaded, LineDict) else None
    if plain_data(loaded) != expected or names is None or ctx.problems or name not in names.alt.get(lang, ()):
        raise AliasError(f"{display}: adding {name!r} would not give the curation it should (please report this); nothing was written")
    return new_text


def alias_edit(project: Project, entity_id: str, spelling: str, lang: str | None = None) -> tuple[Path, str]:
    """The file that defines ``entity_id`` and its text with ``spelling`` added to the entity's ``alt:``; nothing is written.

    ``lang`` defaults to the script of the spelling (Thai, Chinese, else English).  A
    caller that checks more before writing (``kg review``) writes the text itself.

    Raises
    ------
    UsageError
        An unknown entity (with the closest ids), an empty spelling, an unknown language.
    AliasError
        The spelling already names this entity or another one, or the file cannot be
        edited safely.
    CurationError
        The project's curation does not load.
    """
    name = text_value(spelling)
    if name is None:
        raise UsageError("the spelling is empty: give the name as the document writes it")
    lang = lang or script_of(name)
    if lang not in LANGUAGES:
        raise UsageError(f"--lang {lang!r}: use one of {', '.join(LANGUAGES)}")
    curation = load_curation(project.root, load_ontology(project.ontology, project.rel(project.ontology)), include_drafts=True)
    entity = curation.entities.get(entity_id)
    if entity is None:
        raise UsageError(f"unknown entity '{entity_id}': {_suggestions(entity_id, curation)}")
    for owner, owner_lang, owner_name in _owner(name, curation):
        where = f"{owner.where.file}:{owner.where.line}"
        if owner.id == entity_id:
            raise AliasError(f"{name!r} is already a name of '{entity_id}' ({owner_lang}: {owner_name!r}, {where}); nothing to add")
        raise AliasError(
            f"{name!r} is already a name of another entity, '{owner.id}' ({owner_lang}: {owner_name!r}, {where}): "
            f"one spelling cannot name two entities; if '{entity_id}' and '{owner.id}' are the same thing, merge them; nothing was written"
        )
    path = project.root / entity.where.file
    return path, add_alias_text(path.read_text(encoding="utf-8"), entity.where.file, entity_id, lang, name)


def add_alias(project: Project, entity_id: str, spelling: str, lang: str | None = None) -> AliasResult:
    """Add ``spelling`` to the ``alt:`` of ``entity_id`` in the file that defines it (drafts included).

    Raises as :func:`alias_edit`.
    """
    path, new_text = alias_edit(project, entity_id, spelling, lang)
    write_atomic(path, new_text.encode("utf-8"))
    name = text_value(spelling) or spelling
    return AliasResult(entity_id, name, lang or script_of(name), path)
