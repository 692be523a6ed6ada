"""The intake screen's store work: the catalog, the clerk's decision, what an arrival or a
pre-application fills in, the encrypted draft, a typed passport MRZ, and the applicant's
rating of the service."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from counter_app.domain.catalog import ServiceItem
from counter_app.domain.documents import document_for_state
from counter_app.identity.document import DocType, IdentityDocument
from counter_app.identity.mrz import Mrz, mrz_date
from counter_app.services import drafts, evaluations
from counter_app.services.auth import User
from counter_app.store import catalog as catalog_store
from ui.desks.signed_in import SignedInStore
from ui.facade_types import (
    BundleCase,
    BundleDecision,
    BundleDecisionResult,
    DecisionRequest,
    DecisionResult,
    ExpectedArrival,
    IntakeDraft,
    PreappIntake,
)

if TYPE_CHECKING:
    from counter_app.domain.arrivals import Arrival
    from counter_app.domain.bundles import ServiceBundle
    from counter_app.domain.checklist import SubmittedMaterial
    from counter_app.services.bundle_intake import BundleRequest, MemberOutcome
    from counter_app.services.intake import IntakeResult
    from counter_app.services.offline_policy import OverLimitApproval
    from counter_app.store.earlier_cases import EarlierCases

RECENT_ITEMS = 8


class IntakeDesk(SignedInStore):
    """From the item the clerk picks to the decision, its draft kept on the way."""

    # -- decisions ---------------------------------------------------------------------
    def earlier_cases(self, id_number: str, name: str, item_code: str) -> EarlierCases:
        """The applicant's earlier cases of the item and other names on file, for the intake
        screen to tell the clerk before deciding (today: the hall's)."""
        from counter_app.domain.hall_time import hall_today
        from counter_app.store.earlier_cases import earlier_cases

        return earlier_cases(
            self.store, id_number=id_number, name=name, item_code=item_code, today=hall_today()
        )

    def decide(self, clerk: User, request: DecisionRequest) -> DecisionResult:
        """Record the clerk's decision through the intake service (idempotent by request id);
        ``CatalogChanged`` when it was taken on another catalog version than the one in force."""
        from counter_app.services import intake
        from counter_app.services.intake_request import IntakeRequest

        clerk = self.accounts.in_force(clerk)
        intake_request = IntakeRequest(
            service_item=request.item_code,
            situation=request.situation_code,
            request_id=request.request_id,
            applicant=request.applicant,
            materials=request.materials,
            identity_source=request.identity_source,
            agent=request.agent,
            agent_identity_source=request.agent_identity_source,
            expired_id_reason=request.expired_id_reason,
            delivery=request.delivery,
            document_language=request.document_language,
            eligibility_reason=request.eligibility_reason,
            card_read_at=request.card_read_at,
            preapp_id=request.preapp_id,
            licences=request.licences,
            elicence_consent_code=request.elicence_consent_code,
            catalog_version=request.catalog_version,
        )
        over_limit = _over_limit(request.over_limit_approver, request.over_limit_reason)
        if request.decision == "accept":
            result = intake.accept(self.store, intake_request, clerk, over_limit=over_limit)
        elif request.decision == "defer":
            if request.supervisor is None:
                raise ValueError("a deferred acceptance needs the approving supervisor")
            result = intake.accept_deferred(
                self.store, intake_request, clerk, request.supervisor, over_limit=over_limit
            )
        elif request.decision == "notify":
            result = intake.notify(self.store, intake_request, clerk, over_limit=over_limit)
        else:
            if request.refusal is None:
                raise ValueError("a refusal needs its reason and legal basis")
            result = intake.refuse(
                self.store,
                intake_request,
                clerk,
                reason=request.refusal.reason,
                legal_basis=request.refusal.legal_basis,
                redirect_to=request.refusal.redirect_to,
                over_limit=over_limit,
            )
        return _decision_result(result)

    def plan_bundle(
        self, request: BundleRequest, *, with_supervisor: bool
    ) -> tuple[MemberOutcome, ...]:
        """What a 一件事 decision would give each member taken (``with_supervisor``: a
        supervisor approving 容缺), for the intake screen's preview and its confirmation;
        ``IntakeRejected`` for input no decision could take."""
        from counter_app.services.bundle_intake import plan_bundle

        return plan_bundle(self.store, request, with_supervisor=with_supervisor)

    def decide_bundle(self, clerk: User, decision: BundleDecision) -> BundleDecisionResult:
        """Record a 一件事 decision: one case per member taken, all or none (idempotent by
        the request's id)."""
        from counter_app.services.bundle_intake import decide_bundle

        clerk = self.accounts.in_force(clerk)
        result = decide_bundle(
            self.store,
            decision.request,
            clerk,
            supervisor=decision.supervisor,
            over_limit=_over_limit(decision.over_limit_approver, decision.over_limit_reason),
        )
        bundle = catalog_store.get_bundle(self.store, result.code, decision.request.catalog_version)
        taken = decision.request.items
        items = [m.item for m in bundle.members if not taken or m.item in taken]
        return BundleDecisionResult(
            bundle_id=result.bundle_id,
            name=result.name,
            cases=tuple(
                BundleCase(item, _decision_result(case))
                for item, case in zip(items, result.cases, strict=True)
            ),
        )

    # -- catalog -----------------------------------------------------------------------
    def catalog_items(self) -> list[ServiceItem]:
        return catalog_store.list_items(self.store)

    def catalog_bundles(self) -> list[ServiceBundle]:
        """The 一件事 bundles of the catalog version in force."""
        return catalog_store.list_bundles(self.store)

    def catalog_version(self) -> int | None:
        """The catalog version in force (None before one is loaded); the sync process loads
        newer ones during the day."""
        return catalog_store.current_catalog_version(self.store)

    def recent_items(self, username: str | None) -> list[ServiceItem]:
        """The clerk's most recently used items, newest first."""
        return catalog_store.recent_items(self.store, username or "", RECENT_ITEMS)

    def expected_arrivals(self, id_number: str) -> list[ExpectedArrival]:
        """The applicant's appointments of today and pre-applications still open, from the
        arrivals cache (offline too)."""
        from counter_app.services.arrivals import expected, withdrawn_arrivals

        arrivals = expected(self.store, id_number)
        withdrawn = withdrawn_arrivals(self.store, arrivals)
        found = []
        for arrival in arrivals:
            zh, en = arrival.headline()
            fills = arrival.kind == "preapp" and arrival.review == "passed"
            appointment = arrival.kind == "appointment"
            found.append(
                ExpectedArrival(
                    arrival.arrival_id, zh, en, fills, appointment, arrival.arrival_id in withdrawn
                )
            )
        return found

    def preapp_intake(self, preapp_id: str) -> PreappIntake:
        """What the intake form takes from a cached pre-application. Its situation goes
        to the form even when the catalog dropped it since: the form then leaves the
        situation to the clerk, and the marks wait for that choice (``_online_marks``)."""
        from counter_app.services.arrivals import open_preapp

        preapp = open_preapp(self.store, preapp_id)
        entries = [
            {
                "code": mark.code,
                "status": mark.status.value,
                "form": mark.form.value if mark.form else None,
                "count": mark.count,
                "note": mark.note,
            }
            for mark in self._online_marks(preapp)
        ]
        return PreappIntake(preapp_id, preapp.item_code, preapp.situation, entries)

    def _online_marks(self, preapp: Arrival) -> list[SubmittedMaterial]:
        """The files the applicant submitted online, as marks of the pre-application's
        situation; when the catalog dropped it, the marks that hold in whichever situation
        the clerk chooses: of a material every situation listing it takes as the same
        electronic copy (one that some situation wants on paper, or counts otherwise,
        is left for the clerk to mark)."""
        from counter_app.services.arrivals import electronic_marks, preapp_item

        item = preapp_item(self.store, preapp)
        if item.situation(preapp.situation) is not None:
            return electronic_marks(self.store, preapp)
        marks: dict[str, SubmittedMaterial] = {}
        differing: set[str] = set()
        submitted = {file.code for file in preapp.materials}
        for situation in item.situations:
            given = {m.code: m for m in electronic_marks(self.store, preapp, situation.code)}
            for material in situation.materials:
                if material.code not in submitted:
                    continue
                mark = given.get(material.code)
                if mark is None or marks.setdefault(material.code, mark) != mark:
                    differing.add(material.code)
        return [mark for code, mark in marks.items() if code not in differing]

    # -- drafts (encrypted: a draft may hold an ID number) -----------------------------
    def save_draft(self, username: str, content: IntakeDraft) -> None:
        drafts.save_draft(self.store, username, content)

    def load_draft(self, username: str) -> IntakeDraft | None:
        # The JSON the intake screen saved (``IntakeScreen.draft``); restoring it reads every
        # key with a default, as a draft from an earlier version may lack one.
        return cast("IntakeDraft | None", drafts.load_draft(self.store, username))

    def discard_draft(self, username: str) -> None:
        drafts.discard_draft(self.store, username)

    # -- identity ----------------------------------------------------------------------
    @staticmethod
    def identity_from_mrz(mrz: Mrz) -> IdentityDocument:
        """A typed passport MRZ as the identity document the intake panel shows."""
        name = f"{mrz.surname} {mrz.given_names}".strip()
        return IdentityDocument(
            doc_type=DocType.PASSPORT,
            name=name,
            english_name=name,
            id_number=mrz.document_number.replace("<", ""),
            sex={"M": "男", "F": "女"}.get(mrz.sex, ""),
            nationality=mrz.nationality,
            birth_date=mrz_date(mrz.birth_date, field="birth_date", expiry=False),
            valid_to=mrz_date(mrz.expiry_date, field="expiry_date", expiry=True),
        )

    def unprintable_characters(self, texts: list[str]) -> list[str]:
        """The characters of ``texts`` (the applicant's name, address) no printing font can
        draw: issuing a document that prints them is refused, so the intake screen warns as
        soon as they are entered. ``FontsMissing`` when the printing fonts are not installed."""
        from printing.service import fonts_for

        return fonts_for(self.config).missing("\n".join(texts))

    # -- evaluations (好差评) ------------------------------------------------------------
    def record_evaluation(
        self, username: str, case_id: str, level: int | None, reason_code: str | None, reason: str
    ) -> None:
        """``level`` None: the applicant declined to rate."""
        self.signed_in()  # the clerk's account still in force
        evaluations.record_evaluation(
            self.store, case_id, level, reason_code=reason_code, reason=reason, actor=username
        )


def _over_limit(approver: User | None, reason: str) -> OverLimitApproval | None:
    """A supervisor's approval of a decision past the offline policy's limit, if one was given."""
    from counter_app.services.offline_policy import OverLimitApproval

    return OverLimitApproval(approver, reason) if approver is not None else None


def _decision_result(result: IntakeResult) -> DecisionResult:
    return DecisionResult(
        case_id=result.case_id,
        case_no=result.case_no,
        state=str(result.state),
        created=result.created,
        promised_date=result.promised_date,
        document=document_for_state(result.state),
    )
