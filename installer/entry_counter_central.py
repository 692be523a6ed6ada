"""Entry script of the frozen ``counter-central`` (the console script of pyproject.toml)."""

import sys

from central.cli import main

sys.exit(main())
