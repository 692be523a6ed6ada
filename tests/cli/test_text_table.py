"""The commands' text tables line up in a terminal, where a Chinese character takes two
columns: ``counter-app cases`` once padded by characters and ran its columns together."""

from __future__ import annotations

from counter_app.cli.text_table import aligned, clipped, columns


def test_cells_line_up_by_terminal_columns() -> None:
    rows = [
        ["0009", "已受理，材料容缺", "已上传", "3101**"],
        ["0007", "一次性告知（待补齐补正）", "冲突，待处理", "3201**"],
        ["0004", "Accepted", "Uploaded", "3301**"],
    ]
    lines = aligned(rows)
    starts = {columns(line[: line.index(row[3])]) for line, row in zip(lines, rows, strict=True)}
    assert len(starts) == 1  # the fourth column starts at one terminal column on every line
    assert columns("一次性告知") == 10 and columns("Accepted") == 8


def test_a_cut_cell_keeps_within_its_columns() -> None:
    cut = clipped("上海市居住证签注（居住证卡补领、换领）", 12)
    assert cut.endswith("…") and columns(cut) <= 12
