"""The public progress page behind a receipt's QR code (``GET /track/TOKEN``) and its online
一事一评 form: plain, mobile-first HTML in Chinese or English, with no external assets and
nothing personal beyond the masked name (never an ID number). Each state's page says what
the applicant does next, and only a case with a result to come says how to collect it.

Also a pre-application's page (``/preapp/ID``): its status and pre-review, shown to whoever
gives its applicant's document number.

Pure: ``central.routes.tracking`` finds the case (``central.routes.arrivals`` the
pre-application) and answers with what these functions build.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from html import escape
from urllib.parse import parse_qs

from central.store.payments import PAYABLE_STATES
from central.store.preapps import STATUS_NAMES as PREAPP_STATUS_NAMES
from central.store.preapps import PreappView
from central.store.tracking import TrackedCase
from central.track_texts import (
    LEVEL_NAMES,
    NEXT,
    NEXT_POSTED,
    NEXT_UNPAID,
    RESULT_TO_RECEIVE,
    SHORTFALL_KINDS,
    STATE_NAMES_POSTED,
    TEXT,
)
from counter_app.domain.calendar import unpublished_year_note
from counter_app.domain.case_document import CaseDocument
from counter_app.domain.case_states import STATE_NAMES, CaseState
from counter_app.domain.checklist import MaterialStatus
from counter_app.domain.delivery import DeliveryMethod, courier_of
from counter_app.domain.evaluation import BAD_LEVELS, LEVELS, REASON_CATEGORIES, REASON_CODES
from counter_app.domain.fees import PAYMENT_STATES, format_yuan
from counter_app.domain.names import mask_name

LANGS = ("zh", "en")
_Text = Callable[[str], str]  # a page's text in its language: t(key)

# The page carries a secret in its address: no referrer leaves with it, no cache keeps it,
# no search engine lists it, and nothing from elsewhere is loaded or framed.
HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; "
        "frame-ancestors 'none'; base-uri 'none'"
    ),
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
    "X-Robots-Tag": "noindex, nofollow",
    "X-Content-Type-Options": "nosniff",
}


@dataclass(frozen=True)
class RatingForm:
    level: int
    reason_code: str | None


class RatingRefused(Exception):
    """A rating form the page cannot take; ``zh``/``en`` say what to change, ``level`` is
    the level the applicant chose (kept chosen on the page that says so), if any."""

    def __init__(self, zh: str, en: str, level: int | None = None) -> None:
        super().__init__(en)
        self.zh, self.en, self.level = zh, en, level


def choose_lang(query_lang: str | None, accept_language: str | None) -> str:
    """``?lang=`` when it names a language of the page, else the first of the browser's
    ``Accept-Language`` (by q) the page has, else Chinese."""
    if query_lang in LANGS:
        return query_lang
    ranked: list[tuple[float, int, str]] = []
    for position, part in enumerate((accept_language or "").split(",")):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                continue
        primary = tag.strip().lower().split("-")[0]
        if primary in LANGS and quality > 0:
            ranked.append((-quality, position, primary))
    return min(ranked)[2] if ranked else "zh"


# The levels as the form posts them ("³" or "①" are digits to str.isdigit, not to int).
_LEVEL_TEXTS = {str(level) for level in LEVELS}


def parse_rating(body: bytes) -> RatingForm:
    """The posted form (``level``, ``reason_code`` for a level 1–2 rating)."""
    try:
        fields = parse_qs(body.decode("utf-8"), max_num_fields=10)
    except (UnicodeDecodeError, ValueError):
        fields = {}
    level_text = (fields.get("level") or [""])[0]
    level = int(level_text) if level_text in _LEVEL_TEXTS else 0
    if level not in LEVELS:
        raise RatingRefused("请选择 1 至 5 分（5 为非常满意）。", "Choose 1 to 5 (5 is best).")
    code = (fields.get("reason_code") or [""])[0] or None
    if level not in BAD_LEVELS:
        return RatingForm(level, None)
    if code not in REASON_CODES:
        raise RatingRefused(
            "选择“不满意”或“非常不满意”时，请选择原因。",
            "Choose a reason when the rating is 1 or 2.",
            level,
        )
    return RatingForm(level, code)


def case_page(
    case: TrackedCase, token: str, lang: str, *, error: RatingRefused | None = None
) -> str:
    def t(key: str) -> str:
        return TEXT[key][LANGS.index(lang)]

    doc = case.document
    method = doc.delivery.method if doc.delivery else DeliveryMethod.PICKUP
    rows = [
        (t("case_no"), doc.case_no),
        (t("item"), doc.service_item.name),
        (t("applicant"), mask_name(doc.applicant.name)),
        (t("state"), _state_name(case.state, method is DeliveryMethod.POST, lang)),
        (
            t("promised"),
            _counted(case, doc.promised_date, lang) if doc.promised_date else t("none"),
        ),
        (t("accepted_at"), f"{doc.hall_name or doc.hall} · {doc.window}"),
    ]
    if case.department is not None:
        rows.append((t("handled_by"), doc.service_item.department))
    if doc.fee_cents is not None:
        paid = PAYMENT_STATES[doc.paid_at is not None][LANGS.index(lang)]
        amount = format_yuan(doc.fee_cents)
        rows.append(
            (t("fee"), f"{amount} 元（{paid}）" if lang == "zh" else f"{amount} yuan ({paid})")
        )
    if doc.delivery is not None and doc.delivery.waybill:
        rows.append((t("waybill"), _waybill(doc.delivery.waybill, lang)))
    parts = [f"<h1>{escape(t('title'))}</h1>", f"<table>{_rows(rows)}</table>"]
    if case.state is CaseState.RESULT_READY:
        ready = t("ready_posted" if method is DeliveryMethod.POST else "ready")
        parts.append(f'<p class="ready" id="ready">{escape(ready)}</p>')
    parts.append(_next_step(case, method, lang, t))
    if case.state in RESULT_TO_RECEIVE:
        parts.append(_pickup(method, t))
    if case.bundle_cases:
        parts.append(_bundle(case, lang, t))
    if error is not None:
        text = error.zh if lang == "zh" else error.en
        parts.append(f'<p class="error" id="error" role="alert">{escape(text)}</p>')
    parts.append(_rating(case, token, lang, t, error.level if error is not None else None))
    return _document(lang, t("title"), "".join(parts), _switch(token, lang, t))


def _state_name(state: CaseState, posted: bool, lang: str) -> str:
    """A case's state as the page says it: a posted result's delivery as delivered by post."""
    names = STATE_NAMES_POSTED if posted else {}
    return names.get(state, STATE_NAMES[state])[LANGS.index(lang)]


def _bundle(case: TrackedCase, lang: str, t: _Text) -> str:
    """一件事: the bundle's other cases of the applicant, each by its number, item and state
    only (what its own page shows of it first; nothing of its reasons or materials)."""
    head = "".join(f'<th scope="col">{escape(t(key))}</th>' for key in ("case_no", "item", "state"))
    lines = "".join(
        f"<tr><td>{escape(other.case_no)}</td><td>{escape(other.item_name)}</td>"
        f"<td>{escape(_state_name(other.state, other.posted, lang))}</td></tr>"
        for other in case.bundle_cases
    )
    title = t("bundle_others").format(name=case.bundle_name)
    return (
        f'<section id="bundle"><h2>{escape(title)}</h2>'
        f"<table><tr>{head}</tr>{lines}</table></section>"
    )


def _rows(rows: list[tuple[str, str]]) -> str:
    return "".join(
        f'<tr><th scope="row">{escape(k)}</th><td>{escape(v)}</td></tr>' for k, v in rows
    )


def _next_step(case: TrackedCase, method: DeliveryMethod, lang: str, t: _Text) -> str:
    state, doc = case.state, case.document
    posted = method is DeliveryMethod.POST and state in NEXT_POSTED
    unpaid = _fee_due(case)
    steps = NEXT_POSTED if posted else NEXT_UNPAID if unpaid and state in NEXT_UNPAID else NEXT
    advice = steps[state][LANGS.index(lang)].format(window=_accepting_window(doc))
    details = ""
    if unpaid:
        due = t("fee_due").format(
            amount=format_yuan(doc.fee_cents or 0), reference=doc.payment_reference
        )
        details = f'<p id="fee-due">{escape(due)}</p>'
    if state is CaseState.NOTIFIED:
        details = _shortfalls(doc, lang, t)
    elif state is CaseState.REFUSED:
        details = _refusal(doc, t)
    elif state is CaseState.ACCEPTED_DEFERRED:
        details += _deferred(case, lang, t)
    elif case.correction is not None:
        details = f'<table id="correction">{_rows([(t("correction"), case.correction)])}</table>'
    return (
        f'<section id="next"><h2>{escape(t("next"))}</h2><p>{escape(advice)}</p>{details}</section>'
    )


def _fee_due(case: TrackedCase) -> bool:
    """Whether the case waits for its fee: charged, not paid (as the window's newest version
    says), and in a state the fee is paid in."""
    doc = case.document
    return doc.fee_cents is not None and doc.paid_at is None and case.state in PAYABLE_STATES


def _waybill(number: str, lang: str) -> str:
    """The waybill, with the courier its shape names when it names one."""
    courier = courier_of(number)
    return f"{courier[LANGS.index(lang)]} {number}" if courier else number


def _accepting_window(doc: CaseDocument) -> str:
    """The hall (by its name, else its code) and window that accepted the case."""
    return f"{doc.hall_name or doc.hall} {doc.window}"


def _shortfalls(doc: CaseDocument, lang: str, t: _Text) -> str:
    """The one-time notice's materials by name and standard; not its messages, whose
    clerk's notes may name people."""
    if not doc.shortfalls:
        return f"<p>{escape(t('see_notice'))}</p>"
    index = LANGS.index(lang)
    lines = []
    for line in doc.shortfalls:
        kind = SHORTFALL_KINDS[line.kind][index]
        standard = f"<br>{escape(t('standard') + line.standard)}" if line.standard else ""
        lines.append(f"<li><strong>{escape(line.name)}</strong> · {escape(kind)}{standard}</li>")
    return f'<ul id="shortfalls">{"".join(lines)}</ul>'


