from __future__ import annotations

import datetime as dt

import pytest
from rdflib.namespace import XSD

from kg.text.dates import DateFormatError, be_to_ce, parse_date


@pytest.mark.parametrize(
    ("given", "lexical", "datatype"),
    [
        ("2018", "2018", XSD.gYear),
        (2018, "2018", XSD.gYear),
        ("2018-11", "2018-11", XSD.gYearMonth),
        ("2018-11-05", "2018-11-05", XSD.date),
        (dt.date(2018, 11, 5), "2018-11-05", XSD.date),
        ("๒๕๖๑ BE", "2018", XSD.gYear),
        ("2561-11 BE", "2018-11", XSD.gYearMonth),
        ("2566-04-12 be", "2023-04-12", XSD.date),
    ],
)
def test_accepted_dates(given: object, lexical: str, datatype: object) -> None:
    lit = parse_date(given)
    assert str(lit) == lexical and lit.datatype == datatype


@pytest.mark.parametrize("bad", ["5 Nov 2018", "2018-13", "2018-02-30", "2561", "", None, 3.5, "18-11-05"])
def test_rejected_dates(bad: object) -> None:
    with pytest.raises(DateFormatError):
        parse_date(bad)


def test_buddhist_era() -> None:
    assert be_to_ce(2561) == 2018
