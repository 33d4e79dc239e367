"""``python -m govservice``: the same command line as the ``govservice`` script."""

import sys

from govservice.cli import main

if __name__ == "__main__":
    sys.exit(main())
