"""Entry script of the frozen ``counter-app`` (the console script of pyproject.toml)."""

import sys

from counter_app.cli.main import main

sys.exit(main())
