"""A window publishes a notice to its own hall (``POST /v1/hall/notices``): every window of
the hall reads it in the ``notices`` feed, another hall never does, a device cannot publish
to another hall, and the same draft sent twice is stored once - on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from typing import Any

import pytest
import requests

from central.simulator import SimulatedDevice
from central.store import CentralStore, publishing
from sync.wire.notices import Notice
from tests.central.conftest import CliRun, error_of, read_all, unique_hall
from tests.central.server_fixture import RunningCentral

pytestmark = pytest.mark.integration


def publish(device: SimulatedDevice, **fields: Any) -> requests.Response:
    draft = {
        "notice_id": str(uuid.uuid4()),
        "hall": device.hall,
        "title": "午间暂停",
        "body": "12:00-13:00 暂停取号。\n请提前告知群众。",
        "published_by": "super1",
        **fields,
    }
    body = json.dumps(draft, ensure_ascii=False).encode("utf-8")
    return device.request("POST", "/v1/hall/notices", body)


def test_a_notice_a_window_publishes_reaches_every_window_of_its_hall_only(
    enrol: Callable[..., SimulatedDevice], store: CentralStore
) -> None:
    hall = unique_hall()
    w1, w2, stranger = enrol(hall, "W1"), enrol(hall, "W2"), enrol()
    response = publish(w1)
    assert response.status_code == 200, response.text
    notice = Notice.model_validate(response.json())
    assert (notice.hall, notice.title) == (hall, "午间暂停")

    items, _, _ = read_all(w2, "notices", limit=10)
    assert [(i["notice_id"], i["body"], i["published_by"]) for i in items] == [
        (str(notice.notice_id), "12:00-13:00 暂停取号。\n请提前告知群众。", "super1")
    ]
    assert notice.published_by == "super1"
    # The operator's notice (counter-central notice publish) has no author.
    publishing.publish_notice(store, hall, "系统升级", "周六停机。")
    items, _, _ = read_all(w2, "notices", limit=10)
    assert [(i["title"], i["published_by"]) for i in items] == [
        ("午间暂停", "super1"),
        ("系统升级", None),
    ]
    assert read_all(stranger, "notices", limit=10)[0] == []
    # The platform's audit: who published it, from which device.
    with store.snapshot() as cur:
        author = cur.execute(
            store.sql("SELECT device_id, published_by FROM notice_authors WHERE notice_id = ?"),
            (str(notice.notice_id),),
        ).fetchone()
    assert tuple(author) == (w1.device_id, "super1")


def test_a_device_cannot_publish_to_another_hall(
    enrol: Callable[..., SimulatedDevice],
) -> None:
    w1, other = enrol(unique_hall()), enrol()
    response = publish(w1, hall=other.hall)
    assert response.status_code == 403
    assert error_of(response)["code"] == "wrong_hall"
    assert read_all(other, "notices", limit=10)[0] == []


def test_the_same_draft_sent_twice_is_stored_once_and_its_id_is_not_reused(
    enrol: Callable[..., SimulatedDevice],
) -> None:
    device = enrol(unique_hall())
    notice_id = str(uuid.uuid4())
    first, again = publish(device, notice_id=notice_id), publish(device, notice_id=notice_id)
    assert first.status_code == again.status_code == 200
    assert first.json() == again.json()
    assert len(read_all(device, "notices", limit=10)[0]) == 1
    taken = publish(device, notice_id=notice_id, title="另一条")
    assert taken.status_code == 409
    assert error_of(taken)["code"] == "notice_id_taken"


def test_an_empty_or_oversized_notice_is_refused(enrol: Callable[..., SimulatedDevice]) -> None:
    device = enrol(unique_hall())
    for fields in ({"title": ""}, {"body": "长" * 2001}, {"title": "a\nb"}):
        response = publish(device, **fields)
        assert response.status_code == 422, fields
        assert error_of(response)["code"] == "validation_failed"


def test_the_operators_notice_holds_what_every_window_can_show(
    central: RunningCentral, run_cli: Callable[..., CliRun]
) -> None:
    hall = unique_hall()
    for title, body in (
        ("", "正文"),
        ("标题\x1b[2J", "正文"),
        ("标题", "x" * 2001),
        ("标题", "铃\x07"),
    ):
        refused = run_cli(
            "notice", "publish", "--hall", hall, "--title", title, "--body", body,
            *central.store_args(),
        )  # fmt: skip
        assert refused.returncode == 1 and "通知" in refused.stderr, (title, body)
    published = run_cli(
        "notice", "publish", "--hall", hall, "--title", " 系统升级 ", "--body", "周六\t停机。\n周日恢复。",
        *central.store_args(),
    )  # fmt: skip
    assert published.returncode == 0, published.stderr
    assert (published.json()["title"], published.json()["body"]) == (
        "系统升级",
        "周六    停机。\n周日恢复。",
    )
