"""The alias search (RapidFuzz) chooses what an exact full scan chooses, at the threshold too."""

from __future__ import annotations

from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from kg.ingest.holdout import _proposes
from kg.ingest.link import ALIAS_RATIO, MIN_CONTAINED, Alias, _best_alias, fold
from kg.schema.model import Entity, Names, Where

NAMES = [
    ("ste", "Shanghai Technology Exchange"),
    ("stex", "STEX"),
    ("ste-short", "Shanghai Tech Exchange"),
    ("shanghai", "Shanghai"),
    ("lab", "Zhangjiang Drug Laboratory"),
    ("lab", "Zhang Jiang Drug Laboratory"),  # folds to the same string as the label: a tie
    ("most", "กระทรวงวิทยาศาสตร์และเทคโนโลยี"),
    ("ste", "上海技术交易所"),
]
FOLDED = [(ent, name, fold(name)) for ent, name in NAMES]


def _lcs(a: str, b: str) -> int:
    """Length of the longest common subsequence (the textbook table)."""
    row = [0] * (len(b) + 1)
    for ch in a:
        diagonal = 0
        for j, other in enumerate(b, 1):
            diagonal, row[j] = row[j], diagonal + 1 if ch == other else max(row[j], row[j - 1])
    return row[-1]


def _reference(text: str, names: list[tuple[str, str, str]]) -> Alias | None:
    """Exact ratios (fractions) of every name: the highest at or above the threshold, the first on a tie."""
    key = fold(text)
    best: tuple[Fraction, str, str] | None = None
    for ent, name, other in names:
        total = len(key) + len(other)
        ratio = Fraction(2 * _lcs(key, other), total) if total else Fraction(1)
        if ratio >= Fraction(ALIAS_RATIO).limit_denominator(100) and (best is None or ratio > best[0]):
            best = (ratio, ent, name)
    if best is not None:
        return Alias(best[1], best[2], round(float(best[0]), 3), "similar")
    for ent, name, other in names:
        if len(other) >= MIN_CONTAINED and other in key:
            return Alias(ent, name, 0.0, "contains")
        if len(key) >= MIN_CONTAINED and key in other:
            return Alias(ent, name, 0.0, "contained")
    return None


@settings(max_examples=500, deadline=None, derandomize=True)
@given(
    st.one_of(
        st.sampled_from([n for _, n in NAMES]), st.text(st.sampled_from(list("ShanghiTecloyExSTXZjDrugLabr ")), min_size=1, max_size=30)
    ).flatmap(
        lambda base: st.tuples(
            st.just(base), st.integers(0, len(base)), st.integers(0, 3), st.text(st.sampled_from(list("aeSX ")), max_size=4)
        )
    )
)
def test_extract_one_chooses_what_a_full_exact_scan_chooses(case: tuple[str, int, int, str]) -> None:
    base, at, cut, insert = case
    text = (base[:at] + insert + base[at + cut :]).strip() or "S"
    assert _best_alias(text, FOLDED) == _reference(text, FOLDED)


def test_the_threshold_itself_is_a_match() -> None:
    """8 of 10 characters in common on each side: exactly 0.8, flagged (no float rounding lost on the way)."""
    names = [("x", "abcdefghXY", "abcdefghxy")]
    assert _best_alias("abcdefghij", names) == Alias("x", "abcdefghXY", 0.8, "similar")
    assert _best_alias("abcdefgzij", names) is None  # 7 of 10: 0.7, and no containment


def test_ratio_is_the_longest_common_subsequence_where_difflib_was_greedy() -> None:
    """difflib matched "scienceandtechnology" + "r" (21 of 26 each: 0.808); the best alignment has "er" too (0.846)."""
    names = [("centre", "Science and Technology Center", fold("Science and Technology Center"))]
    assert _best_alias("Science and Technology Reform", names) == Alias("centre", "Science and Technology Center", 0.846, "similar")


def test_on_a_tie_the_first_registered_name_wins() -> None:
    """The label, not the alternative spelling that folds to the same string (difflib's search took the later one)."""
    assert _best_alias("Zhangjiang Laboratory", FOLDED) == Alias("lab", "Zhangjiang Drug Laboratory", 0.909, "similar")


def test_holdout_proposes_with_the_same_threshold() -> None:
    entity = Entity("x", "Organisation", Names({"en": "abcdefghXY"}, {}), Where("x", 1))
    assert _proposes(entity, ["abcdefghij"])  # 0.8
    assert not _proposes(entity, ["abcdefgzij"])  # 0.7
