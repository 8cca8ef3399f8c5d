"""``kg alias``: add a spelling to a registered entity, so that ingest links it from then on."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from ..errors import KgError
from .common import err, fail, out
from .options import RootOption, project

__all__ = ["alias"]


class Language(StrEnum):
    """The languages of names in the registry."""

    en = "en"
    zh = "zh"
    th = "th"


def alias(
    entity: Annotated[str, typer.Argument(help="The entity's id, e.g. shanghai-technology-exchange.", show_default=False)],
    spelling: Annotated[str, typer.Argument(help="The new name, as a document writes it.", show_default=False)],
    lang: Annotated[
        Language | None,
        typer.Option("--lang", help="Language of the name. Default: its script (Thai, Chinese, else English).", show_default=False),
    ] = None,
    root: RootOption = None,
) -> None:
    """Add an alternative name to an entity's alt: in the registry file that defines it.

    Use it for a 'POSSIBLE ALIAS' of a draft: a spelling of a registered entity, not a
    new one.  The file keeps its comments and layout; a name that is already the
    entity's, or another entity's, is refused.  Then 'kg ingest --refresh DOC' links
    it in the draft.

    \b
    Examples:
      kg alias shanghai "เซี่ยงไฮ"
      kg alias most "Science Ministry" --lang en
    """
    from ..ingest.alias import add_alias

    proj = project(root)
    try:
        result = add_alias(proj, entity, spelling, lang.value if lang else None)
    except KgError as exc:
        raise fail(exc) from exc
    out.print(f"Added {result.name!r} ({result.lang}) to the alt: of '{result.entity}'.", markup=False)
    err.print(f"  wrote {proj.rel(result.file)}", markup=False)
