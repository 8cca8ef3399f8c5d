"""Oxigraph terms as the rdflib terms rdflib's own parsers would produce.

Oxigraph parses Turtle and TriG in native code, some thirty times faster than rdflib's
parsers (22,000 triples: 0.03 s against 0.8 s); the code above this layer, the notebooks
and the users keep working with rdflib graphs.  :class:`TermConverter` bridges the two:
it builds each distinct term once (a graph repeats its IRIs many times), through the
same constructors rdflib's parser calls, so a literal's lexical form is normalised the
same way (``"01"^^xsd:integer`` becomes ``"1"``).

Two differences in what Oxigraph hands over, both without consequence for RDF meaning:

* a plain literal and an explicit ``"..."^^xsd:string`` are the same term in RDF 1.1,
  and both come back as a plain rdflib literal (rdflib's parser keeps the datatype of
  the second);
* language tags come back in lower case (they are case-insensitive; the project's own,
  ``en``, ``zh`` and ``th``, are lower case already).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from rdflib import BNode, Literal, URIRef

if TYPE_CHECKING:
    import pyoxigraph as ox
    from rdflib.term import Identifier

__all__ = ["XSD_STRING", "TermConverter", "UnsupportedTerm"]

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


class UnsupportedTerm(ValueError):
    """A term rdflib has no class for (an RDF 1.2 triple term)."""


class TermConverter:
    """Converts Oxigraph terms to rdflib terms, each distinct term once.

    With ``string_datatype``, an ``xsd:string`` literal keeps its datatype, as the terms of
    query answers through ``oxrdflib`` do (it matters to the Turtle written from them).
    """

    def __init__(self, string_datatype: bool = False) -> None:
        self._seen: dict[object, Identifier] = {}
        self._plain = None if string_datatype else XSD_STRING

    def __call__(self, term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> Identifier:
        """The rdflib term for ``term``.

        Raises
        ------
        UnsupportedTerm
            For an RDF 1.2 triple term.
        """
        known = self._seen.get(term)
        if known is not None:
            return known
        import pyoxigraph as ox  # the module is loaded already: the caller holds its terms

        converted: Identifier
        if isinstance(term, ox.NamedNode):
            converted = URIRef(term.value)
        elif isinstance(term, ox.BlankNode):
            converted = BNode(term.value)
        elif isinstance(term, ox.Literal):
            if term.language:
                converted = Literal(term.value, lang=term.language)
            else:
                datatype = term.datatype.value
                converted = Literal(term.value, datatype=None if datatype == self._plain else URIRef(datatype))
        else:
            raise UnsupportedTerm(f"RDF-star triple terms are not supported: {term}")
        self._seen[term] = converted
        return converted

    def triples(self, quads: Iterable[ox.Quad]) -> Iterator[tuple[Identifier, Identifier, Identifier]]:
        """The subject, predicate and object of each quad, converted.

        The same as calling the converter three times per quad, with the look-up of a term
        already seen done here: a file repeats its terms, and reading build/kg.ttl makes
        66,000 such look-ups.
        """
        known = self._seen.get
        for quad in quads:
            s, p, o = quad.subject, quad.predicate, quad.object
            cs, cp, co = known(s), known(p), known(o)
            yield (self(s) if cs is None else cs, self(p) if cp is None else cp, self(o) if co is None else co)

    def iris(self) -> list[URIRef]:
        """Every distinct IRI converted so far (graph names, predicates and datatypes included)."""
        out = [t for t in self._seen.values() if isinstance(t, URIRef)]
        out += [t.datatype for t in self._seen.values() if isinstance(t, Literal) and t.datatype is not None]
        return out
