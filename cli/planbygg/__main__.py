"""Allow `python -m planbygg`."""

try:
    from .entry import main
except KeyboardInterrupt:  # Ctrl-C while Python is still loading planbygg: the same answer as later
    import os
    import sys

    sys.stderr.write("\nAvbrutt.\n")
    os._exit(130)

main()
