"""A power cut between a receipt's archived copy and its register row
(``power_cut_receipt.py``): the copy is on the disk, the register does not hold it. Before,
every later issue on that window and day took the same serial and was refused
(``archived_document_exists``: "ask the system administrator"); now the copy the unfinished
issue left is replaced and the receipt issued under the serial that was never taken."""

from __future__ import annotations

import json

from tests.store.power_cut_disk import run_in_own_mount_namespace


def test_a_receipt_cut_off_before_its_register_row_is_issued_again(tmp_path) -> None:
    done = run_in_own_mount_namespace("tests.printing.power_cut_receipt", str(tmp_path))
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)

    assert report["cut_exit"] != 0 and report["cut_out"] is False
    [left] = report["left_after_cut"]  # the copy is durable, its register row never was
    assert report["again_exit"] == 0, report["again"]
    serial = report["again"]["serial"]
    assert left == f"{serial}.pdf"
    assert report["register"] == [{"serial": serial, "copy_is_the_paper": True}]
    assert report["archived"] == [left]
