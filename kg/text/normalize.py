"""Whitespace-normalised views of a text that map back to original offsets.

The source documents contain non-breaking spaces, doubled spaces and line breaks in
the middle of phrases (they were extracted from PDFs and web pages).  Quotes and names
are matched against a *normalised* view in which every run of whitespace is one space,
but evidence must record offsets into the *original* text, so the view keeps a map from
each normalised position back to the original one.

Examples
--------
>>> view = NormalizedText("A\\u00a0 quick\\n\\nfox")
>>> view.text
'A quick fox'
>>> start, end = view.find_original("quick fox")[0]
>>> view.original[start:end]
'quick\\n\\nfox'
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Iterator, Sequence
from typing import overload

__all__ = [
    "NormalizedText",
    "fold_case",
    "is_space",
    "normalize_space",
    "script_of",
    "terminal_safe",
    "thai_digits_to_ascii",
]

# Characters that count as whitespace beyond str.isspace(): zero-width space and
# zero-width no-break space appear in Thai web text as invisible word separators.
_EXTRA_SPACE = {"\u200b", "\ufeff"}
_THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")


def is_space(ch: str) -> bool:
    """True for characters that normalisation collapses (Unicode spaces and ZWSP)."""
    return ch.isspace() or ch in _EXTRA_SPACE


def _is_thai(ch: str) -> bool:
    return "\u0e00" <= ch <= "\u0e7f"


def normalize_space(text: str) -> str:
    """Collapse every whitespace run to one space and strip the ends.

    >>> normalize_space("  Shanghai\\u00a0\\u00a0Municipal\\n People ")
    'Shanghai Municipal People'
    """
    return NormalizedText(text).text.strip()


def thai_digits_to_ascii(text: str) -> str:
    """Replace Thai digits with ASCII digits (๒๕๖๑ -> 2561).

    >>> thai_digits_to_ascii("๒๕๖๑")
    '2561'
    """
    return text.translate(_THAI_DIGITS)


def fold_case(text: str) -> str:
    """Lower-case without changing the length (so offsets stay valid).

    ``str.lower`` can lengthen one character ('İ' becomes 'i̇') and lowers 'Σ' by
    context (final sigma); only then is the text folded character by character,
    leaving 'İ' as it is.  Otherwise one C-level ``lower()`` gives the same result,
    which is what makes linking a 100 MB corpus fast (docs/benchmarks.md).

    >>> fold_case("Belt and Road")
    'belt and road'
    >>> fold_case("İA")
    'İa'
    """
    if "\u0130" not in text and "\u03a3" not in text:
        return text.lower()
    out = []
    for ch in text:
        low = ch.lower()
        out.append(low if len(low) == 1 else ch)
    return "".join(out)


_SCRIPT_RANGES = (
    ("th", re.compile(r"[\u0e00-\u0e7f]")),
    ("zh", re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")),
)


def script_of(text: str) -> str:
    """The language a text's script suggests: ``th``, ``zh`` or ``en`` (Latin/other).

    The majority script among Thai and Han characters wins; text with neither is
    treated as English.

    >>> script_of("上海技术交易所"), script_of("นครเซี่ยงไฮ้ (Shanghai)"), script_of("CIIE")
    ('zh', 'th', 'en')
    """
    counts = {lang: len(rx.findall(text)) for lang, rx in _SCRIPT_RANGES}
    lang, count = max(counts.items(), key=lambda item: item[1])
    return lang if count else "en"


class _OffsetMap(Sequence[int]):
    """``index[i]``: the original offset of normalised position ``i``, stored sparsely.

    Normalisation shifts positions only where it shortens a whitespace run, so the map
    keeps one (normalised start, shift) pair per shortened run rather than one integer
    per character: a 100 MB document would otherwise need gigabytes of ``int`` objects.
    It is a read-only sequence like the list it replaces (indexing, slicing, iteration).
    """

    __slots__ = ("_length", "_shifts", "_starts")

    def __init__(self, starts: list[int], shifts: list[int], length: int) -> None:
        self._starts = starts
        self._shifts = shifts
        self._length = length

    def __len__(self) -> int:
        return self._length

    @overload
    def __getitem__(self, i: int) -> int: ...

    @overload
    def __getitem__(self, i: slice) -> list[int]: ...

    def __getitem__(self, i: int | slice) -> int | list[int]:
        if isinstance(i, slice):
            return [self._at(j) for j in range(*i.indices(self._length))]
        if i < 0:
            i += self._length
        if not 0 <= i < self._length:
            raise IndexError("normalised position out of range")
        return self._at(i)

    def _at(self, i: int) -> int:
        return i + self._shifts[bisect.bisect_right(self._starts, i) - 1]

    def __iter__(self) -> Iterator[int]:
        return (self._at(j) for j in range(self._length))


_SPACE_CLASS = "[\\s\u200b\ufeff]"
#: Whitespace that normalisation changes: a run of two or more characters, or one
#: that is not a plain space (a single " " stays as it is and needs no work).
_CHANGED = re.compile(f"{_SPACE_CLASS}{{2,}}|[^\\S ]|[\u200b\ufeff]")
#: The same, plus any run between two Thai characters (dropped when ``join_thai``).
#: Every branch starts with a whitespace class (the lookbehind follows it) so that the
#: regex engine skips quickly over text without whitespace.
_CHANGED_THAI = re.compile(f"(?s){_SPACE_CLASS}(?<=[\u0e00-\u0e7f].){_SPACE_CLASS}*(?=[\u0e00-\u0e7f])|{_CHANGED.pattern}")


class NormalizedText:
    """A whitespace-collapsed view of ``original`` with offsets back into it.

    Parameters
    ----------
    original : str
        The text exactly as stored.
    join_thai : bool
        Drop whitespace between two Thai characters instead of keeping one space.
        Thai does not separate words with spaces; a space inside a Thai name is a
        phrase break or a line-wrap artefact of the source ("สาธารณรัฐ ประชาชนจีน"),
        so name matching ignores it.  Quote matching keeps it (default ``False``).

    Notes
    -----
    ``text[i]`` corresponds to ``original[index[i]]``.  A collapsed whitespace run maps
    to the first character of the run, so a match ``text[a:b]`` covers
    ``original[index[a] : index[b - 1] + 1]``.  No Unicode normalisation is applied:
    offsets count the document's own code points, whether it is NFC or not
    (:func:`kg.text.quotes.locate` tries a quote as written, in NFC and in NFD).  Only the
    runs normalisation changes are visited (by one regular expression), so the cost is
    a C-level scan plus a little work per changed run.
    """

    __slots__ = ("index", "original", "text")

    def __init__(self, original: str, join_thai: bool = False) -> None:
        self.original = original
        pieces: list[str] = []
        starts, shifts = [0], [0]
        shift = prev = 0
        for match in (_CHANGED_THAI if join_thai else _CHANGED).finditer(original):
            a, b = match.span()
            pieces.append(original[prev:a])
            drop = join_thai and a > 0 and b < len(original) and _is_thai(original[a - 1]) and _is_thai(original[b])
            kept = 0 if drop else 1
            if kept:
                pieces.append(" ")
            if b - a != kept:
                shift += b - a - kept
                starts.append(b - shift)
                shifts.append(shift)
            prev = b
        pieces.append(original[prev:])
        self.text = "".join(pieces)
        self.index = _OffsetMap(starts, shifts, len(self.text))

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a half-open span of the normalised text to the original text."""
        if end <= start:
            raise ValueError("empty span")
        return self.index[start], self.index[end - 1] + 1

    def find_original(self, needle: str) -> list[tuple[int, int]]:
        """Every occurrence of ``needle`` (whitespace-normalised) as original spans."""
        key = normalize_space(needle)
        if not key:
            return []
        spans = []
        at = self.text.find(key)
        while at != -1:
            spans.append(self.to_original(at, at + len(key)))
            at = self.text.find(key, at + 1)
        return spans

    def line_of(self, original_offset: int) -> int:
        """1-based line number of an offset into the original text."""
        return self.original.count("\n", 0, original_offset) + 1


def nfc(text: str) -> str:
    """NFC-normalise a curator's text (YAML editors may produce decomposed forms)."""
    return unicodedata.normalize("NFC", text)


# C0 controls but tab and line feed, DEL, C1 controls, and the bidirectional marks,
# embeddings, overrides and isolates.
_TERMINAL_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def terminal_safe(text: str) -> str:
    r"""``text`` with control and text-direction characters written as visible escapes.

    Document text, labels and quotes are untrusted.  Printed raw, an escape sequence in
    them would reach the analyst's terminal (set its title, draw fake hyperlinks, rewrite
    what is on screen) and a right-to-left override would reorder what it displays; every
    table a command prints goes through here.  Thai, Chinese and all other printable text
    is unchanged.

    Examples
    --------
    >>> terminal_safe("ok\x1b]0;title\x07 เซี่ยงไฮ้ 上海")
    'ok\\x1b]0;title\\x07 เซี่ยงไฮ้ 上海'
    >>> terminal_safe("a\u202eb")
    'a\\u202eb'
    """

    def escape(match: re.Match[str]) -> str:
        code = ord(match.group())
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"

    return _TERMINAL_UNSAFE.sub(escape, text)
