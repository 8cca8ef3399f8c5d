"""What the graph's things are: the ontology's terms and the data classes that carry them.

:mod:`.ontology`
    The term table read from ``ontology/kg.ttl``: classes and entity roots, relations
    with their network role (cooperative or structural), inverse, symmetry,
    transitivity and expected classes, concept schemes, network measures.  The
    ontology is the one place that says what a term is; no module lists them again.
:mod:`.model`
    Plain data classes for curated input (entities, facts, links, indicators, evidence)
    with their source locations.
"""
