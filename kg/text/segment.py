"""Words of Chinese and Thai text, with every registered name kept as one word.

Neither script separates words with spaces, so the candidate finder of
:mod:`kg.text.coverage` needs word boundaries to apply its suffix and prefix rules *at a
boundary* ("部" ends "科技部", not "部署"; "สภา" starts "สภาการศึกษา", not "สภาวะ").

* **Chinese**: jieba's dictionary tokenizer (bundled dictionary, HMM for unknown words).
  A private :class:`jieba.Tokenizer`, never the module-level one, so that adding the
  registry's names changes nothing else in the process.  Its prefix dictionary is built
  once from the bundled ``dict.txt`` and copied per registry: jieba's own ``initialize``
  would read and write a cache file in the shared temporary directory (``marshal`` data
  another user could replace), which a tool that reads untrusted documents should not
  trust.  Each word carries jieba's part-of-speech tag from the same dictionary ("ns" a
  place, "nt" an organisation, "v" a verb, ...), ``"reg"`` for a registered name and
  ``""`` for a word the dictionary lacks (found by the HMM: usually a proper name).
* **Thai**: PyThaiNLP's ``newmm`` (maximal matching over a dictionary trie) with its
  bundled word list plus the registered names.  Nothing is downloaded.  One trie serves
  every registry: the previous registry's names are taken out and the new ones put in.

Names are added in sorted order, jieba's tokenizers are cached per set of names and the
Thai trie always holds exactly the bundled words and the current names, so the same
registry always segments a text the same way.  Both libraries are imported on first
use only: ``import jieba`` alone takes about 0.4 s, building the prefix dictionary 0.4 s,
the Thai trie 0.3 s (docs/decisions/0015-segmenters-for-candidate-names.md), and most CLI
commands never segment anything.

Examples
--------
>>> [w.text for w in chinese_words("上海技术交易所与越南合作", ["上海技术交易所"])]
['上海技术交易所', '与', '越南', '合作']
>>> [(w.text, w.tag) for w in chinese_words("科技部外交部", [])]
[('科技部', 'n'), ('外交部', 'nt')]
>>> [w.text for w in thai_words("กระทรวงศึกษาธิการของไทย", [])]
['กระทรวงศึกษาธิการ', 'ของ', 'ไทย']
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

__all__ = ["REGISTERED", "UNKNOWN", "Word", "chinese_words", "thai_words"]

#: The tag of a word that is a registered name.
REGISTERED = "reg"
#: The tag of a word jieba's dictionary does not know (segmented by its HMM).
UNKNOWN = ""

_HAN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff]")
_THAI = re.compile("[\u0e00-\u0e7f]")
_THAI_RUNS = re.compile("[\u0e00-\u0e7f]+|[^\u0e00-\u0e7f]+")
_OTHER = re.compile(r"\s+|\w+|[^\w\s]")
#: What jieba can hold in one dictionary word (its ``re_han_default``, less the separators).
_JIEBA_WORD = re.compile("[\u4e00-\u9fd5a-zA-Z0-9]+")
#: jieba tokenizers kept at once.  Each holds its own copy of jieba's prefix dictionary
#: (about 15 MB beside the 120 MB of the shared one); a copy takes 10 ms.
_CACHED = 2


@dataclass(frozen=True)
class Word:
    """A word of the text: its characters, offsets ``[start, end)`` and part-of-speech tag."""

    text: str
    start: int
    end: int
    tag: str = UNKNOWN


@cache
def _jieba_base() -> tuple[dict[str, int], int, dict[str, str]]:
    """jieba's prefix dictionary (word -> frequency, 0 for a prefix), total and tags, from the bundled file."""
    import jieba

    reader = jieba.Tokenizer()
    freq, total = reader.gen_pfdict(reader.get_dict_file())
    tags: dict[str, str] = {}
    with reader.get_dict_file() as lines:
        for raw in lines:
            parts = raw.decode("utf-8").split()
            if len(parts) == 3:
                tags[parts[0]] = parts[2]
    return freq, total, tags


