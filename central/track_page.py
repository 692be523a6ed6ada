"""The public progress page behind a receipt's QR code (``GET /track/TOKEN``) and its online
一事一评 form: plain, mobile-first HTML in Chinese or English, with no external assets and
nothing personal beyond the masked name (never an ID number).

Pure: ``central.routes.tracking`` finds the case and answers with what these functions build.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from html import escape
from urllib.parse import parse_qs

from central.store.tracking import TrackedCase
from counter_app.domain.case_states import STATE_NAMES, CaseState
from counter_app.domain.delivery import DeliveryMethod
from counter_app.domain.evaluation import BAD_LEVELS, LEVELS, REASON_CATEGORIES, REASON_CODES
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

LEVEL_NAMES = {
    5: ("非常满意", "Very satisfied"),
    4: ("满意", "Satisfied"),
    3: ("基本满意", "Fairly satisfied"),
    2: ("不满意", "Dissatisfied"),
    1: ("非常不满意", "Very dissatisfied"),
}

_TEXT = {
    "title": ("办理进度", "Case progress"),
    "case_no": ("办件编号", "Case number"),
    "item": ("申请事项", "Service item"),
    "applicant": ("申请人", "Applicant"),
    "state": ("当前状态", "Status"),
    "promised": ("承诺办结日期", "Promised by"),
    "none": ("—", "—"),
    "accepted_at": ("受理单位", "Accepting hall"),
    "handled_by": ("办理部门（全市通办）", "Handled by (city-wide service)"),
    "bring": ("领取时请携带", "To collect the result, bring"),
    "bring_self": (
        "本回执（或出示本页）及申请人本人有效身份证件原件",
        "this receipt (or this page) and the applicant's own valid identity document",
    ),
    "bring_proxy": (
        "他人代领的，另带申请人签署的委托书和代领人本人身份证件原件",
        "someone collecting for the applicant also brings the applicant's signed power of "
        "attorney and their own identity document",
    ),
    "posted": (
        "结果将通过邮政（EMS）寄送，无需到大厅领取",
        "The result is sent by post (EMS); there is no need to come to the hall",
    ),
    "ready": ("结果已可领取", "Your result is ready to collect"),
    "rate": ("评价本次服务（一事一评）", "Rate this service"),
    "reason": ("不满意的原因（选“不满意”或“非常不满意”时必选）", "Reason (needed for 1 or 2)"),
    "pick": ("请选择", "Choose"),
    "submit": ("提交评价", "Submit rating"),
    "rated": ("您已评价：", "You rated this service: "),
    "thanks": ("感谢您的评价。", "Thank you for your rating."),
    "switch": ("English", "中文"),
    "not_found": ("未找到该办件", "No such case"),
    "not_found_body": (
        "二维码或链接无效。请核对回执上的二维码，或致电办件大厅查询。",
        "The QR code or link is not valid. Check the code on your receipt, or call the hall.",
    ),
    "limited": ("请求过于频繁", "Too many requests"),
    "limited_body": ("请稍后再试。", "Please try again in a moment."),
}


@dataclass(frozen=True)
class RatingForm:
    level: int
    reason_code: str | None


class RatingRefused(Exception):
    """A rating form the page cannot take; ``zh``/``en`` say what to change."""

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(en)
        self.zh, self.en = zh, en


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
        )
    return RatingForm(level, code)


def case_page(
    case: TrackedCase, token: str, lang: str, *, error: RatingRefused | None = None
) -> str:
    def t(key: str) -> str:
        return _TEXT[key][LANGS.index(lang)]

    doc = case.document
    zh_state, en_state = STATE_NAMES[case.state]
    rows = [
        (t("case_no"), doc.case_no),
        (t("item"), doc.service_item.name),
        (t("applicant"), mask_name(doc.applicant.name)),
        (t("state"), zh_state if lang == "zh" else en_state),
        (t("promised"), doc.promised_date or t("none")),
        (t("accepted_at"), f"{doc.hall_name or doc.hall} · {doc.window}"),
    ]
    if case.department is not None:
        rows.append((t("handled_by"), doc.service_item.department))
    table = "".join(
        f'<tr><th scope="row">{escape(k)}</th><td>{escape(v)}</td></tr>' for k, v in rows
    )
    parts = [f"<h1>{escape(t('title'))}</h1>", f"<table>{table}</table>"]
    if case.state is CaseState.RESULT_READY:
        parts.append(f'<p class="ready" id="ready">{escape(t("ready"))}</p>')
    if case.state is not CaseState.DELIVERED:  # collected or delivered: nothing to bring
        parts.append(_pickup(doc.delivery.method if doc.delivery else None, t))
    if error is not None:
        text = error.zh if lang == "zh" else error.en
        parts.append(f'<p class="error" id="error" role="alert">{escape(text)}</p>')
    parts.append(_rating(case, token, lang, t))
    return _document(lang, t("title"), "".join(parts), _switch(token, lang, t))


def _pickup(method: DeliveryMethod | None, t: _Text) -> str:
    if method is DeliveryMethod.POST:
        return f'<section id="pickup"><p>{escape(t("posted"))}</p></section>'
    return (
        f'<section id="pickup"><h2>{escape(t("bring"))}</h2><ul>'
        f"<li>{escape(t('bring_self'))}</li><li>{escape(t('bring_proxy'))}</li></ul></section>"
    )


def _rating(case: TrackedCase, token: str, lang: str, t: _Text) -> str:
    index = LANGS.index(lang)
    if case.online_level is not None:
        level = LEVEL_NAMES[case.online_level][index]
        return (
            f'<section id="rated"><p>{escape(t("rated"))}{case.online_level} · {escape(level)}'
            f"</p><p>{escape(t('thanks'))}</p></section>"
        )
    if not case.ratable:
        return ""
    levels = "".join(
        f'<label class="level"><input type="radio" name="level" value="{n}" required> '
        f"{n} · {escape(LEVEL_NAMES[n][index])}</label>"
        for n in LEVELS
    )
    reasons = "".join(
        f'<option value="{c.code}">{escape(c.zh if lang == "zh" else c.en)}</option>'
        for c in REASON_CATEGORIES
    )
    return (
        f'<section id="rating"><h2>{escape(t("rate"))}</h2>'
        f'<form method="post" action="/track/{token}/rating?lang={lang}">'
        f"<fieldset>{levels}</fieldset>"
        f'<label for="reason">{escape(t("reason"))}</label>'
        f'<select id="reason" name="reason_code"><option value="">{escape(t("pick"))}</option>'
        f"{reasons}</select>"
        f'<button type="submit">{escape(t("submit"))}</button></form></section>'
    )


def not_found_page(lang: str) -> str:
    index = LANGS.index(lang)
    title = _TEXT["not_found"][index]
    body = f'<h1 id="not-found">{escape(title)}</h1><p>{escape(_TEXT["not_found_body"][index])}</p>'
    return _document(lang, title, body, "")


def rate_limited_page(lang: str) -> str:
    index = LANGS.index(lang)
    title = _TEXT["limited"][index]
    return _document(
        lang, title, f"<h1>{escape(title)}</h1><p>{escape(_TEXT['limited_body'][index])}</p>", ""
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
