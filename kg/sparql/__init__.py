"""SPARQL over the built graph: an embedded store, a query catalogue, a local endpoint, a remote store.

One module per job:

:mod:`.store`
    loads ``build/*.trig`` into an rdflib :class:`~rdflib.Dataset` backed by Oxigraph
    (default) or rdflib's Memory store; the default graph holds the union of all
    named graphs plus the class-hierarchy closure (graph ``graph:inferred``).
:mod:`.fill`
    puts that layout into an Oxigraph store, in memory or on disk, by the fastest
    route for each.
:mod:`.guard`
    reads a query's algebra before anything runs and refuses updates, ``SERVICE``,
    ``LOAD`` and ``FROM`` outside the graph; an audit hook blocks sockets as a backstop.
:mod:`.execute`
    runs a checked query on a dataset, with a timeout, and returns a :mod:`.results` value.
:mod:`.results`
    one result model for every engine, and the SPARQL 1.1 result formats.
:mod:`.catalogue`
    the competency questions (``kg/queries/*.rq``) and their parameters.
:mod:`.remote`
    a SPARQL 1.1 Protocol / Graph Store Protocol client for real triple stores.
:mod:`.server` and :mod:`.worker`
    ``kg serve``: a read-only SPARQL endpoint whose queries run in killable worker processes.

Nothing here prints or exits; :mod:`kg.cli.sparql` is the command-line layer.
"""
