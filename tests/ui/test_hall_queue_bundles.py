"""The supervisor's hall queue shows the bundle (一件事) a case was decided in after its item,
in the item's cell and its tooltip; a case of this workstation whose bundle the catalog
cannot name is still marked as one of a bundle; a case decided alone shows its item only."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt

from counter_app.services.hall_queue import QueueEntry
from ui.hall_queue import QueueTableModel

ALONE = QueueEntry(
    case_id="00000000-0000-4000-8000-000000000001",
    case_no="310104-TRAIN-W02-D1-20261127-000001",
    window_code="W02",
    clerk="clerk2",
    item_code="11310104002425223R005002200001",
    item_name="失业登记",
    state="accepted",
    sync_state="synced",
    received_at="2026-11-27T01:00:00.000000Z",
    accepted_at="2026-11-27T01:00:00.000000Z",
    promised_date="2026-12-08",
    days_left=11,
    flags=(),
    local=False,
    problem=None,
    bundle_id=None,
    bundle_name=None,
)
BUNDLE_ID = "b0000000-0000-4000-8000-000000000001"


def test_the_item_cell_names_the_bundle_after_the_item(qapp) -> None:
    model = QueueTableModel("zh")
    named = replace(ALONE, bundle_id=BUNDLE_ID, bundle_name="失业一件事")
    unnamed = replace(ALONE, bundle_id=BUNDLE_ID, local=True, sync_state="pending")
    model.set_rows([named, unnamed, ALONE], {})
    column = QueueTableModel.COLUMNS.index("item_name")
    for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
        assert [model.data(model.index(row, column), role) for row in range(3)] == [
            "失业登记 ·〔失业一件事〕",
            "失业登记 ·〔一件事〕",
            "失业登记",
        ]
