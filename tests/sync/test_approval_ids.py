"""``counter-app approvals approve|refuse ID`` takes a request's full id or a unique prefix of
at least 8 hex digits of a request in the hall's inbox, as a supervisor copies it from
``counter-app approvals``; a malformed id, or a prefix no request or several have, is said in
plain words (Chinese first), never as the platform's schema error."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from counter_app.config import Config
from counter_app.home import Home
from counter_app.services.auth import Accounts, User
from counter_app.store.database import Store
from sync.approval_requests import check_decision, send_request
from tests.conftest import CliResult
from tests.services.conftest import PASSWORD

pytestmark = pytest.mark.integration

CLERK = User("clerk02", "窗口二", "clerk", None, False)
TWINS = ("12345678-0000-4000-8000-00000000000a", "12345678-0000-4000-8000-00000000000b")


def decide(cli: Callable[..., CliResult], request_id: str, *extra: str) -> CliResult:
    return cli(
        "approvals", "approve", request_id, "--by", "chief1", "--password-stdin", *extra,
        input=PASSWORD + "\n",
    )  # fmt: skip


@pytest.fixture
def chief(sync_store: Store) -> None:
    Accounts(sync_store).add_user("chief1", PASSWORD, "supervisor")


@pytest.mark.usefixtures("chief")
def test_a_unique_prefix_decides_its_request(
    cli: Callable[..., CliResult], second_window: tuple[Home, Config, Store]
) -> None:
    _, _, store2 = second_window
    sent = send_request(
        store2, CLERK, "reprint", target="case-1", summary="补打 W02-0001", reason="遗失"
    )
    send_request(store2, CLERK, "reprint", target="case-2", summary="补打 W02-0002", reason="遗失")
    approved = decide(cli, sent.request_id[:8].upper())
    assert approved.returncode == 0, approved.stderr
    decision = check_decision(store2, sent.request_id)
    assert decision is not None and decision.request.status == "approved"


@pytest.mark.usefixtures("chief")
def test_a_prefix_several_requests_share_names_them(
    cli: Callable[..., CliResult], second_window: tuple[Home, Config, Store]
) -> None:
    _, _, store2 = second_window
    for n, request_id in enumerate(TWINS):
        send_request(
            store2,
            CLERK,
            "reprint",
            target=f"case-{n}",
            summary="补打",
            reason="遗失",
            request_id=request_id,
        )
    both = decide(cli, "12345678")
    assert both.returncode != 0
    assert "编号以 12345678 开头的待审批请求有 2 条" in both.stderr
    assert all(request_id in both.stderr for request_id in TWINS)
    assert check_decision(store2, TWINS[0]) is None  # nothing decided


@pytest.mark.usefixtures("chief")
@pytest.mark.parametrize(
    ("typed", "said"),
    [
        ("1234", "审批请求编号“1234”无效"),
        ("not-an-id", "审批请求编号“not-an-id”无效"),
        ("ffffffff", "待审批的请求中没有编号以 ffffffff 开头的"),
    ],
)
def test_an_id_that_names_no_request_is_said_in_plain_words(
    cli: Callable[..., CliResult], typed: str, said: str
) -> None:
    refused = decide(cli, typed)
    assert refused.returncode != 0
    assert said in refused.stderr
    assert "valid UUID" not in refused.stderr and "request_id" not in refused.stderr
