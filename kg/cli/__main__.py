"""``python -m kg.cli``: the same as the ``kg`` script."""

from . import main

main()
