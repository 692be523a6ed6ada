"""Cases of every kind the retention period tells apart, taken on 2026-09-24 (``MOMENT``)
through the real services and answered by the platform through sync's own writer; the
purge runs at ``LATER`` (past a year after them) or ``SOON`` (within it)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from counter_app.services import case_endings, intake, payments
from counter_app.services.auth import User
from counter_app.store.database import Store
from tests.services.conftest import MOMENT, complete_marks, item_named, request_for, resident_number
from tests.services.end_of_day_cases import answer

ALLOWANCE = "老年综合津贴申领"
CARD_REPLACEMENT = "上海市居住证卡补领、换领"  # a fee of 20 yuan
LATER = datetime(2028, 1, 1, 2, 0, tzinfo=UTC)  # 2028-01-01 in the hall
SOON = datetime(2027, 6, 1, 2, 0, tzinfo=UTC)
# The name of the case that is purged: its bytes must leave the files.
PURGED_NAME = "欧阳𠮷祥"
PURGED_NUMBER = resident_number("31010419720305123")


@dataclass(frozen=True)
class Kinds:
    """A case id of each kind."""

    refused_synced: str  # finished, held by the platform, owes nothing: purged
    notified_synced: str  # a notice never answered: purged after the period too
    accepted_synced: str  # still going at the department: kept
    refused_unsynced: str  # the platform does not have it yet: kept
    refund_owed: str  # paid, withdrawn, not paid back: kept


def refused(store: Store, clerk: User, *, name: str = "张𠮷", number: str | None = None) -> str:
    item = item_named(store, ALLOWANCE)
    return intake.refuse(
        store,
        request_for(item, [], name=name, number=number),
        clerk,
        reason="不属于本中心受理范围",
        legal_basis="《行政许可法》第三十二条",
        now=MOMENT,
    ).case_id


def every_kind(store: Store, clerk: User) -> Kinds:
    allowance = item_named(store, ALLOWANCE)
    refused_synced = refused(store, clerk, name=PURGED_NAME, number=PURGED_NUMBER)
    notified = intake.notify(
        store, request_for(allowance, complete_marks(allowance)[:1]), clerk, now=MOMENT
    ).case_id
    accepted = intake.accept(
        store, request_for(allowance, complete_marks(allowance)), clerk, now=MOMENT
    ).case_id
    card = item_named(store, CARD_REPLACEMENT)
    owed = intake.accept(store, request_for(card, complete_marks(card)), clerk, now=MOMENT).case_id
    payments.pay_at_window(store, owed, clerk, "POS-000123", now=MOMENT)
    case_endings.withdraw(
        store, owed, clerk, "申请人不再需要办理", applicant_confirmed=True, now=MOMENT
    )
    for case_id in (refused_synced, notified, accepted, owed):
        answer(store, case_id, "stored")
    return Kinds(refused_synced, notified, accepted, refused(store, clerk), owed)
