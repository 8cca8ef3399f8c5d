"""Command help is reflowed for the terminal (kg.cli.common.reflow)."""

from __future__ import annotations

from kg.cli import app
from kg.cli.common import reflow


def test_lines_of_a_paragraph_are_joined_and_paragraphs_kept() -> None:
    doc = """First line
    of the summary.

    A second paragraph,  wrapped
        over lines.
    """
    assert reflow(doc) == "First line of the summary.\n\nA second paragraph, wrapped over lines."


def test_a_paragraph_marked_no_rewrap_keeps_its_lines() -> None:
    doc = "Summary.\n\n\b\nExamples:\n  kg build\n  kg viz"
    assert reflow(doc) == "Summary.\n\nExamples:\n  kg build\n  kg viz"


def test_every_command_has_reflowed_help() -> None:
    for info in app.registered_commands:
        assert info.help, info.name
        for paragraph in info.help.split("\n\n"):
            if not paragraph.startswith("Examples:"):
                assert "\n" not in paragraph, (info.name, paragraph)


def _commands() -> dict[str, object]:
    return {info.callback.__name__: info for info in app.registered_commands if info.callback is not None}


def test_every_command_help_has_the_same_shape() -> None:
    """A one-sentence summary, then what it does, then an Examples block whose lines start with 'kg <command>'."""
    for info in app.registered_commands:
        assert info.callback is not None and info.help
        name = info.name or info.callback.__name__
        paragraphs = info.help.split("\n\n")
        assert paragraphs[0].endswith("."), (name, paragraphs[0])
        examples = [p for p in paragraphs if p.startswith("Examples:")]
        assert len(examples) == 1 and paragraphs[-1] == examples[0], name
        lines = examples[0].splitlines()[1:]
        assert lines and all(line.startswith(f"  kg {name}") for line in lines), (name, lines)


def test_shared_options_are_spelled_only_in_the_options_module() -> None:
    """--root, --build, --json, --quiet and --include-drafts mean one thing: a command module may not redefine them."""
    import re
    from pathlib import Path

    cli = Path(__file__).parents[2] / "kg" / "cli"
    for path in sorted(cli.glob("*.py")):
        if path.name == "options.py":
            continue
        text = path.read_text(encoding="utf-8")
        for flag in ("--root", "--build", "--json", "--quiet", "--include-drafts"):
            assert not re.search(rf'typer\.Option\(\s*"{flag}"', text), f"{path.name} defines {flag} itself; use kg.cli.options"


def _flags(meta: object) -> tuple[str, ...]:
    """The option names of a typer OptionInfo (inside Annotated, typer keeps the first name as ``default``)."""
    default = getattr(meta, "default", None)
    first = (default,) if isinstance(default, str) and default.startswith("-") else ()
    return first + tuple(getattr(meta, "param_decls", None) or ())


def test_root_and_build_mean_the_same_in_every_command_that_takes_them() -> None:
    import inspect

    from kg.cli.options import BuildOption, RootOption

    takes_root = takes_build = 0
    for info in app.registered_commands:
        assert info.callback is not None
        parameters = inspect.signature(info.callback, eval_str=True).parameters
        for parameter in parameters.values():
            flags = [flag for meta in getattr(parameter.annotation, "__metadata__", ()) for flag in _flags(meta)]
            if "--root" in flags:
                assert parameter.annotation == RootOption, info.callback.__name__
                takes_root += 1
            if "--build" in flags:
                assert parameter.annotation == BuildOption, info.callback.__name__
                takes_build += 1
    assert takes_root == len(app.registered_commands)  # every command can be pointed at a project
    assert takes_build >= 7  # build, analyze, viz, export, query, serve, push
