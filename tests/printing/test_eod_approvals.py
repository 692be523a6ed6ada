"""The end of day says what became of this window's requests to the hall's supervisors
(请求值班长审批): those decided that day (by whom, what, approved or refused) and those still
pending, in ``eod``'s words, its ``--json`` and its PDF; a sign-off with requests pending is
signed all the same, and warned of them."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from counter_app.services.auth import User
from counter_app.store.approval_requests import SentRequest, record_decision, record_sent
from counter_app.store.database import Store
from counter_app.store.timestamps import now_text
from tests.conftest import CliResult
from tests.printing import pdf_tools

PASSWORD = "correct-horse-9"  # the printing fixtures' accounts (clerk07, super01)


def sent(store: Store, clerk: User, request_id: str, kind: str, summary: str) -> None:
    record_sent(
        store,
        SentRequest(
            request_id, kind, f"case-{request_id[:4]}", summary, "三日内补交", clerk.username,
            now_text(), "pending", None, None, None,
        ),
    )  # fmt: skip


@pytest.fixture
def approvals_of_the_day(store: Store, clerk: User) -> None:
    """Three requests of this window: one approved, one refused, one still pending."""
    approved, refused, waiting = (f"{n}0000000-0000-4000-8000-000000000000" for n in (1, 2, 3))
    sent(store, clerk, approved, "deferral", "居住证签注；容缺：M03")
    sent(store, clerk, refused, "void", "作废 W01-0007")
    sent(store, clerk, waiting, "reprint", "补打 W01-0009 受理回执")
    for request_id, status, reason in ((approved, "approved", ""), (refused, "refused", "不符")):
        record_decision(
            store, request_id, status=status, decided_by="chief1", reason=reason,
            decided_at=now_text(),
        )  # fmt: skip


@pytest.mark.usefixtures("approvals_of_the_day")
def test_the_text_lists_the_days_decisions_and_what_still_waits(
    cli: Callable[..., CliResult],
) -> None:
    result = cli("eod")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    decided = lines[
        lines.index("本窗口请求值班长审批的事项：当日已决定") + 1 : lines.index(
            "本窗口请求值班长审批的事项：仍待审批"
        )
    ]
    assert len(decided) == 2
    assert "容缺受理：居住证签注；容缺：M03 → 批准 chief1" in decided[0]
    assert "作废：作废 W01-0007 → 驳回 chief1" in decided[1]
    pending = lines[lines.index("本窗口请求值班长审批的事项：仍待审批") + 1]
    assert "补打：补打 W01-0009 受理回执" in pending and "→" not in pending


@pytest.mark.usefixtures("approvals_of_the_day")
def test_the_json_adds_both_lists(cli: Callable[..., CliResult], clerk: User) -> None:
    answer = json.loads(cli("eod", "--json").stdout)
    assert [(a["kind"], a["status"], a["decided_by"]) for a in answer["approvals_decided"]] == [
        ("deferral", "approved", "chief1"),
        ("void", "refused", "chief1"),
    ]
    [waiting] = answer["approvals_pending"]
    assert (waiting["kind"], waiting["status"], waiting["requested_by"]) == (
        "reprint",
        "pending",
        clerk.username,
    )


@pytest.mark.usefixtures("approvals_of_the_day")
def test_a_sign_off_with_requests_pending_is_signed_and_warned(
    cli: Callable[..., CliResult], supervisor: User
) -> None:
    signed = cli(
        "eod", "--sign-off", "--by", supervisor.username, "--password-stdin", "--json",
        input=PASSWORD + "\n",
    )  # fmt: skip
    assert signed.returncode == 0, signed.stderr
    assert json.loads(signed.stdout)["sign_off_id"]
    assert "本窗口尚有 1 项审批请求待值班长决定" in signed.stderr


def test_a_day_without_requests_signs_off_without_the_warning(
    cli: Callable[..., CliResult], supervisor: User
) -> None:
    signed = cli(
        "eod", "--sign-off", "--by", supervisor.username, "--password-stdin",
        input=PASSWORD + "\n",
    )  # fmt: skip
    assert signed.returncode == 0, signed.stderr
    assert "审批请求" not in signed.stderr
    lines = signed.stdout.splitlines()
    heading = lines.index("本窗口请求值班长审批的事项：仍待审批")
    assert lines[heading + 1] == "  无"


@pytest.mark.usefixtures("approvals_of_the_day")
def test_the_pdf_carries_both_lists(tmp_path: Path, cli: Callable[..., CliResult]) -> None:
    pdf = tmp_path / "eod.pdf"
    assert cli("eod", "--out", str(pdf)).returncode == 0
    text = "".join(pdf_tools.drawn_text(pdf).split())
    assert "本窗口请求值班长审批的事项：当日已决定" in text
    assert "作废W01-0007→驳回chief1" in text
    assert "本窗口请求值班长审批的事项：仍待审批" in text and "补打W01-0009受理回执" in text
