"""The case records where the applicant's identity came from, and accepting on an expired
document needs a stated reason (recorded with the case, in its history and the audit log)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from counter_app.errors import ValidationError
from counter_app.identity.mrz import parse_mrz
from counter_app.identity.passport import read_passport
from counter_app.identity.passport_simulator import PassportChipSimulator
from counter_app.identity.provenance import IdentitySource, SourceKind
from counter_app.identity.samples import SAMPLES_BY_KEY
from counter_app.services import intake
from counter_app.services.intake_checks import IntakeRejected
from counter_app.store import case_history as history_rows
from counter_app.store import case_plaintext
from counter_app.store import cases as case_rows
from tests.services.conftest import MOMENT, complete_marks, item_named, request_for

ALLOWANCE = "老年综合津贴申领"
EXPIRED = IdentitySource(
    SourceKind.CARD, reader="sim", doc_type="resident_id", valid_to="2020-03-01"
)


def test_chip_source_is_kept_with_the_case_and_in_the_synced_document(intake_store, clerk):
    passport = SAMPLES_BY_KEY["passport"].passport
    assert passport is not None
    chip = read_passport(PassportChipSimulator(passport), parse_mrz(passport.mrz).bac_key)
    source = IdentitySource.of_document(chip, reader="pcsc:Virtual PCD 00 00")
    item = item_named(intake_store, ALLOWANCE)
    request = replace(request_for(item, complete_marks(item)), identity_source=source)
    result = intake.accept(intake_store, request, clerk, now=MOMENT)
    record = case_rows.get_case(intake_store, result.case_id)
    assert record.identity_source is not None
    assert IdentitySource.from_json(record.identity_source) == source
    assert record.identity_source["kind"] == "chip"
    assert record.identity_source["passive_authentication"]["outcome"] == (
        "signature_valid_not_anchored"
    )
    document = case_plaintext.case_document(intake_store, result.case_id)
    assert document["applicant"]["identity_source"]["reader"] == "pcsc:Virtual PCD 00 00"
    [event] = history_rows.case_history(intake_store, result.case_id).events
    assert event.detail["identity_source"] == "chip"


def test_accepting_on_an_expired_document_without_a_reason_is_refused(intake_store, clerk):
    item = item_named(intake_store, ALLOWANCE)
    request = replace(request_for(item, complete_marks(item)), identity_source=EXPIRED)
    with pytest.raises(IntakeRejected) as caught:
        intake.accept(intake_store, request, clerk, now=MOMENT)
    [problem] = caught.value.problems
    assert problem.field == "expired_id_reason"
    assert "2020-03-01" in problem.zh and "2020-03-01" in problem.en
    assert intake_store.db.execute("SELECT count(*) FROM cases").fetchone()[0] == 0


def test_expired_document_reason_is_recorded_and_audited(intake_store, clerk):
    item = item_named(intake_store, ALLOWANCE)
    reason = "新证在办，持公安机关临时身份证明"
    request = replace(
        request_for(item, complete_marks(item)),
        identity_source=EXPIRED,
        expired_id_reason=f"  {reason} ",
    )
    result = intake.accept(intake_store, request, clerk, now=MOMENT)
    record = case_rows.get_case(intake_store, result.case_id)
    assert record.expired_id_reason == reason
    assert case_plaintext.case_document(intake_store, result.case_id)["expired_id_reason"] == reason
    [event] = history_rows.case_history(intake_store, result.case_id).events
    assert event.detail["expired_id_reason"] == reason
    audited = intake_store.db.execute(
        "SELECT detail FROM audit_log WHERE action = 'case.expired_id_accepted' AND target = ?",
        (result.case_id,),
    ).fetchone()
    assert audited is not None and reason in audited[0] and "2020-03-01" in audited[0]
    assert intake_store.audit.verify() == []


def test_a_notice_on_an_expired_document_needs_no_reason(intake_store, clerk):
    item = item_named(intake_store, ALLOWANCE)
    request = replace(request_for(item, complete_marks(item)[:1]), identity_source=EXPIRED)
    result = intake.notify(intake_store, request, clerk, now=MOMENT)
    assert case_rows.get_case(intake_store, result.case_id).expired_id_reason is None


def test_unknown_or_indefinite_expiry_needs_no_reason(intake_store, clerk):
    item = item_named(intake_store, ALLOWANCE)
    for valid_to in ("长期", ""):
        request = replace(
            request_for(item, complete_marks(item)),
            identity_source=IdentitySource(SourceKind.MANUAL, valid_to=valid_to),
        )
        assert intake.accept(intake_store, request, clerk, now=MOMENT).created


def test_identity_source_json_round_trip_and_bad_input():
    source = IdentitySource(SourceKind.MRZ, doc_type="passport", valid_to="2033-06-01")
    assert IdentitySource.from_json(source.to_json()) == source
    with pytest.raises(ValidationError):
        IdentitySource.from_json({"kind": "telepathy"})
