"""Verify that every quote occurs in its document and locate it.

Quotes are matched with whitespace normalised (the documents contain NBSP, doubled
spaces and line breaks inside phrases) but offsets are recorded into the original text,
so ``text[start:end]`` is exactly the evidence.  When a quote is not found, the error
says how much of it *does* match and where the text diverges, which is usually a typo
or a silently "corrected" character.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from ..errors import Problem
from ..schema.model import EvidenceRef
from .normalize import NormalizedText, normalize_space, script_of

__all__ = ["CONTEXT_CHARS", "Located", "QuoteIndex", "context_around", "locate", "pin"]

#: Code points of the document kept on each side of a quote (``oa:prefix``, ``oa:suffix``):
#: enough for an annotation tool to re-anchor a quote whose offsets no longer fit, short
#: enough not to repeat the document.  Cut at the document's ends, and widened by the few
#: combining marks needed not to cut a Thai vowel or tone mark from its consonant.
CONTEXT_CHARS = 30


def _is_mark(char: str) -> bool:
    """A combining mark (Unicode category M*): it belongs to the character before it."""
    return unicodedata.category(char).startswith("M")


def context_around(text: str, start: int, end: int) -> tuple[str, str]:
    """About :data:`CONTEXT_CHARS` code points of ``text`` right before ``start`` and right after ``end``.

    >>> context_around("abcdef", 2, 4)
    ('ab', 'ef')
    >>> len(context_around("x" * 40 + "ก" + "\u0e34" * 2 + "y" * 28 + "Q", 71, 72)[0])  # the marks stay with their consonant
    31
    """
    before = max(0, start - CONTEXT_CHARS)
    while before > 0 and _is_mark(text[before]):
        before -= 1
    after = min(len(text), end + CONTEXT_CHARS)
    while after < len(text) and _is_mark(text[after]):
        after += 1
    return text[before:start], text[end:after]


#: Thai vowels written before their consonant, and those written after it that are not combining marks.
_THAI_LEADING = frozenset("\u0e40\u0e41\u0e42\u0e43\u0e44")
_THAI_FOLLOWING = frozenset("\u0e30\u0e32\u0e33\u0e45")


def _step(text: str, at: int, direction: int, limit: int) -> int:
    """``at`` moved one step towards ``limit``: a whole word of a spaced script, else one character with its marks.

    ``direction`` is +1 (``at`` is an end, moving right) or -1 (a start, moving left).
    Spaces come along with the word after them, so a quote grows word by word in English
    and character by character in Chinese and Thai, never cutting a word or a Thai vowel.
    """

    def char(i: int) -> str:
        return text[i] if direction > 0 else text[i - 1]

    while at != limit and char(at).isspace():
        at += direction
    if at == limit:
        return at
    if char(at).isascii() and char(at).isalnum():
        while at != limit and char(at).isascii() and char(at).isalnum():
            at += direction
        return at
    if direction > 0:
        at += 1
        if text[at - 1] in _THAI_LEADING and at != limit:
            at += 1  # เ แ โ ใ ไ come before the consonant they belong to
        while at != limit and _clings(text[at]):
            at += 1
    else:
        at -= 1
        while at != limit and _clings(text[at]):
            at -= 1  # a mark or a following vowel: take its consonant too
        if at != limit and text[at - 1] in _THAI_LEADING:
            at -= 1
    return at


def _clings(char: str) -> bool:
    """A character that belongs to the one before it: a combining mark, or a Thai vowel written after its consonant."""
    return _is_mark(char) or char in _THAI_FOLLOWING


def pin(view: NormalizedText, start: int, end: int, lo: int, hi: int) -> tuple[int, int]:
    """The shortest span around ``start:end`` that occurs once in the document, within ``lo:hi``.

    The build records a quote at its first occurrence and warns when it has several
    (:func:`locate`): a reviewer who selected the second "上海研发中心" of a text meant that
    one.  So the quote grows by the fewest steps (a word; a character in Chinese and Thai),
    on the right or the left (the right first), until the build would find it once; it
    never leaves ``lo:hi`` (its sentence).  Offsets are into ``view.original``; surrounding whitespace is never
    part of the result.  A span already unique, or one that stays ambiguous up to the
    bounds, comes back as the widest it got.

    >>> from kg.text.normalize import NormalizedText
    >>> text = "The centre opened. The centre in Pudong opened."
    >>> start = text.rindex("centre")
    >>> s, e = pin(NormalizedText(text), start, start + 6, text.index("The centre in"), len(text))
    >>> text[s:e]
    'centre in'
    """
    text = view.original
    start, end = max(start, lo), min(end, hi)
    rights, lefts = _steps(text, end, +1, hi), _steps(text, start, -1, lo)

    def trimmed(s: int, e: int) -> tuple[int, int]:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        return s, e

    for k in range(len(rights) + len(lefts) - 1):
        for i in range(min(k, len(rights) - 1), -1, -1):  # k steps in all, as many on the right as may be first
            if k - i < len(lefts):
                s, e = trimmed(lefts[k - i], rights[i])
                if s < e and len(view.find_original(text[s:e])) <= 1:
                    return s, e
    return trimmed(lefts[-1], rights[-1])  # ambiguous up to the bounds


def _steps(text: str, at: int, direction: int, limit: int) -> list[int]:
    """``at`` and each place :func:`_step` moves it to, up to ``limit``."""
    out = [at]
    while out[-1] != limit:
        out.append(_step(text, out[-1], direction, limit))
    return out


@dataclass(frozen=True)
class Located:
    """A quote found in its document.

    ``prefix`` and ``suffix`` are up to :data:`CONTEXT_CHARS` code points of the original
    text right before and after the quote: the W3C Web Annotation text quote selector
    carries them so that a reader can find the quote again even if offsets drift.
    """

    doc: str
    start: int
    end: int
    exact: str
    lang: str
    gloss: str | None
    line: int
    occurrences: int
    prefix: str = ""
    suffix: str = ""

    @property
    def key(self) -> tuple[str, int, int]:
        """Identity of the evidence: the same span is one evidence node."""
        return (self.doc, self.start, self.end)


class QuoteIndex:
    """Normalised views of the documents, built once per build."""

    def __init__(self, texts: dict[str, str]) -> None:
        self.views = {doc: NormalizedText(text) for doc, text in texts.items()}


def _diagnose(view: NormalizedText, quote: str) -> str:
    """Describe the longest prefix of ``quote`` that the document contains."""
    key = normalize_space(quote)
    lo, hi = 0, len(key)
    while lo < hi:  # binary search on prefix length; containment is monotone
        mid = (lo + hi + 1) // 2
        if key[:mid] in view.text:
            lo = mid
        else:
            hi = mid - 1
    if lo == 0:
        return "not even its first character occurs in the document"
    at = view.text.find(key[:lo])
    orig_start, _ = view.to_original(at, at + lo)
    line = view.line_of(orig_start)
    doc_next = view.text[at + lo : at + lo + 12]
    quote_next = key[lo : lo + 12]
    return f"the first {lo} of {len(key)} characters match at line {line}; then the document reads {doc_next!r} where the quote has {quote_next!r}"


def _forms(quote: str) -> list[str]:
    """The quote as written, then its NFC and NFD forms (each once)."""
    forms = [quote]
    for form in ("NFC", "NFD"):
        other = unicodedata.normalize(form, quote)
        if other not in forms:
            forms.append(other)
    return forms


def locate(ref: EvidenceRef, index: QuoteIndex) -> Located | Problem:
    """Find one quote; return where it is, or a :class:`Problem` saying why not.

    The quote is looked for as written, then in Unicode NFC and NFD.  Quotes used to be
    turned into NFC before the search, so a quote copied exactly from a document that
    is not NFC (decomposed accents, CJK compatibility ideographs such as U+F900) was
    reported missing, with a message showing two identical-looking strings.
    """
    view = index.views[ref.doc]
    spans: list[tuple[int, int]] = []
    for form in _forms(ref.quote):
        spans = view.find_original(form)
        if spans:
            break
    where = ref.where
    if not spans:
        return Problem(
            where.file,
            where.line,
            where.field,
            f"quote not found in document {ref.doc}: {_diagnose(view, ref.quote)}",
            "copy the quote exactly from the document (only whitespace may differ)",
        )
    start, end = spans[0]
    exact = view.original[start:end]
    prefix, suffix = context_around(view.original, start, end)
    return Located(
        doc=ref.doc,
        start=start,
        end=end,
        exact=exact,
        lang=script_of(exact),
        gloss=ref.gloss,
        line=view.line_of(start),
        occurrences=len(spans),
        prefix=prefix,
        suffix=suffix,
    )
