"""Bring a new document into the project: detect, split, link, draft (``kg ingest``).

The pipeline turns a plain UTF-8 text into a manifest entry, a byte-for-byte copy under
``seeds/`` and a *draft* curation file listing what a curator should review: the
registered entities the text mentions, names that look like entities but are not
registered (with possible aliases of registered names), and typed statement
suggestions for entities named in one sentence or one inside the other's name.  Nothing it proposes reaches the graph
until a person reviews the draft and marks it ``complete`` or ``partial``.
"""
