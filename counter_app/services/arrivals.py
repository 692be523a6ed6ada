"""The online channel at the window, from the arrivals cache (works offline): the day's
appointments and pre-applications, what the hall holds for one person, and the intake a
pre-application fills in (item, situation, applicant, the materials submitted online).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from counter_app.config import Config
from counter_app.domain.arrivals import APPOINTMENT, PREAPP, SUBMITTED_ELECTRONICALLY, Arrival
from counter_app.domain.case_states import CaseState
from counter_app.domain.catalog import MaterialForm, ServiceItem
from counter_app.domain.checklist import MaterialStatus, SubmittedMaterial
from counter_app.domain.hall_time import hall_today
from counter_app.errors import NotFound, ValidationError
from counter_app.services import intake
from counter_app.services.auth import User
from counter_app.services.case_import import import_result
from counter_app.services.deferrals import OpenDeferral, open_deferrals
from counter_app.services.delivery import ReadyResult, ready_results
from counter_app.services.intake_request import ApplicantInput, IntakeRequest
from counter_app.services.offline_policy import OverLimitApproval
from counter_app.store import cases as case_rows
from counter_app.store.arrivals import arrivals_of, arrivals_on, cached_arrival, consumption_of
from counter_app.store.catalog import current_catalog_version, get_item, list_items
from counter_app.store.database import Store

REVIEW_PASSED = "passed"  # a pre-application's pre-review (网上预审) that found nothing
# A pre-application's cases come from it: the same pre-application taken twice (a retry
# after a crash) finds the first case instead of making a second.
_PREAPP_NAMESPACE = uuid.UUID("0b7f4a52-5d0e-4c43-9f43-1f2f3e4d5c6b")


@dataclass(frozen=True)
class PersonAtHall:
    """What the hall holds for one person (``counter-app lookup``)."""

    cases: list[case_rows.CaseRecord]  # every case of theirs looked through, newest first
    appointments: list[Arrival]
    preapps: list[Arrival]
    notices: list[case_rows.CaseRecord]  # cases waiting after a one-time notice (一次性告知)
    deferrals: list[OpenDeferral]
    results_ready: list[ReadyResult]


def downloaded_days(config: Config, today: date) -> tuple[date, date]:
    """The days whose appointments the sync downloads: today and the next
    ``sync.arrival_days`` − 1 (a later day's are on the platform only). A pre-application
    valid on one of them comes too, and that is every open one of the hall: it has no day
    of arrival, its applicant may come on any day up to its last, and the window must know
    it at the card read and take it offline (``expected``, ``case_from_preapp``), so no
    horizon can leave one out. The cache forgets it once its case is reported, when the
    platform closes it, or after its last day (``counter_app.store.arrivals``)."""
    return today, today + timedelta(days=config.sync.arrival_days - 1)


def arrivals_of_day(store: Store, day: date) -> tuple[list[Arrival], list[Arrival]]:
    """The day's appointments (by slot) and the pre-applications valid that day."""
    found = arrivals_on(store, day)
    return (
        [a for a in found if a.kind == APPOINTMENT],
        [a for a in found if a.kind == PREAPP],
    )


def expected(store: Store, id_number: str, now: datetime | None = None) -> list[Arrival]:
    """What a card read shows at once: the person's appointments of today still booked and
    their pre-applications still to be accepted."""
    today = hall_today(now)
    return [
        a
        for a in arrivals_of(store, id_number, today)
        if a.is_open and (a.kind == PREAPP or a.first_day == today)
    ]


def person_at_hall(store: Store, id_number: str, today: date) -> PersonAtHall:
    found = arrivals_of(store, id_number, today)
    cases = {r.case_id: r for r in case_rows.find_by_id_number(store, id_number, limit=1000)}
    return PersonAtHall(
        cases=list(cases.values()),
        appointments=[a for a in found if a.kind == APPOINTMENT],
        preapps=[a for a in found if a.kind == PREAPP],
        notices=[r for r in cases.values() if r.state == CaseState.NOTIFIED.value],
        deferrals=[d for d in open_deferrals(store, today=today) if d.case_id in cases],
        results_ready=[r for r in ready_results(store) if r.case_id in cases],
    )


class PreappItemWithdrawn(NotFound):
    """The pre-application's item is not in the catalog in force: withdrawn (停办) since it
    was submitted."""

    code = "item_withdrawn"


def withdrawn_arrivals(store: Store, arrivals: Sequence[Arrival]) -> set[str]:
    """The ids of ``arrivals`` (appointments booked, pre-applications submitted before a
    停办) whose item the catalog in force no longer holds; none before a catalog is loaded."""
    in_force = {item.code for item in list_items(store)}
    if not in_force:
        return set()
    return {a.arrival_id for a in arrivals if a.item_code not in in_force}


def situation_withdrawn_arrivals(store: Store, arrivals: Sequence[Arrival]) -> set[str]:
    """The ids of the pre-applications among ``arrivals`` whose item the catalog in force
    still holds but not their situation (情形, dropped or recoded since they were
    submitted): taken with another situation the clerk chooses (``case from-preapp
    --situation``)."""
    items = {item.code: item for item in list_items(store)}
    return {
        a.arrival_id
        for a in arrivals
        if a.kind == PREAPP
        and a.item_code in items
        and items[a.item_code].situation(a.situation) is None
    }


def preapp_item(store: Store, preapp: Arrival) -> ServiceItem:
    """The pre-application's item in the catalog in force; ``PreappItemWithdrawn`` saying
    what the clerk does instead when the catalog withdrew it (before any catalog is loaded,
    ``get_item``'s ``NotFound`` asking for a sync)."""
    try:
        return get_item(store, preapp.item_code)
    except NotFound:
        version = current_catalog_version(store)
        if version is None:
            raise
    raise PreappItemWithdrawn(
        f"网上申报 {preapp.arrival_id} 申请的事项“{preapp.item_name}”已在现行事项目录（第{version}版）"
        "中停办，不能按网上申报受理。请告知申请人该事项已停办；如需办理其他事项，请按正常受理"
        "流程另选事项受理（网上申报的信息可供抄录）；该网上申报仍在平台上，由平台按规则办结，"
        "本窗口无需处理。",
        f"The item '{preapp.item_name}' of pre-application {preapp.arrival_id} is withdrawn in "
        f"the catalog in force (version {version}): it cannot be accepted from the "
        "pre-application. Tell the applicant the item is withdrawn; for another item, take "
        "the case by normal intake (the pre-application's data may be copied); the "
        "pre-application stays open on the platform, which closes it by its own rules.",
        field="service_item",
    )


def withdrawn_preapp(store: Store, preapp_id: str) -> Arrival | None:
    """The cached pre-application ``preapp_id`` when the catalog in force withdrew its item
    (its data is what the clerk copies into a normal intake), else None."""
    held = cached_arrival(store, preapp_id)
    if held is None or held.kind != PREAPP or not withdrawn_arrivals(store, [held]):
        return None
    return held


def open_preapp(store: Store, preapp_id: str) -> Arrival:
    """A cached pre-application; ``NotFound`` when the window holds none by that id, or a
    ``ValidationError`` naming the case this window accepted from it when the cache forgot
    it for that (``purge_past_arrivals``)."""
    found = cached_arrival(store, preapp_id)
    taken = consumption_of(store, preapp_id) if found is None else None
    if taken is not None:
        raise ValidationError(
            f"网上申报 {preapp_id} 已在本窗口受理为办件 {taken.case_no}，不能再次使用。",
            f"Pre-application {preapp_id} was already accepted at this window as case "
            f"{taken.case_no}.",
            field="preapp_id",
        )
    if found is None or found.kind != PREAPP:
        raise NotFound(
            f"本窗口没有网上申报 {preapp_id}（可能已过期、属于其他大厅或尚未同步）。",
            f"This window holds no pre-application {preapp_id} (it may have expired, belong "
            "to another hall, or not be synced yet).",
            field="preapp_id",
        )
    return found


def electronic_marks(
    store: Store, preapp: Arrival, situation_code: str | None = None
) -> list[SubmittedMaterial]:
    """The materials the applicant submitted online, marked received as electronic copies
    where the situation (``situation_code``, default the pre-application's) takes one (the
    note names the file's SHA-256); a material that must be handed in on paper, or that
    the situation does not ask for, stays for the clerk to mark."""
    situation = preapp_item(store, preapp).situation(situation_code or preapp.situation)
    marks = []
    for submitted in preapp.materials:
        requirement = situation.material(submitted.code) if situation else None
        if requirement is None or MaterialForm.ELECTRONIC not in requirement.forms:
            continue
        marks.append(
            SubmittedMaterial(
                submitted.code,
                MaterialStatus.RECEIVED,
                MaterialForm.ELECTRONIC,
                requirement.count,
                note=f"{SUBMITTED_ELECTRONICALLY[0]}（{submitted.file_name}，"
                f"SHA-256 {submitted.sha256[:16]}…）",
            )
        )
    return marks


def preapp_request(
    store: Store,
    preapp: Arrival,
    *,
    received: Sequence[str] = (),
    applicant: ApplicantInput | None = None,
    situation_code: str | None = None,
) -> IntakeRequest:
    """The intake a pre-application fills in: its item, situation (or ``situation_code``,
    the clerk's choice) and applicant (or the card just read), the materials submitted
    online, and ``received`` (codes) brought now in the first form the catalog takes."""
    chosen = situation_code or preapp.situation
    marks = {m.code: m for m in electronic_marks(store, preapp, chosen)}
    situation = preapp_item(store, preapp).situation(chosen)
    for code in received:
        requirement = situation.material(code) if situation else None
        marks[code] = (
            SubmittedMaterial(
                code, MaterialStatus.RECEIVED, requirement.forms[0], requirement.count
            )
            if requirement
            else SubmittedMaterial(code, MaterialStatus.RECEIVED)  # intake names the bad code
        )
    return IntakeRequest(
        service_item=preapp.item_code,
        applicant=applicant
        or ApplicantInput(preapp.name, preapp.id_type, preapp.id_number, doc_kind=preapp.doc_kind),
        materials=list(marks.values()),
        situation=chosen,
        request_id=str(uuid.uuid5(_PREAPP_NAMESPACE, preapp.arrival_id)),
        preapp_id=preapp.arrival_id,
    )


class PreappReviewNotPassed(ValidationError):
    """A pre-application whose online pre-review failed (or never ran), taken without the
    clerk's confirmation that the applicant's case is to be accepted from it all the same."""

    code = "preapp_review_not_passed"


def _review_not_passed(preapp: Arrival) -> PreappReviewNotPassed:
    """Why ``preapp`` needs the clerk's confirmation (``--despite-review``): what the
    pre-review said, or that there was none."""
    if preapp.review is None:
        zh_why, en_why = "尚未经过网上预审", "has not been pre-reviewed online"
    else:
        note_zh = preapp.review_note or "平台未写明原因"
        note_en = preapp.review_note or "the platform gave no reason"
        zh_why, en_why = f"网上预审未通过（{note_zh}）", f"failed its online pre-review ({note_en})"
    return PreappReviewNotPassed(
        f"网上申报 {preapp.arrival_id}（{preapp.item_name}）{zh_why}。请与申请人核对预审所指的"
        "问题；核对后确要按该申报受理，请加 --despite-review 再受理。",
        f"Pre-application {preapp.arrival_id} ({preapp.item_name}) {en_why}. Check the "
        "points the review raised with the applicant; to accept the case from it all the "
        "same, add --despite-review.",
        field="preapp_id",
    )


class PreappSituationWithdrawn(ValidationError):
    """The pre-application's situation is not in its item in the catalog in force, and the
    clerk chose none instead (``--situation``)."""

    code = "situation_withdrawn"


def _situation_withdrawn(item: ServiceItem, preapp: Arrival) -> PreappSituationWithdrawn:
    """What the clerk does when the catalog dropped the pre-application's situation: choose
    one of the item's situations now in force with the applicant."""
    offered_zh = "；".join(f"{s.code} {s.name}" for s in item.situations)
    offered_en = "; ".join(f"{s.code} {s.name}" for s in item.situations)
    return PreappSituationWithdrawn(
        f"网上申报 {preapp.arrival_id} 申请的情形“{preapp.situation}”已不在现行事项目录的"
        f"“{item.name}”中。请与申请人核对后选择现行情形，加 --situation 情形编码 再受理"
        f"（现行情形：{offered_zh}）；网上提交的材料在所选情形中仍需要的，照常计为已电子提交。",
        f"The situation '{preapp.situation}' of pre-application {preapp.arrival_id} is no "
        f"longer in the item '{item.name}' of the catalog in force. Choose a situation in "
        f"force with the applicant and accept with --situation CODE (in force: {offered_en}); "
        "the files submitted online still count where the chosen situation asks for them.",
        field="situation",
    )


def case_from_preapp(
    store: Store,
    clerk: User,
    preapp_id: str,
    *,
    received: Sequence[str] = (),
    situation: str | None = None,
    despite_review: bool = False,
    over_limit: OverLimitApproval | None = None,
    now: datetime | None = None,
) -> dict[str, Any]:
    """Accept a case from a cached pre-application (``counter-app case from-preapp``); the
    result as ``counter-app import`` reports a line's (line 1), an unknown id included.
    ``situation``: the situation code the clerk chose instead of the pre-application's
    (needed when the catalog in force dropped that one: ``PreappSituationWithdrawn``;
    intake checks it against the item in force). One whose pre-review did not pass is
    refused (``PreappReviewNotPassed``) unless ``despite_review``: the clerk confirmed it,
    recorded in the audit log with the case. ``over_limit``: a supervisor's approval past
    a paused intake (``intake.accept``)."""

    def accept() -> intake.IntakeResult:
        preapp = open_preapp(store, preapp_id)
        item = preapp_item(store, preapp)
        if situation is None and item.situation(preapp.situation) is None:
            raise _situation_withdrawn(item, preapp)
        request = preapp_request(store, preapp, received=received, situation_code=situation)
        if preapp.review == REVIEW_PASSED:
            return intake.accept(store, request, clerk, over_limit=over_limit, now=now)
        if not despite_review:
            raise _review_not_passed(preapp)
        with store.transaction():
            result = intake.accept(store, request, clerk, over_limit=over_limit, now=now)
            if result.created:
                # The pre-application's: the case's own acceptance entry is intake's.
                store.audit.record(
                    clerk.username,
                    "preapp.accepted_despite_review",
                    preapp.arrival_id,
                    {"case_id": result.case_id, "case_no": result.case_no, "review": preapp.review},
                )
        return result

    return import_result(1, accept)
