"""After restoring a backup taken earlier the same day, the next receipt never repeats a
case number or a document serial already handed out, and never overwrites an archived copy."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from counter_app.config import load_config
from counter_app.domain.case_number import parse_case_number
from counter_app.services import intake
from counter_app.services.auth import User
from counter_app.store.backup import create_backup, restore_backup
from counter_app.store.database import MIGRATIONS_TABLE, Store, open_store
from counter_app.store.migrations.registry import DOCUMENT_SEQUENCE_MIGRATION
from counter_app.store.safety_copies import UNSYNCED_KEPT_PREFIX, safety_copies
from printing.service import IssuedDocument, issue_document
from tests.services.conftest import MOMENT, complete_marks, item_named, request_for, resident_number

ALLOWANCE = "老年综合津贴申领"


def _accept(store: Store, clerk: User, serial: int) -> int:
    item = item_named(store, ALLOWANCE)
    request = request_for(
        item, complete_marks(item), number=resident_number(f"310104198001{serial:02d}123")
    )
    return parse_case_number(intake.accept(store, request, clerk, now=MOMENT).case_no).seq


def _accept_and_issue(store: Store, clerk: User, serial: int) -> IssuedDocument:
    """Accept a case and issue its receipt (the paper the citizen takes home)."""
    item = item_named(store, ALLOWANCE)
    request = request_for(
        item, complete_marks(item), number=resident_number(f"310104198002{serial:02d}123")
    )
    case_no = intake.accept(store, request, clerk, now=MOMENT).case_no
    return issue_document(
        store, store.config, store.home, case_no, actor=clerk.username, now=MOMENT
    )


def _serial_seq(document: IssuedDocument) -> int:
    return int(document.serial.rsplit("-", 1)[1])


def _print_morning_backup_afternoon(
    store: Store, clerk: User, tmp_path: Path
) -> tuple[Path, list[IssuedDocument]]:
    """Receipts 1-2, a backup, receipts 3-4 (on paper, archived, absent from the backup)."""
    printed = [_accept_and_issue(store, clerk, n) for n in (1, 2)]
    backup = create_backup(store, tmp_path / "morning.db").database
    printed += [_accept_and_issue(store, clerk, n) for n in (3, 4)]
    assert [_serial_seq(document) for document in printed] == [1, 2, 3, 4]
    store.close()
    return backup, printed


def test_a_same_day_restore_moves_the_sequence_past_every_issued_number(
    intake_store: Store, clerk: User, tmp_path: Path
) -> None:
    home = intake_store.home
    assert [_accept(intake_store, clerk, n) for n in (1, 2)] == [1, 2]
    backup = create_backup(intake_store, tmp_path / "morning.db").database
    # Receipts 3 and 4 are handed out after the backup, then the database is restored.
    assert [_accept(intake_store, clerk, n) for n in (3, 4)] == [3, 4]
    intake_store.close()

    result = restore_backup(home, load_config(home), backup, discard_unsynced=True)

    assert result.previous_numbers_read
    assert result.case_sequences_advanced == {MOMENT.date().isoformat(): 4}
    # Cases 3 and 4 live on only in the replaced database's copy: no pruning takes it.
    assert result.safety_copy is not None
    assert result.safety_copy.name.startswith(UNSYNCED_KEPT_PREFIX)
    assert result.safety_copy not in [copy.path for copy in safety_copies(home.backups_dir)]
    with open_store(home, load_config(home)) as store:
        assert store.db.execute("SELECT count(*) FROM cases").fetchone()[0] == 2
        assert _accept(store, clerk, 5) == 5


def test_numbers_of_a_database_too_damaged_to_open_are_still_read(
    intake_store: Store, clerk: User, tmp_path: Path
) -> None:
    """The start-up check refuses the file, but SQLite can still read its sequence."""
    home = intake_store.home
    _accept(intake_store, clerk, 1)
    backup = create_backup(intake_store, tmp_path / "morning.db").database
    for n in (2, 3):
        _accept(intake_store, clerk, n)
    intake_store.close()
    # Trailing garbage: not a whole number of pages, refused at start-up, readable by SQLite.
    with open(home.db_path, "ab") as handle:
        handle.write(b"\x00" * 100)

    result = restore_backup(home, load_config(home), backup, discard_unsynced=True)

    assert result.previous_numbers_read
    with open_store(home, load_config(home)) as store:
        assert _accept(store, clerk, 4) == 4


def test_an_unreadable_database_is_reported_and_the_last_receipt_fills_in(
    intake_store: Store, clerk: User, tmp_path: Path, cli
) -> None:
    home = intake_store.home
    _accept(intake_store, clerk, 1)
    backup = create_backup(intake_store, tmp_path / "morning.db").database
    handed_out = intake.accept(
        intake_store,
        request_for(
            item_named(intake_store, ALLOWANCE),
            complete_marks(item_named(intake_store, ALLOWANCE)),
            number=resident_number("31010419800102123"),
        ),
        clerk,
        now=MOMENT,
    ).case_no
    intake_store.close()
    home.db_path.write_bytes(b"\xff" * 8192)

    warned = cli("--lang", "en", "restore", str(backup))
    assert warned.returncode == 0, warned.stderr
    assert "could not be read" in warned.stderr and "--issued" in warned.stderr

    filled = cli("--lang", "en", "restore", str(backup), "--issued", handed_out)
    assert filled.returncode == 0, filled.stderr
    assert "could not be read" not in filled.stderr
    with open_store(home, load_config(home)) as store:
        assert _accept(store, clerk, 3) == parse_case_number(handed_out).seq + 1


def test_a_same_day_restore_never_reissues_a_document_serial(
    intake_store: Store, clerk: User, tmp_path: Path
) -> None:
    home = intake_store.home
    backup, printed = _print_morning_backup_afternoon(intake_store, clerk, tmp_path)
    archived = {document.pdf_path: document.pdf_path.read_bytes() for document in printed}

    result = restore_backup(home, load_config(home), backup, discard_unsynced=True)

    with open_store(home, load_config(home)) as store:
        after = _accept_and_issue(store, clerk, 5)
    assert _serial_seq(after) == 5
    assert {path: path.read_bytes() for path in archived} == archived
    assert result.document_sequences_advanced == {MOMENT.date().isoformat(): 4}


def test_the_replaced_database_tells_serials_whose_copies_are_gone(
    intake_store: Store, clerk: User, tmp_path: Path
) -> None:
    home = intake_store.home
    backup, printed = _print_morning_backup_afternoon(intake_store, clerk, tmp_path)
    for document in printed[2:]:
        document.pdf_path.unlink()  # e.g. copied away by hand: only the register remains

    restore_backup(home, load_config(home), backup, discard_unsynced=True)

    with open_store(home, load_config(home)) as store:
        assert _serial_seq(_accept_and_issue(store, clerk, 5)) == 5


def test_the_archive_tells_serials_when_the_replaced_database_cannot(
    intake_store: Store, clerk: User, tmp_path: Path, cli
) -> None:
    home = intake_store.home
    backup, _printed = _print_morning_backup_afternoon(intake_store, clerk, tmp_path)
    home.db_path.write_bytes(b"\xff" * 8192)

    restored = cli("--lang", "en", "restore", str(backup))

    assert restored.returncode == 0, restored.stderr
    assert "could not be read" in restored.stderr
    assert (
        f"The document serials of {MOMENT.date().isoformat()} now skip serials already issued:"
        " the next ends in 0005." in restored.stdout
    )
    with open_store(home, load_config(home)) as store:
        assert _serial_seq(_accept_and_issue(store, clerk, 5)) == 5


def test_a_backup_from_before_the_serial_sequence_is_advanced_once_migrated(
    intake_store: Store, clerk: User, tmp_path: Path
) -> None:
    home = intake_store.home
    backup, _printed = _print_morning_backup_afternoon(intake_store, clerk, tmp_path)
    older = sqlite3.connect(backup)
    with older:
        older.execute("DROP TABLE document_serial_sequence")
        older.execute(
            f"DELETE FROM {MIGRATIONS_TABLE} WHERE name = ?", (DOCUMENT_SEQUENCE_MIGRATION,)
        )
    older.close()

    result = restore_backup(home, load_config(home), backup, discard_unsynced=True)

    assert DOCUMENT_SEQUENCE_MIGRATION in result.schema_versions
    with open_store(home, load_config(home)) as store:
        assert _serial_seq(_accept_and_issue(store, clerk, 5)) == 5
