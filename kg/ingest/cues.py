"""Cue words per language: what in a sentence hints at a relation, a kind of link or a modality.

The cues are data (``kg/ingest/cues/{en,zh,th}.yaml``), not code, so that a curator who
reads a new kind of report can add the words its authors use without touching Python.
They are read once, checked against the ontology (every key must be a relation between
entities, a cooperation kind, a modality or an entity class it declares, so a typo fails at load time
naming the file, line and key), and used three times: as features of the statement classifier
(:mod:`kg.ingest.classifier`), as the modality of a suggestion (:func:`Cues.modality`),
in the ``anaphora`` section (keyed by an entity class), as words that stand for
the place a document is about (:mod:`kg.ingest.anaphora`), and in the ``directive``
section (keyed by a relation) as the words a plan's clauses open with
(:mod:`kg.ingest.directives`).

Chinese and Thai cues are matched as substrings (neither script separates words);
English cues at word boundaries, case-insensitively, where a trailing ``*`` allows any
word ending ("organi*" matches organised and organized).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..curation.yamlload import LineDict, load_yaml
from ..errors import CurationError, Problem
from ..schema.ontology import Ontology
from ..text.segment import chinese_words

__all__ = ["CUE_DIR", "MODALITY_ORDER", "Cue", "Cues", "load_cues"]

#: Where the cue files live (shipped with the package).
CUE_DIR = Path(__file__).parent / "cues"
#: When a sentence has cues of several modalities, the first of this order wins: a
#: recommendation or a directive usually frames the announcement inside it ("建议……将").
MODALITY_ORDER = ("Recommended", "Directed", "Announced", "Target")
#: A sentence's opening before its first word: bullets, numbers ("1.", "(一)", "๑)"),
#: and the words that make a clause of purpose ("to", "and to", เพื่อ, และ, 以, 并).
_OPENING = re.compile(
    r"^(?:[\s•·\-–—*▪●○◦]|[0-9๐-๙]+[.)、]|[(（][0-9๐-๙一二三四五六七八九十]+[)）]|[一二三四五六七八九十]+、)*"
    r"(?:(?:and\s+)?to\s+|และเพื่อ|เพื่อ|และ|以|并)?",
    re.IGNORECASE,
)
_SECTIONS = ("relations", "links", "modality", "anaphora", "voice", "directive")
#: How many texts' cues :meth:`Cues.find` remembers before it starts again.
_MEMO = 4096


@dataclass(frozen=True)
class Cue:
    """One cue phrase: ``section`` is relations, links, modality or anaphora; ``key`` what it hints at.

    An anaphora cue ("the city", 本市) stands for the entity of class ``key`` the document
    is about (:mod:`kg.ingest.anaphora`).
    """

    section: str
    key: str
    phrase: str


@dataclass(frozen=True)
class _Matcher:
    cue: Cue
    pattern: re.Pattern[str] | None  # None: plain substring (Chinese, Thai)


class Cues:
    """The cue phrases of every language, ready to match."""

    def __init__(self, by_language: dict[str, list[Cue]]) -> None:
        self._matchers: dict[str, list[_Matcher]] = {}
        self._found: dict[tuple[str, str], list[Cue]] = {}  # every pair of a sentence asks of the same sentence
        for lang, cues in by_language.items():
            self._matchers[lang] = [_Matcher(c, _english(c.phrase) if lang == "en" else None) for c in cues]

    @property
    def languages(self) -> list[str]:
        return sorted(self._matchers)

    def find(self, text: str, lang: str) -> list[Cue]:
        """The cues of ``lang`` that occur in ``text`` (each once, in file order).

        >>> cues = Cues({"zh": [Cue("relations", "locatedIn", "位于")]})
        >>> [c.key for c in cues.find("实验室位于上海", "zh")]
        ['locatedIn']
        """
        key = (text, lang)
        known = self._found.get(key)
        if known is None:
            if len(self._found) >= _MEMO:
                self._found.clear()
            known = self._found[key] = [
                m.cue for m in self._matchers.get(lang, []) if (m.pattern.search(text) is not None if m.pattern else m.cue.phrase in text)
            ]
        return list(known)

    def spans(self, text: str, lang: str, section: str) -> list[tuple[int, int, Cue]]:
        """Every occurrence of a cue of ``section`` in ``text``, as ``(start, end, cue)`` in text order.

        >>> Cues({"zh": [Cue("anaphora", "Municipality", "本市")]}).spans("本市与本市", "zh", "anaphora")[1][:2]
        (3, 5)
        """
        found = []
        for m in self._matchers.get(lang, []):
            if m.cue.section != section:
                continue
            if m.pattern is not None:
                found += [(hit.start(), hit.end(), m.cue) for hit in m.pattern.finditer(text)]
            else:
                at = text.find(m.cue.phrase)
                while at >= 0:
                    found.append((at, at + len(m.cue.phrase), m.cue))
                    at = text.find(m.cue.phrase, at + 1)
        return sorted(found, key=lambda f: (f[0], -f[1]))

    def opening(self, text: str, lang: str, section: str = "directive") -> Cue | None:
        """The cue of ``section`` that ``text`` opens with, after bullets, numbers and a word of purpose; None if none.

        >>> cues = Cues({"th": [Cue("directive", "promotes", "สนับสนุน")], "en": [Cue("directive", "promotes", "support*")]})
        >>> cues.opening("  • เพื่อสนับสนุนภูมิภาค", "th").key, cues.opening("To support the region.", "en").key
        ('promotes', 'promotes')
        >>> cues.opening("The city will support the region.", "en") is None
        True
        """
        rest = text[_OPENING.match(text).end() :]  # type: ignore[union-attr]  # the pattern matches any text
        return next((cue for start, _end, cue in self.spans(rest[:40], lang, section) if start == 0), None)

    def modality(self, text: str, lang: str) -> str:
        """The modality the cues of ``text`` suggest (``Reported`` when none does).

        A directive is a sentence that opens with a directive word ("支持……", "สนับสนุน…",
        "Support …", after a bullet or a word of purpose): it is Directed.  The same verb
        after a subject, or in a later clause whose subject an earlier one named, reports
        what someone does ("上海还积极支持……", "在科委的支持下", "北京市利用……,推动……"), so
        a Directed cue that is a directive word counts only in a sentence that opens with
        one; modal verbs (要, 应, should, ควร) count anywhere.  A Chinese cue of one
        character (要, 应, 将) must be a word by itself (:func:`kg.text.segment.chinese_words`),
        not part of one (主要, 重要, 相应, 应用).

        >>> cues = Cues({"en": [Cue("modality", "Announced", "will")]})
        >>> cues.modality("Laos will join the plan.", "en")
        'Announced'
        >>> zh = Cues({"zh": [Cue("modality", "Directed", "要"), Cue("modality", "Directed", "支持"), Cue("directive", "promotes", "支持")]})
        >>> zh.modality("其中主要份额来自新加坡", "zh"), zh.modality("各地方要结合实际", "zh")
        ('Reported', 'Directed')
        >>> zh.modality("在科委的支持下,交易所与越南合作", "zh"), zh.modality("支持交易所与越南合作", "zh")
        ('Reported', 'Directed')
        """
        found = [c for c in self.find(text, lang) if c.section == "modality"]
        if lang == "zh" and any(len(c.phrase) == 1 for c in found):
            words = {w.text for w in chinese_words(text)}
            found = [c for c in found if len(c.phrase) > 1 or c.phrase in words]
        opens = self.opening(text, lang) is not None
        verbs = {m.cue.phrase.rstrip("*") for m in self._matchers.get(lang, []) if m.cue.section == "directive"}
        keys = {c.key for c in found if opens or c.key != "Directed" or c.phrase.rstrip("*") not in verbs}
        if opens:
            keys.add("Directed")
        return next((k for k in MODALITY_ORDER if k in keys), "Reported")


def _english(phrase: str) -> re.Pattern[str]:
    """A phrase as a case-insensitive pattern at word boundaries; ``*`` ends in any word characters."""
    words = [re.escape(w.rstrip("*")) + (r"\w*" if w.endswith("*") else "") for w in phrase.split()]
    return re.compile(r"(?<![\w-])" + r"\s+".join(words) + r"(?![\w-])", re.IGNORECASE)


def _allowed(ontology: Ontology) -> dict[str, set[str]]:
    return {
        "relations": {n for n, r in ontology.relations.items() if r.between_entities},
        "links": set(ontology.kinds),
        "modality": set(ontology.modalities) - {"Reported"},
        "anaphora": set(ontology.entity_classes),
        "voice": {"passive"},
        "directive": {n for n, r in ontology.relations.items() if r.between_entities},
    }


def load_cues(ontology: Ontology, folder: Path = CUE_DIR) -> Cues:
    """Read every ``<lang>.yaml`` of ``folder``, checking each key against ``ontology``.

    Raises
    ------
    CurationError
        A file is not a mapping of the four sections, a key is not a term of the
        ontology, or a phrase is empty; every problem names its file and line.
    """
    allowed = _allowed(ontology)
    problems: list[Problem] = []
    by_language: dict[str, list[Cue]] = {}
    for path in sorted(folder.glob("*.yaml")):
        display = f"kg/ingest/cues/{path.name}"
        data = load_yaml(path, display)
        if not isinstance(data, LineDict) or not isinstance(data.get("language"), str):
            problems.append(Problem(display, 1, "language", "not a cue file", "start the file with `language: <code>`"))
            continue
        cues: list[Cue] = []
        for section in _SECTIONS:
            table = data.get(section) or {}
            if not isinstance(table, dict):
                problems.append(Problem(display, data.line_of(section), section, "not a mapping", f"write `{section}:` as key: [phrases]"))
                continue
            for key, phrases in table.items():
                line = table.line_of(key) if hasattr(table, "line_of") else 0
                if key not in allowed[section]:
                    problems.append(
                        Problem(
                            display,
                            line,
                            f"{section}.{key}",
                            f"'{key}' is not a {section[:-1]} of the ontology",
                            f"use one of {', '.join(sorted(allowed[section]))}",
                        )
                    )
                    continue
                if not isinstance(phrases, list) or not all(isinstance(p, str) and p.strip() for p in phrases):
                    problems.append(
                        Problem(display, line, f"{section}.{key}", "phrases must be a list of non-empty strings", "write [phrase, phrase]")
                    )
                    continue
                cues += [Cue(section, str(key), p.strip()) for p in phrases]
        by_language[data["language"]] = cues
    if problems:
        raise CurationError(problems)
    return Cues(by_language)
