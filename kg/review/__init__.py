"""Review a document's draft in the browser: accept, correct or reject each suggestion beside its quote (``kg review``).

``items`` turns the draft's analysis into review items with stable ids and the offsets of
their quotes; ``session`` derives what has been decided from the curation files and
applies one decision at a time, checked by the build's own loader before an atomic
write and refused against a stale version; ``writer`` makes the line edits of the
curation file (an item in, the status set, the proposals dropped) that keep the
reviewer's comments and layout; ``app`` is the Starlette application (the page in
``static/`` and its JSON API) with the loopback server's guarantees.
"""
