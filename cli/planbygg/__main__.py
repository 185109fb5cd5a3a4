"""Allow `python -m planbygg`."""

from .cli import main

main()