def _refusal(doc: CaseDocument, t: _Text) -> str:
    rows = [(t("refusal_reason"), doc.reason or t("none"))]
    if doc.legal_basis:
        rows.append((t("legal_basis"), doc.legal_basis))
    where = t("apply_to").format(doc.redirect_to) if doc.redirect_to else t("ask_where")
    return (
        f'<table id="refusal">{_rows(rows)}</table><p id="redirect">{escape(where)}</p>'
        f"<p>{escape(t('appeal'))}</p>"
    )


def _deferred(case: TrackedCase, lang: str, t: _Text) -> str:
    lines = "".join(
        f"<li><strong>{escape(m.name)}</strong>"
        + (
            f" · {escape(t('deadline'))} {escape(_counted(case, m.deadline, lang))}"
            if m.deadline
            else ""
        )
        + "</li>"
        for m in case.document.materials
        if m.status is MaterialStatus.DEFERRED
    )
    return f'<ul id="deferred">{lines}</ul>' if lines else ""


def _counted(case: TrackedCase, day_text: str, lang: str) -> str:
    """A date counted in working days (ISO, as the window sent it), with the receipt's note
    when the platform's calendars do not cover its year."""
    try:
        day = date.fromisoformat(day_text)
    except ValueError:  # not a date the page can place in a year: shown as sent
        return day_text
    note = unpublished_year_note(day, case.calendar_years)
    if note is None:
        return day_text
    return f"{day_text}（{note[0]}）" if lang == "zh" else f"{day_text} ({note[1]})"


