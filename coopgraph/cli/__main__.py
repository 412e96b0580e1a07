"""`python -m coopgraph.cli`: the same command as the `coopgraph` script."""

from coopgraph.cli import main

main()
