"""Execute a Jupyter notebook top to bottom on a fresh kernel and fail on any error.

Used by the tests (every notebook in ``notebooks/`` must run clean) and by
``make notebooks``, which keeps executed copies with their outputs under
``build/notebooks/``.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["NotebookFailed", "run_notebook"]


class NotebookFailed(Exception):
    """A cell raised an error; the message names the notebook and the cell."""


def run_notebook(path: Path, timeout: int = 600, kernel: str = "python3") -> object:
    """Execute ``path`` in its own directory; return the executed notebook.

    Raises
    ------
    NotebookFailed
        If any cell raises, with the cell number and the error.
    """
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    nb = nbformat.read(path, as_version=4)  # type: ignore[no-untyped-call]
    client = NotebookClient(nb, timeout=timeout, kernel_name=kernel, resources={"metadata": {"path": str(path.parent)}})
    try:
        client.execute()
    except CellExecutionError as exc:
        raise NotebookFailed(f"{path.name}: a cell failed:\n{exc}") from exc
    for i, cell in enumerate(nb.cells):
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                raise NotebookFailed(f"{path.name}: cell {i} has an error output: {output.get('ename')}: {output.get('evalue')}")
    return nb
