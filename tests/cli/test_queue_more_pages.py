"""``counter-app queue`` says when cases follow the page it shows (``--limit``, 100 by
default): ``--json`` with ``"more": true``, the text with a last line naming the next
``--offset``; the last page says nothing more."""

from __future__ import annotations

import json
from collections.abc import Callable

from counter_app.store.database import Store
from tests.conftest import CliResult
from tests.store.hall_summaries import hall_summary, keep_summaries


def test_a_page_with_cases_after_it_says_so(cli: Callable[..., CliResult], store: Store) -> None:
    keep_summaries(store, *(hall_summary(index) for index in (1, 2, 3)))

    first = json.loads(cli("queue", "--hall", "--limit", "2", "--json").stdout)
    assert (len(first["cases"]), first["more"]) == (2, True)
    last = json.loads(cli("queue", "--hall", "--limit", "2", "--offset", "2", "--json").stdout)
    assert (len(last["cases"]), last["more"]) == (1, False)

    text = cli("queue", "--hall", "--limit", "2").stdout.splitlines()
    assert (
        text[-1]
        == "（本页之后还有办件未列出：加 --offset 2 查看下一页，或用 --limit 加大每页件数）"
    )
    english = cli("--lang", "en", "queue", "--hall", "--limit", "2").stdout.splitlines()
    assert english[-1] == (
        "(More cases follow this page: add --offset 2 for the next page, or a larger --limit)"
    )
    whole = cli("queue", "--hall", "--limit", "3").stdout
    assert "--offset" not in whole