@lru_cache(maxsize=_CACHED)
def _jieba(names: tuple[str, ...]) -> Any:
    """A private jieba tokenizer that keeps each of ``names`` (sorted, distinct) as one word."""
    import jieba

    freq, total, _tags = _jieba_base()
    tokenizer = jieba.Tokenizer()
    tokenizer.FREQ, tokenizer.total = dict(freq), total
    tokenizer.initialized = True  # the dictionary is loaded: no cache file is read or written
    for name in names:
        tokenizer.add_word(name)
    return tokenizer


def _jieba_names(names: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted({n for n in names if _HAN.search(n) and _JIEBA_WORD.fullmatch(n)}))


def chinese_words(text: str, names: Iterable[str] = ()) -> list[Word]:
    """The words of ``text`` by jieba's dictionary (accurate mode), registered ``names`` kept whole.

    jieba's HMM is off: it glues unknown characters to their neighbours ("委的", "等国",
    "五是"), and a name's head must be a word of its own.  A word the dictionary lacks
    comes out as single characters instead (张/江), which the candidate finder reads as
    one unknown word.  Non-Chinese stretches come back as jieba gives them (every
    space, punctuation mark, letter run or digit a word of its own).
    """
    if not _HAN.search(text):
        return []
    registered = _jieba_names(names)
    tokenizer = _jieba(registered)
    tags = _jieba_base()[2]
    keep = set(registered)
    out = []
    for word, start, end in tokenizer.tokenize(text, HMM=False):
        tag = REGISTERED if word in keep else tags.get(word, UNKNOWN)
        out.append(Word(word, start, end, tag))
    return out


@cache
def _thai_base() -> tuple[Any, frozenset[str]]:
    """PyThaiNLP's trie of its bundled words (about 60 MB, 0.3 s), built once, and those words."""
    from pythainlp.corpus import thai_words as default_words
    from pythainlp.util import Trie

    words = frozenset(default_words())
    return Trie(sorted(words)), words


_thai_extra: set[str] = set()


def _thai_trie(names: tuple[str, ...]) -> Any:
    """The one Thai trie, holding the bundled words and exactly ``names`` besides.

    A trie per registry would cost 60 MB each; the registry's names are a few hundred, so
    the names of the last registry are taken out and the new ones put in.
    """
    trie, defaults = _thai_base()
    wanted = set(names) - defaults
    for old in sorted(_thai_extra - wanted):
        trie.remove(old)
    for new in sorted(wanted - _thai_extra):
        trie.add(new)
    _thai_extra.clear()
    _thai_extra.update(wanted)
    return trie


def _thai_names(names: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted({n for n in names if _THAI.search(n) and " " not in n}))


def thai_words(text: str, names: Iterable[str] = ()) -> list[Word]:
    """The words of ``text`` by PyThaiNLP ``newmm``, registered ``names`` kept whole.

    Each run of Thai characters is segmented on its own (newmm's character-cluster pass
    is slow on long texts: 9 s for 1.3 MB in one piece, a tenth of that run by run); a
    stretch of other characters comes back as whitespace runs, letter or digit runs and
    single punctuation marks.  Tags are :data:`REGISTERED` for a registered name, else
    :data:`UNKNOWN`.
    """
    if not _THAI.search(text):
        return []
    from pythainlp.tokenize import word_tokenize

    registered = _thai_names(names)
    keep = set(registered)
    trie = _thai_trie(registered)
    out: list[Word] = []
    for run in _THAI_RUNS.finditer(text):
        if not _THAI.match(run.group()):
            out.extend(Word(m.group(), run.start() + m.start(), run.start() + m.end()) for m in _OTHER.finditer(run.group()))
            continue
        at = run.start()
        for token in word_tokenize(run.group(), custom_dict=trie, engine="newmm", keep_whitespace=True):
            out.append(Word(token, at, at + len(token), REGISTERED if token in keep else UNKNOWN))
            at += len(token)
    return out
