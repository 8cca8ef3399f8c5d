"""SpanIndex answers containment and overlap as a scan of every span would."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from kg.text.coverage import SpanIndex

_span = st.tuples(st.integers(0, 60), st.integers(1, 15)).map(lambda p: (p[0], p[0] + p[1]))


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.lists(_span, max_size=25), _span)
def test_contains_and_overlaps_agree_with_a_scan(spans: list[tuple[int, int]], query: tuple[int, int]) -> None:
    index = SpanIndex(spans)
    a, b = query
    assert index.contains(a, b) == any(s <= a and b <= e for s, e in spans)
    assert index.overlaps(a, b) == any(s < b and a < e for s, e in spans)


def test_no_spans_contain_or_overlap_nothing() -> None:
    index = SpanIndex([])
    assert not index.contains(0, 1)
    assert not index.overlaps(0, 1)


def test_a_long_span_behind_short_ones_still_contains() -> None:
    """The running maximum of ends finds a long early span after later short ones."""
    index = SpanIndex([(0, 100), (10, 12), (20, 22)])
    assert index.contains(50, 60)
    assert not index.contains(50, 101)
    assert index.overlaps(99, 120)
    assert not index.overlaps(100, 120)
