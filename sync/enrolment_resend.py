"""A window enrolled again for the same hall sends every case version the platform had
acknowledged again (:func:`sync.enrolment.record_enrolment`): it is enrolled again mostly
because the platform no longer knows it (restored from a backup older than its enrolment),
so no platform epoch is there to tell of the restore, and its cases would stay 已上传 while
the platform has none. What the platform still holds answers ``duplicate``."""

from __future__ import annotations

from sqlite_utils import Database

from counter_app.store.database import Store
from counter_app.store.sync_writes import PLATFORM_RESTORED_ACTION, requeue_acknowledged
from counter_app.store.timestamps import now_text
from sync.credential import DeviceIdentity
from sync.push import ACTOR


def resend_at_enrolment(db: Database, store: Store, identity: DeviceIdentity) -> int:
    """Put every acknowledged version back in the outbox in the enrolment's transaction
    ``db``, audited as a restore seen (its epoch names the enrolment); how many."""
    return requeue_acknowledged(
        db, store.audit, epoch=_requeue_epoch(identity), actor=ACTOR, at=now_text()
    )


def requeued_at_enrolment(store: Store, identity: DeviceIdentity) -> int:
    """How many acknowledged versions ``identity``'s enrolment put back in the outbox
    (:func:`resend_at_enrolment`; 0: none), from its audit entry."""
    row = store.db.execute(
        "SELECT json_extract(detail, '$.requeued') FROM audit_log"
        " WHERE action = ? AND json_extract(detail, '$.epoch') = ? ORDER BY seq DESC LIMIT 1",
        (PLATFORM_RESTORED_ACTION, _requeue_epoch(identity)),
    ).fetchone()
    return 0 if row is None else int(row[0])


def _requeue_epoch(identity: DeviceIdentity) -> str:
    """What the audit entry of an enrolment's re-sending names in place of a platform epoch."""
    return f"enrolment {identity.device_id}"
