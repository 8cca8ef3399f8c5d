"""Reading document text: normalisation, dates, quotes, names and coverage.

:mod:`.normalize`
    A whitespace- and digit-normalised view of a text with offsets back into the
    original (Thai digits, full-width forms, spaces inside Thai names).
:mod:`.dates`
    Dates as curators write them, Buddhist Era and Thai digits included.
:mod:`.quotes`
    Every quote located in its document, or a problem saying why not.
:mod:`.mentions`
    One Aho-Corasick pass per document over every registered name.
:mod:`.coverage`
    Names that look like entities but that no registered name covers.

Nothing here reads files: callers pass text in.
"""
