"""A foreign applicant's nationality and birth date, given with a passport or permit, are kept
in the case document beside the number and told by ``counter-app case show`` (the birth date
masked, as the number is); a resident ID card's number carries the birth date, which is not
repeated."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from counter_app.config import load_config
from counter_app.home import Home
from counter_app.store.case_plaintext import case_document
from counter_app.store.database import open_store
from tests.conftest import CliRunner
from tests.services.import_lines import line, number, results

PASSPORT_HOLDER = {
    "type": "person",
    "id_type": "414",
    "doc_kind": "passport",
    "id_number": "533380006",
    "name": "琼斯",
    "english_name": "JONES, MARY",
    "nationality": "gbr",
    "birth_date": "1987/6/4",
}


def _imported(run_cli: CliRunner, tmp_path: Path, *lines: str) -> list[str]:
    source = tmp_path / "cases.jsonl"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = results(run_cli("import", str(source), "--json").stdout)
    assert [r["status"] for r in out] == ["accepted"] * len(lines), out
    return [str(r["case_no"]) for r in out]


def _stored_applicant(home: Home, case_id: str) -> dict[str, Any]:
    with open_store(home, load_config(home)) as store:
        return dict(case_document(store, case_id)["applicant"])


def test_a_passport_holders_nationality_and_birth_date_are_kept_and_shown(
    run_cli: CliRunner, home: Home, tmp_path: Path
) -> None:
    (case_no,) = _imported(run_cli, tmp_path, line(1, applicant=PASSPORT_HOLDER))
    shown = json.loads(run_cli("case", "show", case_no, "--json").stdout)
    assert (shown["nationality"], shown["masked_birth_date"]) == ("GBR", "1987-**-**")
    applicant = _stored_applicant(home, shown["case_id"])
    # As given, in the forms the document keeps: ISO 3166 upper case, an ISO date.
    assert (applicant["nationality"], applicant["birth_date"]) == ("GBR", "1987-06-04")

    text = run_cli("case", "show", case_no).stdout
    assert "GBR" in text and "1987-**-**" in text
    assert "1987-06-04" not in text and "1987-06-04" not in json.dumps(shown)


def test_a_resident_cards_case_document_holds_neither(
    run_cli: CliRunner, home: Home, tmp_path: Path
) -> None:
    born_1981 = {
        "type": "person",
        "id_type": "111",
        "id_number": number(31),
        "name": "居民",
        "birth_date": f"{number(31)[6:10]}-{number(31)[10:12]}-{number(31)[12:14]}",
    }
    (case_no,) = _imported(run_cli, tmp_path, line(31, applicant=born_1981))
    shown = json.loads(run_cli("case", "show", case_no, "--json").stdout)
    assert (shown["nationality"], shown["masked_birth_date"]) == (None, None)
    applicant = _stored_applicant(home, shown["case_id"])
    # Omitted rather than null: such a document hashes as it did before the fields.
    assert "nationality" not in applicant and "birth_date" not in applicant
    assert "masked_birth_date" not in run_cli("case", "show", case_no).stdout
