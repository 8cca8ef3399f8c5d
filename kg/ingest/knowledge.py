"""What the reviewed curation already says of places: the countries each one is in.

A sentence that names Shanghai and Singapore together ("上海与新加坡…") gives the pair
classes that ``locatedIn`` accepts, and cue words such as 在 or "in" may well make it the
likeliest label; but the reviewed documents already say that Shanghai is in China, and
a city is in one country.  So the countries each place is in are read from the
reviewed statements (``locatedIn``/``partOf`` from a place to a country, and through
other places: a district of Shanghai is in China), and a suggestion that puts a place
in another country gives way to its first alternative that does not (often the
cooperation link the sentence states), or is dropped.

Only the documents the engine was trained on are read, so a held-out document's own
curation never speaks (leave one document out).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import replace

from ..schema.model import Fact, Link
from .suggest import CONTAINMENT, Suggestion
from .training import Classes

__all__ = ["COUNTRY", "consistent", "countries_of"]

#: The class of the places a place can be in only one of.
COUNTRY = "Country"


def countries_of(statements: Iterable[Fact | Link], classes: Classes) -> dict[str, frozenset[str]]:
    """Each place the statements put inside a country (directly or through other places), with those countries.

    >>> from kg.schema.model import Where
    >>> c = Classes({"pudong": "District", "shanghai": "Municipality", "china": "Country"}, {})
    >>> facts = [Fact("f1", "d", "pudong", "partOf", "shanghai", None, (), Where("x", 1)),
    ...          Fact("f2", "d", "shanghai", "locatedIn", "china", None, (), Where("x", 1))]
    >>> sorted((k, sorted(v)) for k, v in countries_of(facts, c).items())
    [('pudong', ['china']), ('shanghai', ['china'])]
    """
    inside: dict[str, set[str]] = defaultdict(set)
    for st in statements:
        if isinstance(st, Fact) and st.relation in CONTAINMENT and st.object is not None:
            inside[st.subject].add(st.object)
    found: dict[str, frozenset[str]] = {}
    for place in sorted(inside):
        seen, todo, countries = {place}, [place], set()
        while todo:
            for outer in sorted(inside.get(todo.pop(), ())):
                if outer in seen:
                    continue
                seen.add(outer)
                if classes.of(outer)[0] == COUNTRY:
                    countries.add(outer)
                else:
                    todo.append(outer)
        if countries and classes.of(place)[0] != COUNTRY:
            found[place] = frozenset(countries)
    return found


def _contradicts(kind: str, name: str, subject: str, obj: str, countries: dict[str, frozenset[str]], classes: Classes) -> bool:
    """Whether ``subject name object`` puts a place in a country other than the ones it is known to be in."""
    if kind != "fact" or name not in CONTAINMENT or classes.of(obj)[0] != COUNTRY:
        return False
    known = countries.get(subject)
    return known is not None and obj not in known


def consistent(suggestions: list[Suggestion], countries: dict[str, frozenset[str]], classes: Classes) -> list[Suggestion]:
    """``suggestions`` with each one that contradicts ``countries`` replaced by its first alternative that does not, or left out."""
    out = []
    for s in suggestions:
        if not _contradicts(s.kind, s.name, s.subject, s.object, countries, classes):
            out.append(s)
            continue
        rest = [a for a in s.alternatives if not _contradicts(*a, countries, classes)]
        if rest:
            kind, name, subject, obj = rest[0]
            out.append(replace(s, kind=kind, name=name, subject=subject, object=obj, alternatives=tuple(rest[1:])))
    return out
