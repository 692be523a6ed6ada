"""``counter-app sync requeue``: the supervisor who requeues is authenticated (``--by USER
--password-stdin``, supervisor or admin), and every rejected case goes back at once with
``--all-rejected [--since]`` - against cases a real platform rejected."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, timedelta

from counter_app.config import Config
from counter_app.home import Home
from counter_app.services.auth import Accounts
from counter_app.store.database import Store
from tests.central.server_fixture import RunningCentral
from tests.conftest import CliResult
from tests.sync.backlog import seed_cases
from tests.sync.conftest import HALL, make_engine

PASSWORD = "Counter-Pass-2026!"


def _outbox_states(store: Store) -> dict[str, str]:
    return dict(store.db.execute("SELECT case_id, state FROM outbox").fetchall())


def test_requeue_authenticates_the_supervisor_and_takes_every_rejected_case(
    cli: Callable[..., CliResult],
    home: Home,
    enrolled: Config,
    sync_store: Store,
    central: RunningCentral,
) -> None:
    accounts = Accounts(sync_store)
    accounts.add_user("chief1", PASSWORD, "supervisor")
    accounts.add_user("clerk01", PASSWORD, "clerk")
    seed_cases(sync_store, 2, hall=HALL)
    # The platform refuses cases of a hall this workstation is not enrolled for.
    foreign = seed_cases(sync_store, 3, hall="310105-OTHER", start=100)
    summary = make_engine(home, enrolled, sync_store).run_once()
    assert (summary.pushed, summary.rejected) == (2, 3)
    rejected = {c.case_id for c in foreign}

    def requeue(*args: str, by: str = "chief1", password: str = PASSWORD) -> CliResult:
        return cli(
            "--lang", "en", "sync", "requeue", *args, "--by", by, "--password-stdin", "--json",
            input=password + "\n",
        )  # fmt: skip

    nobody = requeue("--all-rejected", by="nosuchuser")
    assert nobody.returncode != 0 and "There is no user nosuchuser" in nobody.stderr
    assert "nosuchuser" not in str(sync_store.db.execute("SELECT * FROM audit_log").fetchall())
    wrong = requeue("--all-rejected", password="not-it")
    assert wrong.returncode != 0 and "Wrong password for chief1" in wrong.stderr
    clerk = requeue("--all-rejected", by="clerk01")
    assert clerk.returncode != 0 and "clerk01 is a clerk" in clerk.stderr
    both = requeue(foreign[0].case_no, "--all-rejected")
    assert both.returncode != 0 and "not both" in both.stderr
    assert {k for k, v in _outbox_states(sync_store).items() if v == "rejected"} == rejected

    for edge in ("0001-01-01T00:00+14:00", "9999-12-31"):  # no UTC form, or past 2099
        far = requeue("--all-rejected", "--since", edge)
        assert far.returncode == 2 and "2000-01-01 to 2099-12-31" in far.stderr
    tomorrow = (date.today() + timedelta(days=2)).isoformat()
    none_yet = requeue("--all-rejected", "--since", tomorrow)
    assert none_yet.returncode == 0, none_yet.stderr
    assert json.loads(none_yet.stdout) == {"requeued": []}
    yesterday = (date.today() - timedelta(days=1)).isoformat()
    everything = requeue("--all-rejected", "--since", yesterday)
    assert everything.returncode == 0, everything.stderr
    assert {r["case_id"] for r in json.loads(everything.stdout)["requeued"]} == rejected
    assert not any(state == "rejected" for state in _outbox_states(sync_store).values())
    audit = sync_store.db.execute(
        "SELECT actor, target FROM audit_log WHERE action = 'sync.requeue'"
    ).fetchall()
    assert sorted(audit) == sorted(("chief1", case_id) for case_id in rejected)

    # Rejected again; two named cases go back, the third stays for the supervisor.
    assert make_engine(home, enrolled, sync_store).run_once().rejected == 3
    named = requeue(foreign[0].case_no, foreign[1].case_id)
    assert named.returncode == 0, named.stderr
    assert [r["case_no"] for r in json.loads(named.stdout)["requeued"]] == [
        foreign[0].case_no,
        foreign[1].case_no,
    ]
    assert _outbox_states(sync_store)[foreign[2].case_id] == "rejected"
