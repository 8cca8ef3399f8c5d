"""Which languages a document is written in, judged by script.

The three languages of the project use three scripts (Thai, Han, Latin), so counting
letters per script is a reliable and dependency-free language guess for these
documents; a bilingual document (Thai then English) gets both languages.
"""

from __future__ import annotations

import re

__all__ = ["MIN_SHARE", "language_shares", "languages"]

_SCRIPTS = (
    ("th", re.compile(r"[\u0e01-\u0e5b]")),
    ("zh", re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")),
    ("en", re.compile(r"[A-Za-z]")),
)
#: A language is listed when its script has at least this share of the letters.
MIN_SHARE = 0.05


def language_shares(text: str) -> dict[str, float]:
    """Share of Thai, Han and Latin letters among all three (digits, punctuation ignored).

    >>> language_shares("上海 Shanghai")
    {'th': 0.0, 'zh': 0.2, 'en': 0.8}
    """
    counts = {lang: len(rx.findall(text)) for lang, rx in _SCRIPTS}
    total = sum(counts.values())
    return {lang: (round(n / total, 4) if total else 0.0) for lang, n in counts.items()}


def languages(text: str, min_share: float = MIN_SHARE) -> list[str]:
    """Languages whose script reaches ``min_share`` of the letters, largest share first.

    A text with no letters at all is reported as English (the manifest needs one).

    >>> languages("นครเซี่ยงไฮ้ (Shanghai) เป็นเมืองใหญ่")
    ['th', 'en']
    """
    shares = language_shares(text)
    found = [lang for lang, share in sorted(shares.items(), key=lambda kv: -kv[1]) if share >= min_share]
    return found or ["en"]
