"""A case stored through the window's own core (``ui.core_facade.Workstation``), as the
intake screen's decision would store it, for tests that need one without the intake steps."""

from __future__ import annotations

import uuid

from counter_app.domain.checklist import MaterialStatus, SubmittedMaterial
from counter_app.domain.idnumber import check_character
from counter_app.identity.provenance import IdentitySource, SourceKind
from counter_app.services.intake_request import ApplicantInput
from ui.core_facade import Workstation
from ui.facade_types import Decision, DecisionRequest, DecisionResult

ALLOWANCE = "老年综合津贴申领"  # every required material received is enough to accept


def accept_case(ws: Workstation, clerk: str) -> DecisionResult:
    """Accept an 老年综合津贴 case made by the account ``clerk``; the decision's result."""
    return decide_case(ws, clerk, "accept")


def decide_case(
    ws: Workstation, clerk: str, decision: Decision, *, received: int | None = None
) -> DecisionResult:
    """An 老年综合津贴 case decided ``decision`` by the account ``clerk``, with the first
    ``received`` of its required materials (default: all) received."""
    item = next(i for i in ws.catalog_items() if i.name == ALLOWANCE)
    required = [m for m in item.default_situation.materials if m.required]
    first17 = "31010419500101123"
    return ws.decide(
        ws.accounts.get(clerk),
        DecisionRequest(
            request_id=str(uuid.uuid4()),
            decision=decision,
            applicant=ApplicantInput(
                name="王建国", id_type="111", id_number=first17 + check_character(first17)
            ),
            identity_source=IdentitySource(SourceKind.MANUAL),
            item_code=item.code,
            situation_code=None,
            materials=tuple(
                SubmittedMaterial(
                    code=m.code, status=MaterialStatus.RECEIVED, form=m.forms[0], count=m.count
                )
                for m in required[:received]
            ),
        ),
    )
