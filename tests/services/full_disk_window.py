"""A counter whose disk fills up while it runs, for ``test_intake_disk_faults.py``: run as
``python -m tests.services.full_disk_window DIR`` where DIR is a small file system of its own
(the test mounts one in a private mount namespace). Opens a store under DIR, fills the rest of
DIR with a file, accepts a case (the commit needs the WAL to grow), frees the space and
accepts the same request twice. Prints one JSON object with what happened."""

from __future__ import annotations

import json
import subprocess
import sys
import uuid
from pathlib import Path

from counter_app.config import load_config
from counter_app.errors import CounterError
from counter_app.home import Home
from counter_app.services import intake
from counter_app.services.auth import User
from counter_app.store.calendar import ensure_bundled_calendar
from counter_app.store.catalog import ensure_bundled_catalog
from counter_app.store.database import open_store
from tests.services.conftest import complete_marks, item_named, request_for


def main(directory: Path) -> dict[str, object]:
    home = Home(directory / "home").ensure()
    store = open_store(home, load_config(home))
    ensure_bundled_catalog(store)
    ensure_bundled_calendar(store)
    clerk = User("clerk1", "窗口一", "clerk", None, False)
    item = item_named(store, "老年综合津贴申领")
    request = request_for(item, complete_marks(item), request_id=str(uuid.uuid4()))
    filler = directory / "filler"
    subprocess.run(
        ["dd", "if=/dev/zero", f"of={filler}", "bs=4k"], capture_output=True, check=False
    )
    try:
        intake.accept(store, request, clerk)
        refused: dict[str, str] | None = None
    except CounterError as exc:
        refused = {"code": exc.code, "zh": exc.zh}
    cases_when_full = store.db.execute("SELECT count(*) FROM cases").fetchone()[0]
    filler.unlink()
    first = intake.accept(store, request, clerk)
    again = intake.accept(store, request, clerk)
    return {
        "refused": refused,
        "cases_when_full": cases_when_full,
        "same_case": first.case_no == again.case_no,
        "cases": store.db.execute("SELECT count(*) FROM cases").fetchone()[0],
    }


if __name__ == "__main__":
    print(json.dumps(main(Path(sys.argv[1])), ensure_ascii=False))
