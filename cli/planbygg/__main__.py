"""Allow `python -m planbygg`."""

from .entry import main

main()
