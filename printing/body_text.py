"""The document's own words: a decision's reason and legal basis, a withdrawal's or
correction's particulars, the legal text of the kind, and the hall's notes."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from printing import legal_text, texts
from printing.bundle_receipt import membership
from printing.document_data import DocumentKind
from printing.texts import pick
from printing.typesetter import Typesetter


def body(ts: Typesetter) -> list[Flowable]:
    out: list[Flowable] = [Spacer(1, 2 * mm)]
    d = ts.data
    if d.kind is DocumentKind.REFUSAL:
        out.append(ts.p(ts.field("reason", d.decision_reason or "—"), ts.s.body))
        out.append(
            ts.p(
                ts.field(
                    "legal_basis", d.legal_basis or pick(texts.DEFAULT_REFUSAL_BASIS, ts.lang)
                ),
                ts.s.body,
            )
        )
        if d.redirect_to:
            out.append(ts.p(ts.field("redirect", d.redirect_to), ts.s.body))
        out.append(Spacer(1, 1.5 * mm))
    if d.kind is DocumentKind.DEFERRAL:
        out.append(ts.p(ts.field("legal_basis", pick(texts.DEFERRAL_BASIS, ts.lang)), ts.s.body))
    if d.kind is DocumentKind.WITHDRAWAL:
        out.append(ts.p(ts.field("withdrawal_reason", d.withdrawal_reason or "—"), ts.s.body))
    if d.kind is DocumentKind.CORRECTION and d.correction is not None:
        out.append(ts.p(ts.field("correction_note", d.correction.note or "—"), ts.s.body))
        if d.correction.fields:
            role = d.agent.role[0] if d.agent is not None else "代办人"
            names = [
                pick(texts.APPLICANT_FIELDS.get(f, (f, f)), ts.lang).format(role=role)
                for f in d.correction.fields
            ]
            out.append(ts.p(ts.field("fields_corrected", texts.listing(names, ts.lang)), ts.s.body))
    out.extend(ts.p(text, ts.s.first_line) for text in legal_text.body(d))
    out.extend(membership(ts))
    return out


def notes(ts: Typesetter) -> list[Flowable]:
    d = ts.data
    out: list[Flowable] = []
    if d.hall_phone:
        out.append(ts.p(ts.field("phone", d.hall_phone), ts.s.grey))
    out.extend(ts.p(note, ts.s.grey) for note in d.extra_notes)
    return out
