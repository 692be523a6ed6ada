"""The catalog feed at real size: a window gets the version in force, not the history, and
reads it compressed; a window the platform holds cases of reads every version from the
start in pages bounded by size (``central.routes.feeds``). Bytes and versions, never time."""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable

import pytest
import requests

from central.simulator import SimulatedDevice
from central.store import CentralStore, feeds, publishing
from tests.central.conftest import push_ok, read_all, tracked_case
from tests.central.large_catalog import large_catalog
from tests.central.server_fixture import RunningCentral

pytestmark = pytest.mark.integration

ITEMS = 500
# What a window asks for (sync.pull.PAGE_SIZE): a count of versions.
WINDOW_LIMIT = 200


@pytest.fixture(scope="module")
def published(store: CentralStore) -> Callable[[int], list[int]]:
    """``publish(n)``: n more versions of the large catalog; their version numbers."""

    def publish(count: int) -> list[int]:
        held = publishing.published_versions(store, "catalog")
        first = (held[-1].version if held else 0) + 1
        versions = list(range(first, first + count))
        for version in versions:
            publishing.publish_document(store, "catalog", large_catalog(ITEMS, version), version)
        return versions

    return publish


def document_chars(item: dict[str, object]) -> int:
    return len(json.dumps(item["document"], ensure_ascii=False, separators=(",", ":")))


def test_a_window_enrolled_after_three_versions_gets_only_the_one_in_force(
    enrol: Callable[..., SimulatedDevice], published: Callable[[int], list[int]]
) -> None:
    versions = published(3)

    items, pages, _ = read_all(enrol(), "catalog", WINDOW_LIMIT)

    assert (pages, [item["version"] for item in items]) == (1, [versions[-1]])
    assert items[0]["document"] == large_catalog(ITEMS, versions[-1])


def test_a_window_offline_for_versions_gets_only_the_newest(
    enrol: Callable[..., SimulatedDevice], published: Callable[[int], list[int]]
) -> None:
    device = enrol()
    _, _, cursor = read_all(device, "catalog", WINDOW_LIMIT)
    missed = published(2)

    items, pages, later = read_all(device, "catalog", WINDOW_LIMIT, cursor=cursor)

    assert (pages, [item["version"] for item in items]) == (1, [missed[-1]])
    nothing = device.feed("catalog", cursor=later, limit=WINDOW_LIMIT).json()
    assert (nothing["items"], nothing["cursor"], nothing["more"]) == ([], later, False)


def test_a_window_whose_cases_the_platform_holds_reads_every_version_in_bounded_pages(
    enrol: Callable[..., SimulatedDevice],
    store: CentralStore,
    published: Callable[[int], list[int]],
) -> None:
    """Restored from a backup, it may walk back cases taken under any version: from the
    start, it gets them all, each page within the budget or one version alone."""
    published(2)
    device = enrol()
    push_ok(device, [device.case()])
    every = [v.version for v in publishing.published_versions(store, "catalog")]

    items, pages, cursor = [], 0, None
    while True:
        page = device.feed("catalog", cursor=cursor, limit=WINDOW_LIMIT).json()
        chars = sum(document_chars(item) for item in page["items"])
        assert len(page["items"]) == 1 or chars <= feeds.PAGE_BUDGET_CHARS
        items += page["items"]
        cursor, pages = page["cursor"], pages + 1
        if not page["more"]:
            break

    assert [item["version"] for item in items] == every
    assert pages == len(every)  # each version is over half the budget: one a page
    (newer,) = published(1)
    (item,) = device.feed("catalog", cursor=cursor, limit=WINDOW_LIMIT).json()["items"]
    assert item["version"] == newer  # the read is over: what follows is the version in force


def test_the_catalog_goes_compressed_to_a_window_that_accepts_it(
    enrol: Callable[..., SimulatedDevice], published: Callable[[int], list[int]]
) -> None:
    (version,) = published(1)
    device = enrol()
    target = f"/v1/feeds/catalog?limit={WINDOW_LIMIT}"

    zipped = device.request("GET", target)
    plain = device.request("GET", target, headers={"Accept-Encoding": "identity"})

    assert zipped.headers["Content-Encoding"] == "gzip"
    assert zipped.json()["items"][0]["version"] == version
    assert zipped.content == plain.content  # the same answer once decoded
    assert "Content-Encoding" not in plain.headers
    wire = zipped.raw.tell()  # bytes read off the socket
    assert wire * 10 < len(plain.content)
    assert len(gzip.compress(plain.content)) * 2 > wire  # gzip, not something cleverer


def test_small_answers_and_refusals_go_as_they_are(
    enrol: Callable[..., SimulatedDevice],
) -> None:
    device = enrol()
    empty = device.feed("notices")
    refused = device.feed("catalog", cursor="garbage")

    assert empty.status_code == 200 and "Content-Encoding" not in empty.headers
    assert refused.status_code == 400 and "Content-Encoding" not in refused.headers
    assert refused.json()["error"]["code"] == "bad_cursor"


def test_the_progress_page_still_opens_compressed(
    enrol: Callable[..., SimulatedDevice], central: RunningCentral
) -> None:
    device = enrol()
    case, token = tracked_case(device)
    push_ok(device, [case])

    page = requests.get(f"{central.url}/track/{token}", timeout=10)

    assert page.status_code == 200, page.text
    assert page.headers["Content-Type"].startswith("text/html")
    assert page.headers["Content-Encoding"] == "gzip"
    assert case["case_no"] in page.text
