"""Network analysis of the knowledge graph: projection to networkx, measures, clusters.

Each module has one job: :mod:`.projection` turns RDF into networkx graphs,
:mod:`.measures` computes centralities (:mod:`.paths`: networkx's exact betweenness,
closeness and eigenvector values, computed faster), :mod:`.clusters` finds partner clusters and
checks their stability, :mod:`.aggregate` summarises by country and ego network,
:mod:`.to_rdf` writes results back as an analysis named graph, :mod:`.export` writes
CSV, GEXF and GraphML.
"""
