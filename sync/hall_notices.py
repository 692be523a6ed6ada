"""Publishing a hall notice from this window (``POST /v1/hall/notices``): sent at once to the
platform, which passes it to every window of the hall through the ``notices`` feed.

Offline a notice is refused, not queued: a notice is about now (a window closed, a pause at
noon), and one sent hours later, when the network came back, would mislead. The supervisor
reads why and publishes it again once the platform is reachable. The platform stores a
resent draft (same ``notice_id``) once, so an answer lost on the way never makes a duplicate.
"""

from __future__ import annotations

import uuid

from counter_app.domain.hall_notices import checked_body, checked_title
from counter_app.services.approval import SUPERVISOR_ROLES, require_role
from counter_app.services.auth import User
from counter_app.store.database import Store
from counter_app.store.hall_notices import HallNotice, hall_notice, mark_read, store_notice
from counter_app.store.timestamps import to_text
from sync.device_transport import call_platform
from sync.errors import PlatformUnreachable, SyncError
from sync.transport import Timeouts
from sync.wire.notices import Notice, NoticeDraft

NOTICES_PATH = "/v1/hall/notices"


class NoticeNotPublished(SyncError):
    """The platform could not be reached: the notice was not published (nor kept)."""

    code = "notice_not_published"


def publish_notice(
    store: Store,
    publisher: User,
    title: str,
    body: str,
    *,
    notice_id: str | None = None,
    timeouts: Timeouts | None = None,
) -> HallNotice:
    """Publish a notice to this workstation's hall as ``publisher`` (a supervisor or an
    administrator, authenticated by the caller); the notice as the platform stored it, kept
    here and read by its publisher. Audited here (and by the platform).

    Raises ``WrongRole`` for anyone else, ``ValidationError`` for an empty or too long
    title or body, ``NoticeNotPublished`` when the platform cannot be reached (or does not
    answer within ``timeouts``), and the platform's refusal as ``PlatformRefused``."""
    require_role(store.audit, publisher, SUPERVISOR_ROLES, action="notice.publish")
    draft = NoticeDraft(
        notice_id=uuid.UUID(notice_id) if notice_id else uuid.uuid4(),
        hall=store.config.hall.hall_code,
        title=checked_title(title),
        body=checked_body(body),
        published_by=publisher.username,
    )
    try:
        notice = call_platform(
            store, "POST", NOTICES_PATH, draft.model_dump(mode="json"), Notice, timeouts=timeouts
        )
    except PlatformUnreachable as exc:
        raise NoticeNotPublished(
            f"通知未发布：{exc.zh} 请在平台恢复连接后重新发布。",
            f"The notice was not published: {exc.en} Publish it again once the platform is "
            "reachable.",
        ) from exc
    stored_id, published_at = str(notice.notice_id), to_text(notice.published_at)
    with store.transaction():
        store_notice(
            store,
            stored_id,
            published_at,
            notice.title,
            notice.body,
            published_by=publisher.username,
        )
        mark_read(store, publisher.username, stored_id)
        store.audit.record(publisher.username, "notice.publish", stored_id, {"hall": notice.hall})
        return hall_notice(store, publisher.username, stored_id)  # under the store's lock
