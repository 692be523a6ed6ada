"""The platform's newest catalog or calendar version this window could not load, kept in the
store's meta until a version at least as new loads: the feed moves on past it (one bad
document must not stop every later update), so without this the window would go on with an
older version unnoticed. ``sync --once``, ``sync status`` and ``doctor`` tell it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from counter_app.errors import CounterError
from counter_app.store.calendar import current_calendar_version
from counter_app.store.catalog import current_catalog_version
from counter_app.store.database import Store
from counter_app.store.timestamps import now_text
from sync.review_refusals import refused_reviews

# Supervisors' reviews the platform refused for good, told with the documents.
REFUSED_REVIEWS = "reviews"
# The documents' names in words (Chinese, English), by feed.
DOCUMENT_NAMES = {
    "catalog": ("事项目录", "service catalog"),
    "calendar": ("工作日历", "working-day calendar"),
}


@dataclass(frozen=True)
class RefusedDocument:
    """A published version of ``feed`` (``catalog`` or ``calendar``) this window refused,
    why, when, and the version it still uses (None: none at all)."""

    feed: str
    version: int
    reason_zh: str
    reason_en: str
    at: str
    in_use: int | None

    def words(self) -> tuple[str, str]:
        """What it means for the window and who can mend it (zh, en)."""
        if self.feed == REFUSED_REVIEWS:  # the reasons say it all (``sync.review_refusals``)
            return self.reason_zh, self.reason_en
        zh_name, en_name = DOCUMENT_NAMES[self.feed]
        reason_zh, reason_en = self.reason_zh.rstrip("。"), self.reason_en.rstrip(".")
        if self.in_use is None:
            using_zh, using_en = f"本机尚无可用的{zh_name}", f"this window has no {en_name} yet"
        else:
            using_zh, using_en = f"仍使用第 {self.in_use} 版", f"still using version {self.in_use}"
        return (
            f"平台的{zh_name}第 {self.version} 版无法载入：{reason_zh}，{using_zh}；请联系平台运维。",
            f"The platform's {en_name} version {self.version} could not be loaded: "
            f"{reason_en}; {using_en}. Contact the platform's operators.",
        )


def _key(feed: str) -> str:
    return f"sync.{feed}_refused"


def _in_use(store: Store, feed: str) -> int | None:
    if feed == "catalog":
        return current_catalog_version(store)
    return current_calendar_version(store) or None


def _kept(store: Store, feed: str) -> dict[str, Any] | None:
    """The refusal of ``feed`` as the store's meta keeps it (version, reasons, when); None
    when none is kept."""
    kept = store.meta(_key(feed))
    return None if kept is None else dict(json.loads(kept))


def record_refusal(store: Store, feed: str, version: int, exc: CounterError) -> None:
    """Keep that ``version`` of ``feed`` was refused for ``exc``, when it is not older than
    the version in use nor than a refusal already kept (an older one refused changes nothing
    the window uses). The version in use itself refused is kept: the platform now holds
    other content under its number (re-published after a restore), so what the window's
    cases were taken on and what the platform judges them by differ."""
    in_use = _in_use(store, feed)
    held = _kept(store, feed)
    if (in_use is not None and version < in_use) or (
        held is not None and int(held["version"]) > version
    ):
        return
    kept = {"version": version, "reason_zh": exc.zh, "reason_en": exc.en, "at": now_text()}
    store.set_meta(_key(feed), json.dumps(kept, ensure_ascii=False))


def clear_refusal(store: Store, feed: str, loaded: int) -> None:
    """``loaded`` of ``feed`` is in: a refusal of a version not newer is over."""
    held = _kept(store, feed)
    if held is not None and int(held["version"]) <= loaded:
        store.delete_meta(_key(feed))


def refused_document(store: Store, feed: str) -> RefusedDocument | None:
    """The refusal of ``feed`` kept, with the version in use now; None when none stands."""
    held = _kept(store, feed)
    if held is None:
        return None
    return RefusedDocument(
        feed,
        int(held["version"]),
        str(held["reason_zh"]),
        str(held["reason_en"]),
        str(held["at"]),
        _in_use(store, feed),
    )


def refused_documents(store: Store) -> tuple[RefusedDocument, ...]:
    """Every refusal that stands, the catalog's first."""
    found = (refused_document(store, feed) for feed in DOCUMENT_NAMES)
    kept = tuple(refusal for refusal in found if refusal is not None)
    reviews = refused_reviews(store)
    if reviews is None:
        return kept
    return (
        *kept,
        RefusedDocument(REFUSED_REVIEWS, reviews.count, reviews.zh, reviews.en, reviews.at, None),
    )
