"""Cases decided every way the counter can decide and change them, for tests about the
case document the services write (intake's four decisions, identity source and expired
document reason, and the later versions: supplied 容缺 materials, edit, withdraw, void)."""

from __future__ import annotations

from dataclasses import replace

from counter_app.domain.checklist import MaterialStatus
from counter_app.identity.provenance import IdentitySource, SourceKind
from counter_app.services import applicant_edits, case_endings, intake, later_materials
from counter_app.services.auth import User
from counter_app.store.database import Store
from tests.services.conftest import MOMENT, complete_marks, item_named, request_for

ALLOWANCE = "老年综合津贴申领"
EXPIRED = IdentitySource(
    SourceKind.CARD, reader="sim", doc_type="resident_id", valid_to="2020-03-01"
)


def decide_every_way(store: Store, clerk: User, supervisor: User) -> list[tuple[str, int]]:
    """``(case_id, data_version)`` of every document written on the way."""
    item = item_named(store, ALLOWANCE)
    marks = complete_marks(item)
    deferred_marks = list(marks)
    deferred_marks[2] = replace(marks[2], status=MaterialStatus.DEFERRED, form=None, count=0)
    plain = intake.accept(store, request_for(item, marks), clerk, now=MOMENT)
    expired = intake.accept(
        store,
        replace(
            request_for(item, marks, number=None, name="李四"),
            identity_source=EXPIRED,
            expired_id_reason="新证在办",
        ),
        clerk,
        now=MOMENT,
    )
    notified = intake.notify(store, request_for(item, [marks[0]]), clerk, now=MOMENT)
    refused = intake.refuse(
        store,
        request_for(item, []),
        clerk,
        reason="不属于本中心受理范围",
        legal_basis="《行政许可法》第三十二条",
        now=MOMENT,
    )
    deferred = intake.accept_deferred(
        store, request_for(item, deferred_marks), clerk, supervisor, now=MOMENT
    )
    written = [(r.case_id, 1) for r in (plain, expired, notified, refused, deferred)]
    written.append(
        (
            deferred.case_id,
            later_materials.complete_deferred(
                store, deferred.case_id, clerk, [marks[2]], now=MOMENT
            ),
        )
    )
    written.append(
        (
            plain.case_id,
            applicant_edits.edit_case(
                store, plain.case_id, clerk, phone="13911112222", remarks="备注", now=MOMENT
            ),
        )
    )
    written.append(
        (
            plain.case_id,
            case_endings.withdraw(
                store, plain.case_id, clerk, "申请人撤回", applicant_confirmed=True, now=MOMENT
            ),
        )
    )
    written.append(
        (
            expired.case_id,
            case_endings.void_case(
                store, expired.case_id, clerk, supervisor, "录入错误", now=MOMENT
            ),
        )
    )
    return written
