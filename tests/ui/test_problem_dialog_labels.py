"""The problem dialog names each field in the window's language, keeps its path in the last
column for IT, and says of a field that differs behind alike masks that it differs (masked),
counting it with the others; no value is shown in clear. What to do is said with the
dialog's own buttons."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

from counter_app.domain.case_field_labels import field_label
from counter_app.services.hall_queue import sync_problem
from counter_app.services.problems import ProblemCase
from sync.problems import Comparison, FieldRow
from ui.app import RunningApp
from ui.problems import DIFFERS, ProblemDialog

# path, this workstation's text, the platform's, whether the real values differ
ROWS = [
    ("applicant.name", "申***", "申***", True),
    ("materials.2.status", "received", "deferred", True),
    ("accepted_at", "2026-11-27T02:00:00Z", "2026-11-27T02:00:00Z", False),
    ("queue_number", "7", "7", False),
]


def _comparison() -> Comparison:
    return Comparison(
        case_id="id-1",
        case_no="H001-W01-D0001-20261127-000001",
        window_code="W01",
        own=True,
        local_version=2,
        platform_version=2,
        conflict_reason="content_differs",
        rows=[FieldRow(path, *field_label(path), a, b, differs) for path, a, b, differs in ROWS],
    )


def _dialog(app: RunningApp) -> ProblemDialog:
    problem = sync_problem("conflict", "content_differs", "内容不同", "Content differs")
    case = ProblemCase(
        "id-1", "H001-W01-D0001-20261127-000001", "W01", "clerk01", None, "accepted",
        "conflict", None, True, problem, None,
    )  # fmt: skip
    dialog = ProblemDialog(app.session, case, app.window)
    dialog._show(_comparison())
    return dialog


def _table(dialog: ProblemDialog) -> list[list[str]]:
    table = dialog.fields
    return [
        [table.item(row, column).text() for column in range(table.columnCount())]
        for row in range(table.rowCount())
    ]


# Per language: the field's words and the difference column of each row of ``ROWS``, the
# last two headers, and the count in the status line.
SHOWN = {
    "zh": (
        [
            ("申请人·姓名", "不同（已遮蔽）"),
            ("材料3·状态", "不同"),
            ("受理时间", ""),
            ("queue_number", ""),
        ],
        ["差异", "路径"],
        "有 2 个字段不同",
    ),
    "en": (
        [
            ("Applicant · name", "differs (masked)"),
            ("Material 3 · status", "differs"),
            ("Accepted at", ""),
            ("queue_number", ""),
        ],
        ["Difference", "Path"],
        "2 fields differ",
    ),
}


def test_fields_are_named_in_words_and_a_masked_difference_is_marked(
    qtbot, window_in: RunningApp
) -> None:
    dialog = _dialog(window_in)
    words, headers, count = SHOWN[window_in.session.lang]
    assert [dialog.fields.horizontalHeaderItem(c).text() for c in (3, 4)] == headers
    assert _table(dialog) == [
        [label, local, platform, difference, path]
        for (label, difference), (path, local, platform, _) in zip(words, ROWS, strict=True)
    ]
    assert count in dialog.status.text()
    # What to do is said with this dialog's buttons, not the command line's commands.
    advice = dialog.findChild(QLabel, "problemAdvice")
    assert advice is not None and "counter-app" not in advice.text()
    marked = [
        row
        for row in range(dialog.fields.rowCount())
        if dialog.fields.item(row, 1).background().color() == DIFFERS
    ]
    assert marked == [0, 1]
    dialog.close()
