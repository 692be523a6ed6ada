"""A 一件事 line of ``counter-app import``: ``{"bundle": CODE, "applicant": {…}, "items":
[ITEM…], "situations": {ITEM: SITUATION}, "materials": {ROW NAME: {"status", "form",
"count", …}}}`` decided through ``bundle_intake`` (one case per member taken, all or none).

The applicant, ``agent``, ``delivery``, ``document_language``, ``eligibility_reason`` and ``request_id``
mean and are checked as on an ordinary line (``case_import``), and a line without its own
``request_id`` gets one from its canonical JSON, so importing the file again (reformatted
too) finds the cases made; so does a line imported when its bytes named it.
That request id is then made the window's own (its device id in it): the same line imported
on two windows makes two bundles, never one bundle spanning both. A line this window imported
before its request ids carried the device replays the bundle it made then.
"""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import datetime
from typing import Any

from counter_app.domain.case_states import CaseState
from counter_app.domain.hall_time import hall_today
from counter_app.errors import CounterError, ValidationError
from counter_app.identity.provenance import IdentitySource, SourceKind
from counter_app.services.auth import User
from counter_app.services.bundle_intake import (
    BundleRequest,
    BundleResult,
    bundle_id_of,
    decide_bundle,
)
from counter_app.services.case_import import (
    MATERIAL_KEYS,
    bytes_request_id,
    check_line,
    error_result,
    import_line,
    import_result,
    line_document,
    parse_document,
    unknown_keys,
)
from counter_app.services.intake import IntakeResult, request_uuid
from counter_app.services.intake_checks import IntakeRejected
from counter_app.services.offline_policy import OverLimitApproval
from counter_app.store.cases import bundle_cases
from counter_app.store.database import Store
from counter_app.store.earlier_cases import earlier_cases_of_each

_ACCEPTED = frozenset({CaseState.ACCEPTED, CaseState.ACCEPTED_DEFERRED})
# What a line shares with an ordinary one, checked by the same parser.
_ORDINARY_KEYS = (
    "applicant",
    "agent",
    "delivery",
    "document_language",
    "eligibility_reason",
    "request_id",
)
_BUNDLE_KEYS = ("bundle", "items", "situations", "materials", *_ORDINARY_KEYS)
_ROW_KEYS = tuple(key for key in MATERIAL_KEYS if key != "code")  # a row's name is its code


def import_file_line(
    store: Store,
    actor: User,
    line_no: int,
    raw: bytes,
    *,
    over_limit: OverLimitApproval | None = None,
    now: datetime | None = None,
    check: bool = False,
) -> dict[str, Any]:
    """One line of an import file, read once: a 一件事 line (it names a ``bundle``) through
    ``import_bundle_line``, any other through ``case_import.import_line``; ``check``: only
    what it would give, nothing kept (``case_import.check_line``)."""
    try:
        document = line_document(raw)
    except IntakeRejected as bad:
        return error_result(line_no, bad.problems)
    importer = import_bundle_line if "bundle" in document else import_line

    def run() -> dict[str, Any]:
        return importer(store, actor, line_no, raw, document, over_limit=over_limit, now=now)

    return check_line(store, run) if check else run()


def parse_bundle_line(raw: bytes, document: dict[str, Any]) -> BundleRequest:
    """The bundle request of a line (``raw``, parsed as ``document``), its request id the
    line's own or one from its bytes (``_on_window`` makes it the window's); ``IntakeRejected``
    listing every shape problem found."""
    problems: list[CounterError] = []
    unknown_keys(document, _BUNDLE_KEYS, "", problems)
    code = document["bundle"]
    if not isinstance(code, str) or not code:
        problems.append(
            _bad("bundle", "bundle 应为一件事编码。", "'bundle' must be a bundle code.")
        )
    items = document.get("items", [])
    if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
        problems.append(_bad("items", "items 应为事项编码数组。", "'items' must list item codes."))
        items = []
    situations = document.get("situations", {})
    if not isinstance(situations, dict) or not all(isinstance(s, str) for s in situations.values()):
        problems.append(
            _bad(
                "situations",
                "situations 应为“事项编码: 情形编码”的对象。",
                "'situations' must map item codes to situation codes.",
            )
        )
        situations = {}
    rows = document.get("materials", {})
    if not isinstance(rows, dict):
        problems.append(
            _bad(
                "materials",
                "一件事的 materials 应为以材料名称为键的对象。",
                "A bundle's 'materials' must be an object keyed by material name.",
            )
        )
        rows = {}
    for name, entry in rows.items():
        if isinstance(entry, dict):
            unknown_keys(entry, _ROW_KEYS, f"materials.{name}", problems)
    names = list(rows)
    # The marks go through the ordinary parser as a list, each coded with its row's name.
    ordinary = {key: document[key] for key in _ORDINARY_KEYS if key in document}
    ordinary |= {
        "decision": "accept",
        "service_item": code if isinstance(code, str) else "",
        "materials": [
            {**_known(entry), "code": name} if isinstance(entry, dict) else entry
            for name, entry in rows.items()
        ],
    }
    try:
        line = parse_document(raw, ordinary)
    except IntakeRejected as rejected:
        problems.extend(_by_name(p, names) for p in rejected.problems)
        raise IntakeRejected(problems) from None
    if problems:
        raise IntakeRejected(problems)
    request = line.request
    return BundleRequest(
        bundle=str(code),
        applicant=request.applicant,
        items=tuple(items),
        situations=situations,
        materials={mark.code: mark for mark in request.materials},
        request_id=request.request_id,
        identity_source=IdentitySource(SourceKind.IMPORT),
        delivery=request.delivery,
        document_language=request.document_language,
        eligibility_reason=request.eligibility_reason,
        agent=request.agent,
        agent_identity_source=request.agent_identity_source,
    )


