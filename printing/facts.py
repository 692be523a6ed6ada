"""The case's facts beside the codes: who applied for what, who handles it, its dates, the
collection or correction a document is about, its fee, and the window and clerk."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Table, TableStyle

from counter_app.domain.delivery import DELIVERY_METHOD_NAMES
from printing import texts
from printing.amount_in_words import yuan_in_capitals
from printing.document_data import ACCEPTANCE_DOCUMENTS, DocumentKind
from printing.geometry import A4_GEOMETRY, ROLL_GEOMETRY
from printing.styles import by_lang, plain_commands, text_commands
from printing.typesetter import Typesetter

# The most of a facts table's width its labels take, and the gap a widened label column
# leaves before the values.
_LABEL_SHARE = 0.3
_LABEL_GAP = 1 * mm


def _facts(ts: Typesetter) -> list[tuple[str, str]]:
    d = ts.data
    if d.kind is DocumentKind.BUNDLE_RECEIPT:
        # 一件事: the bundle's cases, items and dates are in its table below.
        return [
            (ts.t("bundle"), d.bundle.name if d.bundle else "—"),
            (ts.t("applicant"), texts.applicant_name(d)),
            _identity(ts),
            *_agent(ts),
            (ts.t("received_at"), texts.fmt_time(d.received_at, ts.lang)),
            *_delivery(ts),
            *_desk(ts),
        ]
    rows = [
        (ts.t("case_no"), d.case_no),
        (ts.t("applicant"), texts.applicant_name(d)),
        _identity(ts),
        *_agent(ts),
        (ts.t("item"), d.item_name),
        (ts.t("item_code"), d.item_code),
    ]
    if d.city_wide:
        # 全市通办: the applicant learns who accepted it and who decides it.
        rows.append((ts.t("accepted_by"), d.hall_name))
        department = d.department or "—"
        rows.append(
            (
                ts.t("handled_by"),
                ts.pick((f"{department}（全市通办）", f"{department} (city-wide service)")),
            )
        )
    elif d.department:
        rows.append((ts.t("department"), d.department))
    case_type = texts.CASE_TYPES.get(d.case_type, (d.case_type, d.case_type))
    if d.done_on_the_spot_once_paid:
        case_type = texts.IMMEDIATE_ONCE_PAID
    rows.append((ts.t("case_type"), ts.pick(case_type)))
    rows.append((ts.t("received_at"), texts.fmt_time(d.received_at, ts.lang)))
    if d.kind in ACCEPTANCE_DOCUMENTS:
        rows.append((ts.t("accepted_at"), texts.fmt_time(d.accepted_at, ts.lang)))
        if d.case_type == "promised" or d.promised_date:
            promised = texts.counted_date(d, d.promised_date, ts.lang, d.promised_days or 0)
            rows.append((ts.t("promised"), promised))
    # A 容缺 case's receipt names the deadline too: the materials table lists them as owed.
    deferred = d.kind is DocumentKind.RECEIPT and d.deferral_deadline is not None
    if d.kind is DocumentKind.DEFERRAL or deferred:
        rows.append(
            (ts.t("deferral_deadline"), texts.counted_date(d, d.deferral_deadline, ts.lang))
        )
    if d.kind is DocumentKind.TERMINATION:  # the deadline missed, as it stood
        rows.append((ts.t("deferral_deadline"), texts.fmt_date(d.deferral_deadline, ts.lang)))
    if d.kind is DocumentKind.WITHDRAWAL:
        rows.append((ts.t("withdrawn_at"), texts.fmt_time(d.withdrawn_at, ts.lang)))
    if d.kind is DocumentKind.HANDOVER and d.collection is not None:
        collection = d.collection
        rows += [
            (ts.t("collected_at"), texts.fmt_time(collection.at, ts.lang)),
            (ts.t("collection"), ts.pick(texts.COLLECTIONS[collection.by_proxy])),
            (ts.t("collector"), collection.collector_name),
            (ts.t("collector_id"), collection.collector_id_masked),
        ]
    if d.kind is DocumentKind.CORRECTION and d.correction is not None:
        c = d.correction
        rows.append((ts.t("correction_requested_at"), texts.fmt_time(c.requested_at, ts.lang)))
        rows.append((ts.t("corrected_at"), texts.fmt_time(c.corrected_at, ts.lang)))
        rows.append((ts.t("promised_before"), texts.fmt_date(c.promised_before, ts.lang)))
        rows.append((ts.t("promised"), texts.counted_date(d, d.promised_date, ts.lang)))
    if d.fee_cents is not None and d.kind in ACCEPTANCE_DOCUMENTS:
        rows.append(
            (
                ts.t("fee"),
                texts.fmt_fee(
                    d.fee_cents,
                    d.paid,
                    ts.lang,
                    confirmed=d.payment_confirmed,
                    transaction_no=d.payment_transaction_no,
                ),
            )
        )
    rows += _delivery(ts)
    if d.kind is DocumentKind.PAYMENT:
        rows.append((ts.t("amount_due"), texts.fmt_fee(d.fee_cents or 0, None, ts.lang)))
        if ts.lang != "en":  # the capitals guard the Chinese figures; English has none
            rows.append((ts.t("amount_in_capitals"), yuan_in_capitals(d.fee_cents or 0)))
        rows.append((ts.t("payee"), d.payee or "—"))
        rows.append((ts.t("payment_reference"), d.payment_reference or "—"))
    return rows + _desk(ts)


def _delivery(ts: Typesetter) -> list[tuple[str, str]]:
    """How the result comes, on the documents that say it."""
    d = ts.data
    if d.delivery is None:
        return []
    how = ts.pick(DELIVERY_METHOD_NAMES[d.delivery.method])
    address = d.delivery.address_masked
    return [(ts.t("delivery"), f"{how}\n{address}" if address else how)]


def _desk(ts: Typesetter) -> list[tuple[str, str]]:
    """The window and the clerk that issued the document."""
    d = ts.data
    window = f"{d.hall_name} · {d.window_code}" if ts.g is not ROLL_GEOMETRY else d.window_code
    return [(ts.t("window"), window), (ts.t("clerk"), d.clerk)]


def _identity(ts: Typesetter) -> tuple[str, str]:
    """The applicant's number with what it is: an organisation's 统一社会信用代码, a person's
    number with its document named after it, 3101**********123X（居民身份证）, so the roll
    wraps the name and not the number; bare when the document is not known."""
    d = ts.data
    if d.applicant_organisation:
        return ts.t("credit_code"), d.applicant_id_shown
    if d.applicant_document is None:
        return ts.t("id_number"), d.applicant_id_shown
    zh, en = d.applicant_document
    if ts.lang == texts.BILINGUAL:  # the English name on a line of its own, as a label's
        return ts.t("id_number"), f"{d.applicant_id_shown}（{zh}）\n({en})"
    return ts.t("id_number"), d.applicant_id_shown + ts.pick((f"（{zh}）", f" ({en})"))


def _agent(ts: Typesetter) -> list[tuple[str, str]]:
    """The 代办人 (经办人 of an organisation, or its 法定代表人) who came for the applicant:
    name with their relation to the applicant, and their masked number; nothing when the
    applicant came."""
    agent = ts.data.agent
    if agent is None:
        return []
    zh, en = agent.role
    if agent.relation is None:
        named = agent.name
    elif ts.lang == "en":
        named = f"{agent.name} ({agent.relation})"
    else:
        named = f"{agent.name}（{agent.relation}）"
    return [
        (ts.pick(agent.role), named),
        (ts.pick((f"{zh}证件号码", f"{en}'s ID No.")), agent.id_masked),
    ]


def _label_width(ts: Typesetter, labels: list[str], width: float) -> float:
    """The label column: the paper's usual width, wider where a Chinese label of this
    document would break inside a word (统一社会信用代 / 码), up to a share of ``width`` that
    leaves the values their room. English labels wrap between words and keep the usual."""
    usual = (
        by_lang(ts.lang, zh=22, en=24, both=26) * mm
        if ts.g is A4_GEOMETRY
        else by_lang(ts.lang, zh=17, en=20, both=21) * mm
    )
    chinese = [line for label in labels for line in label.split("\n") if not line.isascii()]
    widest = max(
        (stringWidth(line, ts.fonts.primary, ts.s.grey.fontSize) for line in chinese), default=0.0
    )
    # + 1: the cell takes a label as one line when it fits in the column less one point.
    return max(usual, min(widest + 1 + _LABEL_GAP, width * _LABEL_SHARE))


def facts_table(ts: Typesetter, width: float) -> Table:
    facts = _facts(ts)
    label_width = _label_width(ts, [k for k, _v in facts], width)
    value_width = width - label_width
    key_rows = [i for i, (k, _v) in enumerate(facts) if k in {ts.t("case_no"), ts.t("promised")}]
    data = [
        [
            ts.cell(k, ts.s.grey, label_width - 1),
            ts.cell(v, ts.s.key_value if i in key_rows else ts.s.value, value_width),
        ]
        for i, (k, v) in enumerate(facts)
    ]
    table = Table(data, colWidths=[label_width, value_width])
    table.setStyle(
        TableStyle(
            [
                *plain_commands(ts.fonts.primary),
                *text_commands((0, 0), (0, -1), ts.s.grey),
                *text_commands((1, 0), (1, -1), ts.s.value),
                *(
                    command
                    for row in key_rows
                    for command in text_commands((1, row), (1, row), ts.s.key_value)
                ),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("TOPPADDING", (0, 0), (-1, -1), 1),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
            ]
        )
    )
    return table