def _pickup(method: DeliveryMethod, t: _Text) -> str:
    if method is DeliveryMethod.POST:
        return f'<section id="pickup"><p>{escape(t("posted"))}</p></section>'
    return (
        f'<section id="pickup"><h2>{escape(t("bring"))}</h2><ul>'
        f"<li>{escape(t('bring_self'))}</li><li>{escape(t('bring_proxy'))}</li></ul></section>"
    )


def _rating(case: TrackedCase, token: str, lang: str, t: _Text, chosen: int | None) -> str:
    index = LANGS.index(lang)
    if case.online_level is not None:
        level = LEVEL_NAMES[case.online_level][index]
        return (
            f'<section id="rated"><p>{escape(t("rated"))}{case.online_level} · {escape(level)}'
            f"</p><p>{escape(t('thanks'))}</p></section>"
        )
    if not case.ratable:
        return f'<section id="not-ratable"><p>{escape(t("not_ratable"))}</p></section>'
    levels = "".join(
        f'<label class="level"><input type="radio" name="level" value="{n}" required'
        f"{' checked' if n == chosen else ''}> "
        f"{n} · {escape(LEVEL_NAMES[n][index])}</label>"
        for n in LEVELS
    )
    reasons = "".join(
        f'<option value="{c.code}">{escape(c.zh if lang == "zh" else c.en)}</option>'
        for c in REASON_CATEGORIES
    )
    return (
        f'<section id="rating"><h2 id="rate-question">{escape(t("rate"))}</h2>'
        f'<form method="post" action="/track/{token}/rating?lang={lang}">'
        # The question names the group: a screen reader reads it before the five levels.
        f'<fieldset aria-labelledby="rate-question">{levels}</fieldset>'
        f'<label for="reason">{escape(t("reason"))}</label>'
        f'<select id="reason" name="reason_code"><option value="">{escape(t("pick"))}</option>'
        f"{reasons}</select>"
        f'<button type="submit">{escape(t("submit"))}</button></form></section>'
    )


