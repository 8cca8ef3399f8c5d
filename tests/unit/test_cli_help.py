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
