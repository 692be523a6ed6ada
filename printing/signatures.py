"""The lines a copy is signed on: the applicant (or their agent, or the collector), the clerk, the date and the
hall's seal on A4; three short lines on the roll."""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer, Table, TableStyle

from printing import texts
from printing.document_data import DocumentKind
from printing.geometry import ROLL_GEOMETRY
from printing.styles import by_lang, plain_commands
from printing.typesetter import Typesetter


def _signer(ts: Typesetter) -> str:
    """Who signs for the applicant's side: whoever collected the result on the 领取回执 (a
    proxy, perhaps); the 代办人 / 经办人 who came for the applicant; the applicant."""
    if ts.data.kind is DocumentKind.HANDOVER:
        return ts.t("sign_collector")
    agent = ts.data.agent
    if agent is not None:
        zh, en = agent.role
        return ts.pick((f"{zh}（签字）", f"{en} (signature)"))
    return ts.t("sign_applicant")


def signatures(ts: Typesetter) -> list[Flowable]:
    w = ts.g.width
    signer = _signer(ts)
    rule = ("LINEBELOW", (1, 0), (1, -1), ts.g.rule, colors.black)
    roll = ts.g is ROLL_GEOMETRY
    if roll:
        rows = [
            [ts.p(label + texts.colon(ts.lang), ts.s.small), ""]
            for label in (signer, ts.t("sign_clerk"), ts.t("date"))
        ]
        label_w = by_lang(ts.lang, zh=24, en=32, both=32) * mm
        table = Table(rows, colWidths=[label_w, w - label_w], rowHeights=[7 * mm] * 3)
        table.setStyle(
            TableStyle(
                [
                    *plain_commands(ts.fonts.primary),
                    rule,
                    ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                ]
            )
        )
        return [Spacer(1, 3 * mm), table]
    label_w = by_lang(ts.lang, zh=34, en=40, both=40) * mm
    half = w / 2
    rows = [
        [
            ts.p(signer + texts.colon(ts.lang), ts.s.body),
            "",
            ts.p(ts.t("sign_clerk") + texts.colon(ts.lang), ts.s.body),
            "",
        ],
        [
            ts.p(ts.t("date") + texts.colon(ts.lang), ts.s.body),
            "",
            ts.p(ts.t("seal"), ts.s.body),
            "",
        ],
    ]
    table = Table(
        rows,
        colWidths=[label_w, half - label_w - 6 * mm, label_w + 6 * mm, half - label_w],
        rowHeights=[11 * mm, 11 * mm],
    )
    table.setStyle(
        TableStyle(
            [
                *plain_commands(ts.fonts.primary),
                ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                ("LINEBELOW", (1, 0), (1, 1), ts.g.rule, colors.black),
                ("LINEBELOW", (3, 0), (3, 0), ts.g.rule, colors.black),
                # Both lines on one page; the copy keeps them with the block before them.
                ("NOSPLIT", (0, 0), (-1, -1)),
            ]
        )
    )
    return [Spacer(1, 4 * mm), table]
