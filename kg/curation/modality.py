"""Modality of curated statements: how the text puts each claim, and the defaults of a file.

An analyst must never read a plan as a fact.  Every fact, link and indicator therefore
carries one modality of the ontology's ``kg:Modalities`` scheme (``reported``,
``announced``, ``directed``, ``recommended``, ``target``).  Writing it on every
statement of a policy document would bury the exceptions, so a document file may set

* a **document default** (``modality: directed`` beside ``status:``), and
* **section defaults** keyed by a heading exactly as the document writes it
  (``sections: {"四、…的思路对策": recommended}``): a statement whose quote starts at or
  after that heading, and before the next listed heading, takes the section's modality.

A statement's own ``modality:`` (or an indicator's ``target: true``) overrides both.
Section defaults need the document's text to know where a quote starts; the quote is
located exactly as the build does (:func:`kg.text.quotes.locate`: the first occurrence),
so the default a statement gets is the one of the place its evidence is recorded at.

Examples
--------
>>> table = {"Reported": "r", "Directed": "d"}
>>> concept_name("directed", table), concept_name("DIRECTED", table), concept_name("ordered", table)
('Directed', 'Directed', None)
>>> d = Defaults("x.yaml", "Reported", (Section("四、对策", 10, "Recommended", 5), Section("附录", 50, "Reported", 6)))
>>> [d.section_at(n).modality if d.section_at(n) else None for n in (3, 10, 49, 60)]
[None, 'Recommended', 'Recommended', 'Reported']
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..text.quotes import QuoteIndex
from .fields import Ctx
from .yamlload import LineDict

__all__ = ["MODALITY_HINT", "Defaults", "Section", "concept_name", "read_defaults"]

#: How to write a modality, for error hints (the concepts' local names, in lower case).
MODALITY_HINT = (
    "reported (the text states it happened or holds), announced (an actor says it will), "
    "directed (a policy orders or encourages it), recommended (the author advises it) or target (a goal figure)"
)


def concept_name(value: Any, table: dict[str, Any]) -> str | None:
    """The local name in ``table`` that ``value`` spells, ignoring case; ``None`` if none does."""
    if not isinstance(value, str):
        return None
    for known in table:
        if known.lower() == value.strip().lower():
            return known
    return None


@dataclass(frozen=True)
class Section:
    """A section default: from ``start`` (the heading's offset in the document) to the next section."""

    heading: str
    start: int
    modality: str
    line: int


@dataclass(frozen=True)
class Defaults:
    """The modality defaults of one document: the file's default and its sections, by position."""

    file: str
    modality: str | None
    sections: tuple[Section, ...] = ()
    index: QuoteIndex | None = field(default=None, compare=False, repr=False)

    def section_at(self, offset: int) -> Section | None:
        """The section a quote starting at ``offset`` lies in (the last listed heading at or before it)."""
        found = None
        for section in self.sections:
            if section.start <= offset:
                found = section
        return found


def _short(text: str, n: int = 40) -> str:
    return text if len(text) <= n else text[:n] + "…"


def read_defaults(ctx: Ctx, data: LineDict, doc: str, text: str | None, modalities: dict[str, Any]) -> Defaults:
    """Read ``modality:`` and ``sections:`` from the top of a document file.

    Every problem (an unknown modality, a heading the document does not contain or
    contains twice) is recorded in ``ctx`` with its line; what is usable is kept.
    ``text`` is the document's text (``None`` when it could not be read: the build reports
    that itself, and section headings are then not checked).
    """
    default: str | None = None
    if "modality" in data:
        default = concept_name(data["modality"], modalities)
        if default is None:
            ctx.add(
                data.line_of("modality"),
                "modality",
                f"unknown modality {data['modality']!r} for the document's default",
                f"write one of {MODALITY_HINT}",
            )
    raw = data.get("sections")
    if raw is None:
        return Defaults(ctx.file, default)
    if not isinstance(raw, LineDict) or not raw:
        ctx.add(
            data.line_of("sections"),
            "sections",
            "must map section headings (as the document writes them) to modalities",
            'e.g. sections: {"四、上海进一步加强“一带一路”科技创新合作的思路对策": recommended}',
        )
        return Defaults(ctx.file, default)
    index = QuoteIndex({doc: text}) if text is not None else None
    sections: list[Section] = []
    for heading, value in raw.items():
        where = f"sections[{_short(heading)!r}]"
        line = raw.line_of(heading)
        modality = concept_name(value, modalities)
        if modality is None:
            ctx.add(line, where, f"unknown modality {value!r} for the section", f"write one of {MODALITY_HINT}")
            continue
        if index is None:
            continue
        spans = index.views[doc].find_original(heading)
        if not spans:
            ctx.add(
                line,
                where,
                f"the heading does not occur in document {doc}",
                "copy the section's heading exactly from the document (only whitespace may differ)",
            )
        elif len(spans) > 1:
            ctx.add(
                line,
                where,
                f"the heading occurs {len(spans)} times in document {doc}, so the section's start is ambiguous",
                "copy more of the heading line, so that it occurs once",
            )
        else:
            sections.append(Section(heading, spans[0][0], modality, line))
    return Defaults(ctx.file, default, tuple(sorted(sections, key=lambda s: s.start)), index)