def not_found_page(lang: str) -> str:
    index = LANGS.index(lang)
    title = TEXT["not_found"][index]
    body = f'<h1 id="not-found">{escape(title)}</h1><p>{escape(TEXT["not_found_body"][index])}</p>'
    return _document(lang, title, body, "")


def preapp_form_page(preapp_id: str, lang: str, *, unmatched: bool = False) -> str:
    """The page asking a pre-application's applicant for their document's number, the fact
    that shows it is theirs (posted, never in the address); ``unmatched``: the number given
    matched nothing, said without telling whether the application exists."""

    def t(key: str) -> str:
        return TEXT[key][LANGS.index(lang)]

    refused = f'<p class="error" id="unmatched">{escape(t("preapp_not_found"))}</p>'
    body = (
        f"<h1>{escape(t('preapp_title'))}</h1>{refused if unmatched else ''}"
        f"<p>{escape(t('preapp_ask'))}</p>"
        f'<form method="post" action="/preapp/{escape(preapp_id)}?lang={lang}">'
        f'<label>{escape(t("preapp_id_number"))} <input name="id_number" required '
        'autocomplete="off" maxlength="40"></label> '
        f'<button type="submit">{escape(t("preapp_submit"))}</button></form>'
    )
    return _document(lang, t("preapp_title"), body, _preapp_switch(preapp_id, lang, t))


def preapp_page(view: PreappView, preapp_id: str, lang: str) -> str:
    """A pre-application as its applicant reads it: item, status, last day, the pre-review
    and its note, the reason a withdrawal gave; nothing that names them."""

    def t(key: str) -> str:
        return TEXT[key][LANGS.index(lang)]

    index = LANGS.index(lang)
    review = t("preapp_passed") if view.review == "passed" else t("preapp_failed")
    rows = [
        (t("item"), view.item_name),
        (t("preapp_status"), PREAPP_STATUS_NAMES[view.status][index]),
        (t("preapp_valid"), view.last_day),
        (t("preapp_review"), review),
    ]
    if view.review_note:
        rows.append((t("preapp_note"), view.review_note))
    if view.closed_note:
        rows.append((t("preapp_closed_note"), view.closed_note))
    body = f"<h1>{escape(t('preapp_title'))}</h1><table>{_rows(rows)}</table>"
    return _document(lang, t("preapp_title"), body, _preapp_switch(preapp_id, lang, t))


def _preapp_switch(preapp_id: str, lang: str, t: _Text) -> str:
    other = "en" if lang == "zh" else "zh"
    return (
        f'<a id="switch" href="/preapp/{escape(preapp_id)}?lang={other}" lang="{other}">'
        f"{t('switch')}</a>"
    )


def rate_limited_page(lang: str) -> str:
    index = LANGS.index(lang)
    title = TEXT["limited"][index]
    return _document(
        lang, title, f"<h1>{escape(title)}</h1><p>{escape(TEXT['limited_body'][index])}</p>", ""
    )


def _switch(token: str, lang: str, t: _Text) -> str:
    other = "en" if lang == "zh" else "zh"
    return f'<a id="switch" href="/track/{token}?lang={other}" lang="{other}">{t("switch")}</a>'


_STYLE = (
    "body{margin:0;font:16px/1.5 system-ui,sans-serif;color:#1a1a1a;background:#f4f6f8}"
    "main{max-width:40rem;margin:0 auto;padding:1rem}"
    "nav{text-align:right}h1{font-size:1.4rem;margin:.5rem 0 1rem}h2{font-size:1.1rem}"
    "table{width:100%;border-collapse:collapse;background:#fff}"
    "th,td{text-align:left;padding:.5rem;border-bottom:1px solid #dde;vertical-align:top}"
    "th{width:38%;color:#555;font-weight:normal}section{margin-top:1rem}"
    "#bundle th{width:auto}#bundle td{overflow-wrap:anywhere}"
    ".ready{background:#e6f4ea;padding:.75rem;font-weight:bold}.error{color:#b00020}"
    "fieldset{border:0;padding:0}.level{display:block;padding:.6rem 0;font-size:1.05rem}"
    "select,button{display:block;width:100%;font-size:1rem;padding:.6rem;margin:.5rem 0}"
    "button{background:#1565c0;color:#fff;border:0;border-radius:4px}"
)


def _document(lang: str, title: str, body: str, nav: str) -> str:
    html_lang = "zh-CN" if lang == "zh" else "en"
    return (
        f'<!DOCTYPE html><html lang="{html_lang}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title><style>{_STYLE}</style></head>"
        f"<body><main><nav>{nav}</nav>{body}</main></body></html>"
    )
