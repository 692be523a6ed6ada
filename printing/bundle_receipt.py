"""一件事 (one-thing bundles) on paper: the bundle receipt's table of cases and what its
notified members still need, and the line a member's own document names its bundle with."""

from __future__ import annotations

from typing import Any

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Table, TableStyle

from counter_app.domain.case_states import STATE_NAMES
from counter_app.domain.documents import DOCUMENT_TITLES
from printing import texts
from printing.document_data import (
    BUNDLE_MEMBER_DOCUMENTS,
    BundleCase,
    DocumentKind,
    MaterialRow,
)
from printing.geometry import ROLL_GEOMETRY
from printing.styles import by_lang, text_commands
from printing.typesetter import Typesetter

_A4_PADDING = 2  # points either side of a table cell's text on A4


def membership(ts: Typesetter) -> list[Flowable]:
    """The line a member's own receipt or notice names its bundle and the other cases decided
    with it by: 本件属于“失业一件事”，同批受理：…; nothing for a case decided alone and
    for the other documents."""
    data = ts.data
    bundle = data.bundle
    if bundle is None or data.kind not in BUNDLE_MEMBER_DOCUMENTS:
        return []
    others = bundle.others(data.case_no)
    zh = f"本件属于“{bundle.name}”"
    en = f"This case is part of the one-thing bundle “{bundle.name}”"
    if others:
        zh += f"，同批受理：{texts.listing(others, 'zh')}"
        en += f", decided together with: {texts.listing(others, 'en')}"
    return [ts.p(ts.pick((zh + "。", en + ".")), ts.s.first_line)]


def _outcome(ts: Typesetter, case: BundleCase) -> str:
    """The decision, a Chinese name's parenthesis on a line of its own in the narrow column
    (一次性告知 / （待补齐补正）), never broken inside it."""
    return ts.pick(STATE_NAMES[case.state]).replace("（", "\n（", 1)


def _department(ts: Typesetter, case: BundleCase) -> str:
    """Who decides the case; a plain note where that is no longer known here (its catalog
    entry pruned and its personal data purged: ``bundle_facts``)."""
    if not case.department:
        return ts.pick(("（已按保留期限清除）", "(purged under the retention period)"))
    if not case.city_wide:
        return case.department
    return ts.pick((f"{case.department}（全市通办）", f"{case.department} (city-wide service)"))


def shared_mark(ts: Typesetter, row: MaterialRow) -> str | None:
    """Which of the bundle's items a material handed in once serves, by their numbers in the
    table of cases: （第1、2项共用）, or （各事项共用） when it serves them all; None for a
    material of one item."""
    bundle = ts.data.bundle
    if not row.shared_by or bundle is None:
        return None
    if len(row.shared_by) == len(bundle.cases):
        return texts.pick(("（各事项共用）", "(shared by all items)"), ts.lang)
    numbers = [
        str(n) for n, case in enumerate(bundle.cases, start=1) if case.item_name in row.shared_by
    ]
    zh = f"（第{'、'.join(numbers)}项共用）"
    return texts.pick((zh, f"(shared by items {', '.join(numbers)})"), ts.lang)


def cases_table(ts: Typesetter) -> list[Flowable]:
    """The bundle receipt's cases: number, item, department, decision and promised date, and
    under a notified one what it still needs, in one line (敬老卡申领：缺 近期免冠照片 — 详见
    该件的《一次性告知书》: its own notice, printed with it, lists each material with its
    standard and the clerk's note); on the roll, each case as a block of lines beside its
    number."""
    bundle = ts.data.bundle
    if ts.data.kind is not DocumentKind.BUNDLE_RECEIPT or bundle is None:
        return []
    cell = ts.s.small
    roll = ts.g is ROLL_GEOMETRY
    number_w = by_lang(ts.lang, zh=9, en=9, both=11) * mm
    rows: list[list[Any]] = []
    owed_rows: list[int] = []  # A4: the line under a notified case, across its columns
    if roll:
        for number, case in enumerate(bundle.cases, start=1):
            promised = texts.fmt_date(case.promised_date, ts.lang)
            lines = [
                ts.field("case_no", case.case_no),
                case.item_name,
                _department(ts, case),
                texts.pick(STATE_NAMES[case.state], ts.lang),
                ts.field("promised", promised),
                *([texts.pick(_owed_line(case), ts.lang)] if case.owed else []),
            ]
            rows.append([str(number), ts.p("\n".join(lines), cell)])
        widths = [number_w, ts.g.width - number_w]
    else:
        header = ["no", "case_no", "item", "handled_by", "outcome", "promised"]
        rows.append([ts.p(ts.t(key), ts.s.grey) for key in header])
        for number, case in enumerate(bundle.cases, start=1):
            values = [
                str(number),
                case.case_no,
                case.item_name,
                _department(ts, case),
                _outcome(ts, case),
                texts.fmt_date(case.promised_date, ts.lang),
            ]
            rows.append([ts.p(value, cell) for value in values])
            if case.owed:
                rows.append(["", ts.p(ts.pick(_owed_line(case)), cell)])
                owed_rows.append(len(rows) - 1)
        # The case number on one line (a broken one is misread: its width depends on the
        # hall's code and the device's letters, so it is measured), an item name of eight
        # characters, a district office, the longest state name (一次性告知（待补齐补正）)
        # on two lines and a Chinese date on one.
        widest = max(
            stringWidth(case.case_no, cell.fontName, cell.fontSize) for case in bundle.cases
        )
        case_no_w = max(67 * mm, widest + 2 * _A4_PADDING + 1)
        fixed = [number_w, case_no_w, 21 * mm, 23 * mm, 26 * mm]
        widths = [*fixed[:2], ts.g.width - sum(fixed), *fixed[2:]]
    table = Table(rows, colWidths=widths, repeatRows=0 if roll else 1)
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), ts.fonts.primary),
                *text_commands((0, 0), (-1, -1), cell),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("GRID", (0, 0), (-1, -1), ts.g.rule, colors.black),
                ("LEFTPADDING", (0, 0), (-1, -1), 1.5 if roll else _A4_PADDING),
                ("RIGHTPADDING", (0, 0), (-1, -1), 1.5 if roll else _A4_PADDING),
                ("TOPPADDING", (0, 0), (-1, -1), 1),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
                *(("SPAN", (1, row), (-1, row)) for row in owed_rows),
            ]
        )
    )
    return [ts.p(ts.t("bundle_cases"), ts.s.heading), table]


def _owed_line(case: BundleCase) -> tuple[str, str]:
    """A notified case's shortfall: what is missing and what does not conform, by name."""
    missing = [row.name for row in case.owed if row.status == "missing"]
    wrong = [row.name for row in case.owed if row.status != "missing"]
    zh_parts = [f"缺 {texts.listing(missing, 'zh')}"] if missing else []
    zh_parts += [f"不符合要求 {texts.listing(wrong, 'zh')}"] if wrong else []
    en_parts = [f"missing {texts.listing(missing, 'en')}"] if missing else []
    en_parts += [f"not conforming: {texts.listing(wrong, 'en')}"] if wrong else []
    zh_notice, en_notice = DOCUMENT_TITLES[DocumentKind.NOTICE]
    return (
        f"{case.item_name}：{'；'.join(zh_parts)} — 详见该件的《{zh_notice}》",
        f"{case.item_name}: {'; '.join(en_parts)} — see that case's {en_notice}",
    )