def import_bundle_line(
    store: Store,
    actor: User,
    line_no: int,
    raw: bytes,
    document: dict[str, Any],
    *,
    over_limit: OverLimitApproval | None = None,
    now: datetime | None = None,
) -> dict[str, Any]:
    """Import one bundle line: an ordinary line's result (``line``, ``status``, ``case_id``
    and ``case_no`` of the first case, ``errors``, ``replayed``, ``earlier_cases`` and
    ``name_on_file_differs`` of every case) with ``bundle`` (``id``, ``code``, ``name``) and
    ``cases``, one per case made, each with its own. ``status`` is ``accepted`` when every
    case is accepted (容缺 included), else ``notified``."""
    decided: list[BundleResult] = []
    named: list[str] = []  # the line's request id, once parsed

    def decide() -> IntakeResult:
        line = parse_bundle_line(raw, document)
        named.append(request_uuid(line.request_id or ""))
        named_before = None if "request_id" in document else bytes_request_id(raw)
        request = _on_window(store, line, named_before)
        result = decide_bundle(store, request, actor, over_limit=over_limit, now=now)
        decided.append(result)
        return result.cases[0]

    outcome = import_result(line_no, decide)
    if decided:
        (result,) = decided
        outcome["bundle"] = {"id": result.bundle_id, "code": result.code, "name": result.name}
        earlier = earlier_cases_of_each(
            store, [case.case_id for case in result.cases], today=hall_today(now)
        )
        outcome["cases"] = [
            {
                "item": case.item_code,
                "case_id": case.case_id,
                "case_no": case.case_no,
                "state": case.state.value,
                "promised_date": case.promised_date,
                "shortfalls": list(case.shortfalls),
                **earlier[case.case_id].to_json(),
            }
            for case in result.cases
        ]
        # As an ordinary line's: the applicant's earlier cases of any member item.
        outcome["earlier_cases"] = [
            earlier for case in outcome["cases"] for earlier in case["earlier_cases"]
        ]
        outcome["name_on_file_differs"] = any(
            case["name_on_file_differs"] for case in outcome["cases"]
        )
        accepted = all(case.state in _ACCEPTED for case in result.cases)
        outcome["status"] = "accepted" if accepted else "notified"
    if named:
        outcome["request_id"] = named[0]
    return outcome


def _on_window(store: Store, line: BundleRequest, named_before: str | None) -> BundleRequest:
    """The request of a line (``line``) as this window decides it: with its request id made
    the window's (``_on_device``), unless this window imported the line before: before
    request ids carried the device (the bundle id then derived from the id itself), or, for
    a line without its own ``request_id``, when its bytes named it (``named_before``,
    ``case_import.bytes_request_id``). Then with that id, so that ``decide_bundle`` finds
    that bundle and answers with its cases instead of making them again."""
    line_id = request_uuid(line.request_id or "")
    device = store.config.hall.device_id
    earlier = [line_id]
    if named_before is not None:
        earlier += [named_before, _on_device(named_before, device)]
    for before in earlier:
        if bundle_cases(store, bundle_id_of(before)):
            return replace(line, request_id=before)
    return replace(line, request_id=_on_device(line_id, device))


def _on_device(request_id: str, device: str) -> str:
    """``request_id`` (the line's own, or one from its bytes) made the window ``device``'s:
    the bundle id and its members' request ids derive from it, so that a line imported again
    on this window finds the cases it made, and the same line on another window makes its
    own bundle (a bundle id the platform sees on both would list one bundle spanning them)."""
    # Device ids are compared as case numbers write them, in capitals.
    return str(uuid.uuid5(uuid.UUID(request_uuid(request_id)), f"device:{device.upper()}"))


def _known(entry: dict[str, Any]) -> dict[str, Any]:
    """A material row's marks the ordinary parser reads (its unknown keys are refused by
    name before)."""
    return {key: value for key, value in entry.items() if key in _ROW_KEYS}


def _by_name(problem: CounterError, names: list[str]) -> CounterError:
    """A problem of the ordinary parser's ``materials[i]…`` as the line's
    ``materials.<row name>…``."""
    field = problem.field or ""
    if not field.startswith("materials["):
        return problem
    index, rest = field[len("materials[") :].split("]", 1)
    problem.field = f"materials.{names[int(index)]}{rest}"
    return problem


def _bad(field: str, zh: str, en: str) -> ValidationError:
    return ValidationError(zh, en, field=field)
