"""Entry script of the frozen ``counter-app`` and of its twin ``counter-app-gui`` (the
console scripts of pyproject.toml): one program, two names."""

import multiprocessing
import sys
from pathlib import Path

# The window renders documents and syncs in spawned child processes
# (printing.document_process, sync.background); a frozen program must hand such a child to
# multiprocessing before anything else runs.
multiprocessing.freeze_support()
if Path(sys.executable).stem == "counter-app-gui":
    from ui.cli import main
else:
    from counter_app.cli.main import main
sys.exit(main())
