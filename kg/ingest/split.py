"""Split a document into paragraphs and sentences, keeping offsets into the original.

Offsets are code points into the text exactly as stored (the same convention as the
evidence offsets of the graph), so a sentence can be quoted verbatim.

Rules
-----
* **Paragraphs** are runs of non-blank lines separated by one or more blank lines.
* **Chinese and English** sentences end after 。！？!? (and after ``.`` when followed by
  whitespace or the end of the paragraph, so "3.5" and "www.gov.cn" do not split),
  together with any closing quotes or brackets that follow.
* **Thai** has no sentence punctuation; writers separate sentences (and often
  clauses) with a space.  So a run of spaces or line breaks *between two Thai
  characters* ends a sentence.  A space between Thai and Latin text
  ("การประชุม Shanghai Y50 Forum") does not, because Thai writers put spaces around
  foreign names inside a sentence.  Thai "sentences" are therefore sometimes clauses;
  that errs towards shorter quotes, which is what evidence wants.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Sentence", "paragraphs", "sentences"]

_PARA = re.compile(r"\S(?:.*?\S)?(?=\s*\n[ \t\u00a0\u3000]*\n|\s*$)", re.DOTALL)
_THAI = "\u0e01-\u0e5b"
_BREAK = re.compile(
    r"(?:[。！？!?]+|\.(?=\s|$))[”’\"'」』）)\]]*"  # punctuation (+ closing marks)
    rf"|(?<=[{_THAI}])\s+(?=[{_THAI}])"  # whitespace between Thai characters
)


@dataclass(frozen=True)
class Sentence:
    """A sentence: ``text == original[start:end]``; ``paragraph`` counts from 0."""

    start: int
    end: int
    text: str
    paragraph: int


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Spans of the paragraphs (blank-line separated), without surrounding whitespace.

    >>> paragraphs("One.\\n\\n  Two\\nlines.\\n")
    [(0, 4), (8, 18)]
    """
    return [m.span() for m in _PARA.finditer(text)]


def sentences(text: str) -> list[Sentence]:
    """Every sentence of every paragraph, trimmed of whitespace, with original offsets.

    >>> [s.text for s in sentences("上海很大。它在中国！ Big city. Yes")]
    ['上海很大。', '它在中国！', 'Big city.', 'Yes']
    >>> [s.text for s in sentences("นครเซี่ยงไฮ้เป็นเมืองใหญ่ ตั้งอยู่ที่จีน")]
    ['นครเซี่ยงไฮ้เป็นเมืองใหญ่', 'ตั้งอยู่ที่จีน']
    """
    out: list[Sentence] = []
    for number, (p_start, p_end) in enumerate(paragraphs(text)):
        block = text[p_start:p_end]
        cursor = 0
        cuts = [m.end() for m in _BREAK.finditer(block)] + [len(block)]
        for cut in cuts:
            piece = block[cursor:cut]
            stripped = piece.strip()
            if stripped:
                lead = len(piece) - len(piece.lstrip())
                start = p_start + cursor + lead
                out.append(Sentence(start, start + len(stripped), stripped, number))
            cursor = cut
    return out
