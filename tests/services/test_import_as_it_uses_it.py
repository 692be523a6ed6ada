"""``counter-app import`` as hall IT uses it: a file cleaned up (``jq -c .``, ``jq -S``, a
BOM, CRLF) and run again replays its cases, names the import cleans up included; a reused
``request_id`` with other content, an unknown key or a 容缺 mark is refused by name; one
naming a purged case is a replay that says so, one naming an unreadable case that line's
error; ``--check`` keeps nothing; an encoding problem names its fix; a line repeated in one
run names the line it repeats."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import replace
from pathlib import Path

from counter_app.services import intake
from counter_app.services.auth import User
from counter_app.services.bundle_import import import_file_line
from counter_app.services.case_import import bytes_request_id, line_document, parse_document
from counter_app.services.retention import purge_expired
from counter_app.store.database import Store
from tests.services.conftest import MOMENT
from tests.services.end_of_day_cases import answer
from tests.services.import_lines import MATERIALS, line, number, results
from tests.services.retention_cases import LATER

OWN_ID = "0f3b6a8e-52c4-4d3e-9a51-2c7e8d9b1a40"


def write_lines(path: Path, lines: list[str], *, newline: str = "\n") -> Path:
    path.write_text(newline.join(lines) + newline, encoding="utf-8", newline="")
    return path


def reformatted(text: str, **dumps: object) -> str:
    return json.dumps(json.loads(text), ensure_ascii=False, **dumps)  # type: ignore[arg-type]


def store_counts(db_path: Path) -> dict[str, object]:
    """What an import would change: cases and their numbers, the audit log, the outbox and
    the sequences numbers are taken from."""
    with sqlite3.connect(db_path) as conn:
        return {
            "cases": conn.execute("SELECT case_no FROM cases ORDER BY case_no").fetchall(),
            "audit": conn.execute("SELECT count(*) FROM audit_log").fetchone(),
            "outbox": conn.execute("SELECT count(*) FROM outbox").fetchone(),
            "sequences": conn.execute("SELECT * FROM case_number_sequence").fetchall(),
        }


def test_a_cleaned_up_file_run_again_makes_no_case_twice(run_cli, tmp_path):
    lines = [line(1), line(2, decision="notify", materials=MATERIALS[:1]), line(3)]
    first = results(
        run_cli("import", str(write_lines(tmp_path / "a.jsonl", lines)), "--json").stdout
    )
    assert [r["status"] for r in first] == ["accepted", "notified", "accepted"]

    # jq -c . (no spaces, key order kept), jq -S (keys sorted), Windows line ends and a BOM.
    cleaned = [reformatted(text, separators=(",", ":")) for text in lines]
    cleaned[1] = reformatted(lines[1], sort_keys=True, indent=None)
    source = tmp_path / "b.jsonl"
    source.write_bytes(b"\xef\xbb\xbf" + ("\r\n".join(cleaned) + "\r\n").encode("utf-8"))
    done = run_cli("import", str(source), "--json")
    again = results(done.stdout)
    assert done.returncode == 0, done.stdout
    assert all(r["replayed"] for r in again)
    assert [r["case_no"] for r in again] == [r["case_no"] for r in first]
    assert [r["case_id"] for r in again] == [r["case_id"] for r in first]
    assert len(results(run_cli("cases", "--json").stdout)[0]["cases"]) == 3


def test_a_case_imported_under_its_bytes_is_found_again(intake_store: Store, clerk: User):
    raw = line(4).encode("utf-8")
    parsed = parse_document(raw, line_document(raw))
    # What an import made before lines were named by their canonical JSON.
    before = intake.accept(
        intake_store,
        replace(parsed.request, request_id=bytes_request_id(raw)),
        clerk,
        now=MOMENT,
    )

    again = import_file_line(intake_store, clerk, 1, raw, now=MOMENT)

    assert again["replayed"] is True and again["case_id"] == before.case_id
    assert again["request_id"] == bytes_request_id(raw)


def test_a_request_id_reused_for_other_content_is_refused(run_cli, tmp_path):
    original = line(5, request_id=OWN_ID)
    corrected = line(5, request_id=OWN_ID, decision="notify", materials=MATERIALS[:1])
    other_person = line(6, request_id=OWN_ID)
    source = write_lines(
        tmp_path / "ids.jsonl",
        [original, reformatted(original, sort_keys=True), corrected, other_person],
    )
    done = run_cli("import", str(source), "--json")
    out = results(done.stdout)
    assert done.returncode == 1
    assert [r["status"] for r in out] == ["accepted", "accepted", "error", "error"]
    assert out[1]["replayed"] is True and out[1]["case_id"] == out[0]["case_id"]
    for refused in out[2:]:
        (error,) = refused["errors"]
        assert error["field"] == "request_id"
        assert error["message"].startswith("同一请求编号已用于内容不同的办件")
        assert out[0]["case_no"] in error["message"]
    cases = results(run_cli("cases", "--json").stdout)[0]["cases"]
    assert len(cases) == 1


def test_names_the_import_cleans_up_replay_under_their_own_request_id(run_cli, tmp_path):
    # A full-width space, a full stop between Chinese parts, full-width letters and a curly
    # quote: stored cleaned up, the same line run again is the same case.
    names = ["王　小明", "买买提。艾力", "Ｊｏｈｎ　O’Brien"]
    lines = [
        line(
            22 + i,
            request_id=f"7c1e2d3a-4b5c-4d6e-8f70-81929394a5b{i}",
            applicant={
                "type": "person",
                "id_type": "111",
                "id_number": number(22 + i),
                "name": name,
            },
        )
        for i, name in enumerate(names)
    ]
    source = write_lines(tmp_path / "names.jsonl", lines)
    first = results(run_cli("import", str(source), "--json").stdout)
    assert [r["status"] for r in first] == ["accepted"] * 3

    done = run_cli("import", str(source), "--json")
    again = results(done.stdout)
    assert done.returncode == 0, done.stdout
    assert all(r["replayed"] for r in again)
    assert [r["case_id"] for r in again] == [r["case_id"] for r in first]


def test_a_request_id_of_a_purged_case_is_a_replay_that_says_so(intake_store: Store, clerk: User):
    purged = line(25, decision="refuse", reason="户籍不在本区", request_id=OWN_ID).encode()
    case_id = import_file_line(intake_store, clerk, 1, purged, now=MOMENT)["case_id"]
    answer(intake_store, case_id, "stored")
    assert purge_expired(intake_store, actor="cli:it", now=LATER).cases == 1
    following = line(26).encode()

    for check in (True, False):
        replayed, after = (
            import_file_line(intake_store, clerk, n, raw, now=LATER, check=check)
            for n, raw in ((1, purged), (2, following))
        )
        assert replayed["replayed"] is True and replayed["case_id"] == case_id
        assert replayed["status"] == ("would_refuse" if check else "refused")
        assert replayed["content_compared"] is False
        assert "个人信息已按保留期限清除" in replayed["notice"]
        assert after["status"] == ("would_accept" if check else "accepted")


def test_a_request_id_of_an_unreadable_case_is_that_line_s_error(intake_store: Store, clerk: User):
    damaged = line(27, request_id=OWN_ID).encode()
    made = import_file_line(intake_store, clerk, 1, damaged, now=MOMENT)
    with sqlite3.connect(intake_store.home.db_path) as raw:
        raw.execute(
            "UPDATE case_versions SET content_enc = X'' WHERE case_id = ?", (made["case_id"],)
        )
    following = line(28).encode()

    for check in (True, False):
        refused, after = (
            import_file_line(intake_store, clerk, n, raw, now=MOMENT, check=check)
            for n, raw in ((1, damaged), (2, following))
        )
        (error,) = refused["errors"]
        assert error["field"] == "request_id" and made["case_no"] in error["message"]
        assert "无法解密" in error["message"]
        assert after["status"] == ("would_accept" if check else "accepted")


def test_unknown_keys_are_refused_by_name(run_cli, tmp_path):
    lines = [
        line(7, vendor_case_no="HX2023-0001", accepted_at="2023-05-01T09:00:00"),
        line(8, situaton="S01"),
        line(
            9,
            applicant={"id_number": "310104195001010000", "name": "张三", "gender": "男"},
            materials=[{**MATERIALS[0], "pages": 2}, *MATERIALS[1:]],
        ),
    ]
    done = run_cli("import", str(write_lines(tmp_path / "keys.jsonl", lines)), "--json")
    out = results(done.stdout)
    assert done.returncode == 1
    assert all(r["status"] == "error" and r["case_id"] is None for r in out)
    errors = {e["field"]: e for r in out for e in r["errors"]}
    for history in ("vendor_case_no", "accepted_at"):
        assert "导入按现在受理办件，不沿用原系统的编号、日期和状态" in errors[history]["message"]
        assert "service_item" in errors[history]["message"]  # the keys accepted
    assert "是否想写 situation" in errors["situaton"]["message"]
    assert "applicant.gender" in errors and "materials[0].pages" in errors
    assert results(run_cli("cases", "--json").stdout)[0]["cases"] == []


def test_check_keeps_nothing_and_says_what_each_line_would_be(run_cli, home, tmp_path):
    imported = line(10)
    run_cli("import", str(write_lines(tmp_path / "first.jsonl", [imported])), "--json")
    before = store_counts(home.db_path)
    lines = [
        imported,  # decided by the run before
        line(11),
        line(12, decision="notify", materials=MATERIALS[:1]),
        line(13, decision="refuse", reason="户籍不在本区"),
        line(14, materials=MATERIALS[:1]),  # an accept lacking materials
        line(11),  # the same as line 2
    ]
    source = write_lines(tmp_path / "check.jsonl", lines)
    done = run_cli("import", str(source), "--check", "--json")
    out = results(done.stdout)

    assert done.returncode == 1
    assert [r["status"] for r in out] == [
        "would_accept",
        "would_accept",
        "would_notify",
        "would_refuse",
        "error",
        "would_accept",
    ]
    assert out[0]["replayed"] is True and out[0]["case_no"] is not None
    assert all(r["case_id"] is None and r["case_no"] is None for r in out[1:])
    assert out[5]["same_as_line"] == 2
    assert store_counts(home.db_path) == before

    text = run_cli("import", str(source), "--check").stdout
    assert "第 2 行：将受理" in text and "第 6 行：与第 2 行相同，不会另建办件" in text


def test_check_takes_no_supervisor_approval(run_cli, tmp_path):
    source = write_lines(tmp_path / "one.jsonl", [line(15)])
    done = run_cli(
        "import",
        str(source),
        "--check",
        "--approved-by",
        "chief1",
        "--reason",
        "x",
        "--password-stdin",
        input="pw\n",
    )
    assert done.returncode != 0 and "--check" in done.stderr


def test_encoding_problems_name_their_fix(run_cli, tmp_path):
    whole = line(16).encode("utf-8")
    gbk = line(17).encode("gb18030")
    cut = line(18).encode("utf-8")
    cut = cut[: cut.index("𠮷".encode()) + 2]  # the file ends inside a character
    source = tmp_path / "enc.jsonl"
    source.write_bytes(b"\xef\xbb\xbf" + whole + b"\n" + gbk + b"\n" + cut)
    done = run_cli("import", str(source), "--json")
    out = results(done.stdout)
    assert [r["status"] for r in out] == ["accepted", "error", "error"]
    assert "iconv -f GB18030 -t UTF-8" in out[1]["errors"][0]["message"]
    assert out[2]["errors"][0]["message"].startswith("末行不完整")


def test_a_line_repeated_in_one_run_names_the_line(run_cli, tmp_path):
    source = write_lines(tmp_path / "twice.jsonl", [line(19), line(20), line(19)])
    done = run_cli("import", str(source))
    assert done.returncode == 0
    third = done.stdout.splitlines()[-1]
    assert third.startswith("第 3 行：与第 1 行相同") and "已导入过" not in third


def test_a_deferred_material_on_accept_says_what_to_do(run_cli, tmp_path):
    deferred = [MATERIALS[0], MATERIALS[1], {"code": "M03", "status": "deferred"}, MATERIALS[3]]
    source = write_lines(tmp_path / "defer.jsonl", [line(21, materials=deferred)])
    out = results(run_cli("import", str(source), "--json").stdout)
    (error,) = out[0]["errors"]
    assert error["field"] == "materials[2].status"
    assert "值班长" in error["message"] and "notify" in error["message"]
    assert "commitment" in error["message"] and "missing" in error["message"]
