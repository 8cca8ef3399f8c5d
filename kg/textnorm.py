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

import re
import unicodedata

__all__ = [
    "NormalizedText",
    "fold_case",
    "is_space",
    "normalize_space",
    "script_of",
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

    ``str.lower`` can lengthen a few characters (e.g. 'İ'); those are left as they are.

    >>> fold_case("Belt and Road")
    'belt and road'
    """
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
    (:func:`kg.quotes.locate` tries a quote as written, in NFC and in NFD).
    """

    __slots__ = ("index", "original", "text")

    def __init__(self, original: str, join_thai: bool = False) -> None:
        self.original = original
        chars: list[str] = []
        index: list[int] = []
        in_space = False
        for pos, ch in enumerate(original):
            if is_space(ch):
                if not in_space:
                    chars.append(" ")
                    index.append(pos)
                in_space = True
            else:
                if join_thai and in_space and len(chars) >= 2 and _is_thai(chars[-2]) and _is_thai(ch):
                    chars.pop()
                    index.pop()
                chars.append(ch)
                index.append(pos)
                in_space = False
        self.text = "".join(chars)
        self.index = index

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
