"""Entry script of the frozen ``counter-app`` (the console script of pyproject.toml)."""

import multiprocessing
import sys

from counter_app.cli.main import main

# The window renders documents in a spawned child process (printing.render_process); a
# frozen program must hand such a child to multiprocessing before anything else runs.
multiprocessing.freeze_support()
sys.exit(main())
