"""Parsing the dates curators write, including Thai Buddhist-Era years.

Curators write dates as ``2018``, ``2018-11`` or ``2018-11-05`` (CE).  Thai sources
give years in the Buddhist Era, often in Thai digits; a curator may copy them as
written and add ``BE``: ``"๒๕๖๑ BE"`` or ``"2561-11-05 BE"`` become 2018 and
2018-11-05 (BE year minus 543).  The result is a typed RDF literal: ``xsd:gYear``,
``xsd:gYearMonth`` or ``xsd:date``.
"""

from __future__ import annotations

import datetime as _dt
import re

from rdflib import Literal
from rdflib.namespace import XSD

from .normalize import thai_digits_to_ascii

__all__ = ["BE_OFFSET", "DateFormatError", "be_to_ce", "parse_date"]

#: Buddhist Era year = CE year + 543.
BE_OFFSET = 543

_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


class DateFormatError(ValueError):
    """A date string the curation format does not accept."""


def be_to_ce(year_be: int) -> int:
    """Convert a Buddhist-Era year to the Common Era.

    >>> be_to_ce(2561)
    2018
    """
    return year_be - BE_OFFSET


def parse_date(value: object) -> Literal:
    """Parse a curated date into a typed literal.

    >>> parse_date("2018-11-05")
    rdflib.term.Literal('2018-11-05', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#date'))
    >>> str(parse_date("๒๕๖๑ BE")), str(parse_date("2561-11 BE"))
    ('2018', '2018-11')
    """
    if isinstance(value, _dt.date):
        return Literal(value.isoformat(), datatype=XSD.date)
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise DateFormatError(f"expected a date like 2018, 2018-11 or 2018-11-05, got {type(value).__name__}")
    text = thai_digits_to_ascii(value.strip())
    buddhist = False
    if text.upper().endswith("BE"):
        buddhist = True
        text = text[:-2].strip()
    match = _DATE.match(text)
    if not match:
        raise DateFormatError(f"'{value}' is not a date like 2018, 2018-11 or 2018-11-05 (add ' BE' for Buddhist-Era years)")
    year = int(match.group(1))
    if buddhist:
        year = be_to_ce(year)
    if not buddhist and year >= 2200:
        raise DateFormatError(f"'{value}' looks like a Buddhist-Era year; write it as '{value} BE' (or convert: BE - 543)")
    if not 1000 <= year <= 2199:
        raise DateFormatError(f"year {year} is out of range")
    month, day = match.group(2), match.group(3)
    if month is None:
        return Literal(f"{year:04d}", datatype=XSD.gYear)
    if not 1 <= int(month) <= 12:
        raise DateFormatError(f"'{value}' has month {month}, not 01-12")
    if day is None:
        return Literal(f"{year:04d}-{month}", datatype=XSD.gYearMonth)
    try:
        _dt.date(year, int(month), int(day))
    except ValueError as exc:
        raise DateFormatError(f"'{value}' is not a calendar date ({exc})") from exc
    return Literal(f"{year:04d}-{month}-{day}", datatype=XSD.date)
