"""Which outside IRIs a curator may write (``same_as:``, the manifest's ``url:``).

An IRI from a curation file becomes an RDF term, is written into Turtle and TriG
between ``<`` and ``>``, and may be shown to a reader.  So it must be an absolute
``http``/``https`` IRI (never ``javascript:``, ``data:`` or ``file:``) made only of
characters Turtle allows inside ``<...>``: a space, quote or ``>`` would otherwise break
the serialisation (rdflib refuses to write it) or, in a less careful writer, end the
IRI and inject triples.  Bidirectional-control characters are refused too: they make
an address display as something else.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

__all__ = ["http_iri_problem"]

# Forbidden in an IRIREF by the Turtle grammar (control characters, space, <>"{}|^`\),
# plus the bidirectional controls U+200E/F, U+202A-U+202E and U+2066-U+2069.
_BAD = re.compile('[\x00-\x20<>"{}|^`\\\\\u200e\u200f\u202a-\u202e\u2066-\u2069\x7f]')


def http_iri_problem(value: object) -> str | None:
    """Why ``value`` is not an acceptable outside IRI, or ``None`` if it is.

    Examples
    --------
    >>> http_iri_problem("https://www.wikidata.org/entity/Q8686") is None
    True
    >>> http_iri_problem("javascript:alert(1)")
    "must start with http:// or https:// (not 'javascript:')"
    >>> http_iri_problem('https://example.org/a> . <urn:x> <urn:y> <urn:z')
    "contains '>', which an IRI may not contain"
    """
    if not isinstance(value, str):
        return "must be a text IRI"
    scheme = value.split(":", 1)[0] + ":" if ":" in value else value[:20]
    if not value.startswith(("http://", "https://")):
        return f"must start with http:// or https:// (not {scheme!r})"
    bad = _BAD.search(value)
    if bad:
        return f"contains {bad.group()!r}, which an IRI may not contain"
    if not urlsplit(value).hostname:
        return "has no host name"
    return None
