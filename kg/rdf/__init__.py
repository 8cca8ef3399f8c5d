"""RDF basics every stage shares: namespaces, safe reading, deterministic writing, outside IRIs.

:mod:`.vocab`
    The project's namespaces, named graphs and prefixes; a closed namespace for the
    ontology terms the code names itself.
:mod:`.load`
    Turtle and TriG only (never RDF/XML), refused by name and content before parsing.
:mod:`.terms`
    Oxigraph's terms as rdflib terms: the files are parsed by Oxigraph, used through rdflib.
:mod:`.serialize`
    Sorted, diff-friendly Turtle and TriG: the same graph always gives the same bytes.
:mod:`.iri`
    Checks for IRIs a curator writes (``same_as``, ``url``).

Nothing here knows the ontology's content: that is :mod:`kg.schema`.
"""
