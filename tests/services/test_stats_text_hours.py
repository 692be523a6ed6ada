"""``counter-app stats`` as text gives each hour's cases as 「10时 1件」 (in English "1 at 10h"),
never "10:1", which reads as a time of day."""

from __future__ import annotations

from collections.abc import Callable

from counter_app.services import intake
from counter_app.store.database import Store
from tests.conftest import CliResult
from tests.services.conftest import MOMENT, complete_marks, item_named, request_for

DAY = MOMENT.date().isoformat()


def test_cases_per_hour_read_as_hours_and_cases(
    cli: Callable[..., CliResult], intake_store: Store, clerk
) -> None:
    item = item_named(intake_store, "老年综合津贴申领")
    intake.accept(intake_store, request_for(item, complete_marks(item)), clerk, now=MOMENT)

    chinese = cli("stats", "--from", DAY, "--to", DAY).stdout.splitlines()
    assert "每小时: 10时 1件" in chinese
    english = cli("--lang", "en", "stats", "--from", DAY, "--to", DAY).stdout.splitlines()
    assert "Per hour: 1 at 10h" in english
