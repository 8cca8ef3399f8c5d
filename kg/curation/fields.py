"""Field readers shared by the curation loader: names, evidence, suggestions.

Each reader checks one kind of field, records every problem with its file, line and
field in a :class:`Ctx`, and returns ``None`` when the field is unusable, so the loader
can keep going and report all problems of a file at once.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from typing import Any

from ..errors import Problem
from ..schema.model import DocumentMeta, EvidenceRef, Names, Where
from ..text.normalize import nfc, normalize_space, script_of
from .manifest import LANGUAGES
from .yamlload import LineDict

__all__ = ["Ctx", "check_keys", "read_evidence", "read_names", "suggest", "text_value"]


class Ctx:
    """Problem collector for one file."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[Problem] = []

    def add(self, line: int, field: str, message: str, hint: str = "") -> None:
        self.problems.append(Problem(self.file, line, field, message, hint))


def suggest(word: str, choices: Iterable[str]) -> str:
    options = sorted(choices)
    close = difflib.get_close_matches(word, options, n=3, cutoff=0.6)
    if close:
        return "did you mean " + " or ".join(f"'{c}'" for c in close) + "?"
    if len(options) <= 40:
        return "choose one of: " + ", ".join(options)
    return "see docs/curation.md for the allowed names"


def text_value(value: Any) -> str | None:
    """A non-empty, NFC, whitespace-normalised string, or None."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        return None
    cleaned = normalize_space(nfc(value))
    return cleaned or None


def check_keys(ctx: Ctx, item: LineDict, allowed: set[str], where: str) -> None:
    for key in sorted(set(item) - allowed):
        ctx.add(item.line_of(key), f"{where}.{key}", "unknown field", suggest(key, allowed))


def read_names(ctx: Ctx, item: LineDict, where: str) -> Names | None:
    label = item.get("label")
    if isinstance(label, str):
        label = {"en": label}
    if not isinstance(label, dict):
        ctx.add(
            item.line_of("label"),
            f"{where}.label",
            "missing or not a mapping of language to label",
            "write 'label: {en: ..., zh: ..., th: ...}'",
        )
        return None
    pref: dict[str, str] = {}
    ok = True
    for lang, value in label.items():
        text = text_value(value)
        if lang not in LANGUAGES:
            ctx.add(item.line_of("label"), f"{where}.label.{lang}", f"unsupported language '{lang}'", f"use one of {list(LANGUAGES)}")
            ok = False
        elif text is None:
            ctx.add(
                item.line_of("label"), f"{where}.label.{lang}", "label must be a non-empty string", "write the name, or remove the language"
            )
            ok = False
        else:
            pref[lang] = text
    if "en" not in pref and ok:
        ctx.add(
            item.line_of("label"),
            f"{where}.label.en",
            "missing English label",
            "add 'en: <faithful English name>' (the official English name where one exists)",
        )
        ok = False
    alt: dict[str, tuple[str, ...]] = {}
    raw_alt = item.get("alt", {})
    if raw_alt is None:
        raw_alt = {}
    if not isinstance(raw_alt, dict):
        ctx.add(item.line_of("alt"), f"{where}.alt", "must map languages to lists of names", "write 'alt: {th: [name, name], en: [ABBR]}'")
        return None
    for lang, values in raw_alt.items():
        if lang not in LANGUAGES:
            ctx.add(item.line_of("alt"), f"{where}.alt.{lang}", f"unsupported language '{lang}'", f"use one of {list(LANGUAGES)}")
            ok = False
            continue
        listed = [values] if isinstance(values, str) else values
        if not isinstance(listed, list):
            ctx.add(item.line_of("alt"), f"{where}.alt.{lang}", "must be a list of names", "write '[name, name]'")
            ok = False
            continue
        names: list[str] = []
        for value in listed:
            text = text_value(value)
            if text is None:
                ctx.add(item.line_of("alt"), f"{where}.alt.{lang}", f"alternative name {value!r} is not a non-empty string", "quote it")
                ok = False
            elif text != pref.get(lang) and text not in names:
                names.append(text)
        if names:
            alt[lang] = tuple(names)
    return Names(pref, alt) if ok else None


def read_evidence(
    ctx: Ctx, item: LineDict, where: str, doc: str | None, docs: dict[str, DocumentMeta]
) -> tuple[str, tuple[EvidenceRef, ...]] | None:
    """Read ``quote``/``gloss`` or an ``evidence:`` list; all quotes from one document."""
    doc_value = item.get("doc", doc)
    if doc_value is not None and not isinstance(doc_value, str):
        doc_value = str(doc_value)
    if doc_value is None:
        ctx.add(
            item.line,
            f"{where}.doc",
            "a fact in the registry must name its document",
            "add 'doc: \"000\"' (the id from seeds/manifest.yaml)",
        )
        return None
    if doc_value not in docs:
        ctx.add(item.line_of("doc"), f"{where}.doc", f"unknown document '{doc_value}'", suggest(doc_value, docs))
        return None
    raw: list[tuple[LineDict, str]] = []
    if "evidence" in item:
        if "quote" in item or "gloss" in item:
            ctx.add(
                item.line_of("evidence"),
                f"{where}.evidence",
                "use either 'quote:'/'gloss:' or an 'evidence:' list, not both",
                "move the quote into the list",
            )
            return None
        if not isinstance(item["evidence"], list) or not item["evidence"]:
            ctx.add(
                item.line_of("evidence"), f"{where}.evidence", "must be a non-empty list of {quote, gloss}", "write '- quote: ...' items"
            )
            return None
        for j, ev in enumerate(item["evidence"]):
            if not isinstance(ev, LineDict):
                ctx.add(item.line_of("evidence"), f"{where}.evidence[{j}]", "must be a mapping with 'quote:'", "write '- quote: ...'")
                return None
            check_keys(ctx, ev, {"quote", "gloss"}, f"{where}.evidence[{j}]")
            raw.append((ev, f"{where}.evidence[{j}]"))
    elif "quote" in item:
        raw.append((item, where))
    else:
        ctx.add(
            item.line,
            f"{where}.quote",
            "every statement needs a verbatim quote from its document",
            "add 'quote: \"...\"' copied exactly from the document (whitespace may differ)",
        )
        return None
    refs: list[EvidenceRef] = []
    for ev, ev_where in raw:
        quote = ev.get("quote")
        if not isinstance(quote, str) or not quote.strip():
            ctx.add(
                ev.line_of("quote"),
                f"{ev_where}.quote",
                "quote must be a non-empty string",
                "copy the sentence from the document, in quotes",
            )
            continue
        gloss_raw = ev.get("gloss")
        gloss = text_value(gloss_raw) if gloss_raw is not None else None
        if gloss_raw is not None and gloss is None:
            ctx.add(ev.line_of("gloss"), f"{ev_where}.gloss", "gloss must be a non-empty string", "write a faithful English translation")
            continue
        lang = script_of(quote)
        if lang != "en" and gloss is None:
            ctx.add(
                ev.line_of("quote"),
                f"{ev_where}.gloss",
                f"a {'Thai' if lang == 'th' else 'Chinese'} quote needs an English gloss",
                "add 'gloss: \"...\"' with a faithful English translation",
            )
            continue
        # The quote stays as written: kg.text.quotes tries it as written, then in NFC and NFD,
        # since documents need not be NFC (PDF text may hold decomposed accents or CJK
        # compatibility ideographs) and editors may (de)compose what a curator pastes.
        refs.append(EvidenceRef(doc_value, quote, gloss, Where(ctx.file, ev.line_of("quote"), f"{ev_where}.quote")))
    if len(refs) != len(raw):
        return None
    return doc_value, tuple(refs)
