"""Curation input: the YAML files people edit, read with line numbers and checked field by field.

:mod:`.yamlload`
    Safe YAML with a line number on every mapping and list (no tags, aliases or
    duplicate keys).
:mod:`.manifest`
    The source manifest: per document its id, title, language, publisher, date and SHA-256.
:mod:`.fields`
    Field readers shared by the loaders (names, evidence, document metadata).
:mod:`.loader`
    Registry and statements into checked :mod:`kg.schema.model` objects, every problem
    reported at once with its file, line and field.
:mod:`.ignore`
    The coverage ignore file.
"""
