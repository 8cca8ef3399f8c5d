"""The build: verified curation into a validated RDF dataset, written as one set of files.

:mod:`.inputs`
    Everything the build reads, loaded and located (ontology, curation, texts, evidence).
:mod:`.assemble`
    The rdflib Dataset: ontology, registry, one named graph per document, mentions.
:mod:`.shacl`
    pySHACL against ``ontology/shapes.ttl``: the gate.
:mod:`.report`
    The typed build report (``report.json``, ``report.md``).
:mod:`.output`
    Staged, journalled, atomic writing of an output set.
:mod:`.pipeline`
    Sequences the steps: :func:`~kg.build.pipeline.build` returns a result, and
    nothing is written until :func:`~kg.build.pipeline.render_outputs` and
    :func:`~kg.build.output.write_outputs`.
"""
