"""Run inspcheck as `python -m inspcheck`."""

from inspcheck.cli import main

main()
