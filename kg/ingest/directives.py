"""What a plan's own clauses say: "build X", "support Y", 支持……, สนับสนุน…… — the plan promotes what they name.

A plan, or a bulletin that summarises one, is mostly clauses without a subject:
"สร้างศูนย์นวัตกรรมทางวิทยาศาสตร์และเทคโนโลยี…" (build a science and technology innovation
centre …), "เพื่อสนับสนุนภูมิภาคเฉิงตู-ฉงชิ่ง…" (to support the Chengdu–Chongqing region …).
Their actor is the document itself: the ontology's ``kg:promotes`` is "what a document
does, as opposed to kg:supports, an actor's act", and the curation records each such
clause as ``<the plan> promotes <what the clause names>``.  The sentence classifier
cannot propose these: the plan is not named in the clause, so there is no pair.

So, in a text where at least :data:`MIN_SHARE` of the sentences open with a directive
word of the ``directive`` section of the cue files (after a bullet, a number, or "to",
เพื่อ, 以), the plan is the first policy document the text names (registered or a
candidate name), and every other name of a directive sentence that the relation of the
cue may take as object becomes a suggestion: the plan ``promotes`` it, directed, quoting
the sentence.  A news item or a report that only now and then says "support …" has too
few such sentences, and gets none.
"""

from __future__ import annotations

import bisect
import re

from ..rdf.vocab import KG
from ..schema.ontology import Ontology
from ..text.mentions import Mention
from ..text.normalize import script_of
from .cues import Cues
from .split import Sentence
from .suggest import Suggestion, allowed, outermost
from .training import Classes

__all__ = ["CONFIDENCE", "MIN_SHARE", "directive_relation", "main_plan", "reads_as_plan", "suggest_directives"]

#: Share of a text's sentences that must open with a directive word for it to be read as a plan.
MIN_SHARE = 0.2
#: The score of a directive suggestion: the clause says nothing else of the pair, so it
#: ranks with a sentence suggestion that one cue word and the class prior speak for.
CONFIDENCE = 0.3
_BULLET = re.compile(r"^[\s•·\-–—*▪●○◦]+")


def directive_relation(sentence: str, cues: Cues) -> str | None:
    """The relation of the directive word a sentence opens with, if it opens with one.

    >>> from kg.ingest.cues import Cue
    >>> cues = Cues({"th": [Cue("directive", "promotes", "สนับสนุน")], "en": [Cue("directive", "promotes", "support*")]})
    >>> directive_relation("  • เพื่อสนับสนุนภูมิภาค", cues), directive_relation("To support the region.", cues)
    ('promotes', 'promotes')
    >>> directive_relation("The city will support the region.", cues) is None
    True
    """
    cue = cues.opening(sentence, script_of(sentence))
    return cue.key if cue else None


def _body(sentences: list[Sentence]) -> list[Sentence]:
    return [s for s in sentences if not getattr(s, "heading", False)]


def _plan_like(relations: list[str | None]) -> bool:
    """Whether at least :data:`MIN_SHARE` of the sentences (one directive relation or ``None`` each) open with a directive."""
    return bool(relations) and sum(1 for r in relations if r) >= MIN_SHARE * len(relations)


def reads_as_plan(sentences: list[Sentence], cues: Cues) -> bool:
    """Whether at least :data:`MIN_SHARE` of the text's sentences (headings aside) open with a directive word."""
    return _plan_like([directive_relation(s.text, cues) for s in _body(sentences)])


def _without_bullet(sentence: Sentence) -> Sentence:
    """The sentence without the bullet it opens with: the quote is the clause."""
    cut = len(sentence.text) - len(_BULLET.sub("", sentence.text))
    return Sentence(sentence.start + cut, sentence.end, sentence.text[cut:], sentence.paragraph) if cut else sentence


def main_plan(named: list[Mention], classes: Classes, ontology: Ontology) -> str | None:
    """The first policy document ``named`` (in text order) names: the plan a text of directives is about."""
    for m in sorted(named, key=lambda m: (m.start, -m.end)):
        if ontology.fits((KG.PolicyDocument,), classes.of(m.entity)[0]):
            return m.entity
    return None


def suggest_directives(
    text: str, sentences: list[Sentence], named: list[Mention], classes: Classes, ontology: Ontology, cues: Cues
) -> list[Suggestion]:
    """``<plan> promotes <X>`` for every name X of every directive sentence of a text that reads as a plan."""
    body = _body(sentences)
    relations = [directive_relation(s.text, cues) for s in body]
    if not _plan_like(relations):
        return []
    plan = main_plan(named, classes, ontology)
    if plan is None:
        return []
    ordered = outermost(named)  # a name inside a name is not what the clause names
    starts = [m.start for m in ordered]
    out = []
    for clause, relation in zip(body, relations, strict=True):
        if relation is None:
            continue
        sentence = _without_bullet(clause)
        line = text.count("\n", 0, sentence.start) + 1
        seen: set[str] = set()
        for m in ordered[bisect.bisect_left(starts, sentence.start) :]:
            if m.start >= sentence.end:
                break
            if m.end > sentence.end or m.entity in seen or m.entity == plan:
                continue
            seen.add(m.entity)
            if allowed(ontology, "fact", relation, classes.of(plan)[0], classes.of(m.entity)[0]):
                out.append(Suggestion("fact", relation, plan, m.entity, CONFIDENCE, "Directed", sentence, line))
    return out
