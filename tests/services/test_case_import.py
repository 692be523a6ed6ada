import json
import os
import signal
import sqlite3
import subprocess
import sys
import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from counter_app.domain.case_states import STATE_NAMES, SYNC_STATE_NAMES, CaseState
from counter_app.domain.checklist import MATERIAL_STATUS_NAMES, MaterialStatus
from counter_app.services.case_import import line_document, parse_document
from counter_app.services.intake_checks import IntakeRejected
from tests.services.import_lines import ITEM, MATERIALS, incomplete_cases, line, number, results

RERUN = 150  # lines re-imported after the kill


def test_import_reports_each_line_and_never_stops(run_cli, tmp_path):
    lines = [
        line(1),
        "{not json",
        line(
            2,
            applicant={
                "type": "person",
                "id_type": "111",
                "id_number": "310104195001010000",
                "name": "",
            },
        ),
        line(3, materials=MATERIALS[:1]),
        line(4, decision="notify", materials=MATERIALS[:1]),
        line(5, decision="refuse", reason="户籍不在本区"),
        "[]",
        line(6, materials=[{"code": "M01", "status": "lost"}]),
        line(7),
    ]
    source = tmp_path / "cases.jsonl"
    source.write_text("\n".join(lines) + "\n\n", encoding="utf-8")
    done = run_cli("import", str(source), "--json")
    assert done.returncode == 1, done.stderr
    out = results(done.stdout)
    assert [r["line"] for r in out] == list(range(1, 10))
    assert [r["status"] for r in out] == [
        "accepted",
        "error",
        "error",
        "error",
        "notified",
        "refused",
        "error",
        "error",
        "accepted",
    ]
    by_line = {r["line"]: r for r in out}
    assert {e["field"] for e in by_line[3]["errors"]} == {"applicant.name", "applicant.id_number"}
    assert {e["field"] for e in by_line[4]["errors"]} == {
        "materials.M02",
        "materials.M03",
        "materials.M04",
    }
    assert {e["field"] for e in by_line[8]["errors"]} == {"materials[0].status"}
    assert all(r["case_no"] and r["case_id"] for r in out if r["status"] != "error")
    listed = json.loads(run_cli("cases", "--json").stdout)["cases"]
    assert len(listed) == 4
    assert set(listed[0]) == {
        "case_id",
        "case_no",
        "state",
        "sync_state",
        "service_item",
        "service_item_name",
        "accepted_at",
        "applicant_masked_id",
        "clerk",
        "clerk_name",
    }
    accepted = json.loads(run_cli("cases", "--json", "--state", "accepted").stdout)["cases"]
    assert {c["case_no"] for c in accepted} == {by_line[1]["case_no"], by_line[9]["case_no"]}
    shown = json.loads(run_cli("case", "show", by_line[1]["case_no"], "--json").stdout)
    assert (
        shown["applicant_name"] == "测试𠮷1"
        and shown["history"]["versions"][0]["data_version"] == 1
    )
    assert number(1) not in json.dumps(shown)
    # Importing the same file again makes nothing new.
    again = results(run_cli("import", str(source), "--json").stdout)
    assert [r["case_id"] for r in again] == [r["case_id"] for r in out]
    assert all(r["replayed"] for r in again if r["status"] != "error")


def test_catalog_command(run_cli):
    done = run_cli("catalog", "--json")
    assert done.returncode == 0, done.stderr
    items = json.loads(done.stdout)["items"]
    assert len(items) >= 12
    allowance = next(i for i in items if i["code"] == ITEM)
    assert allowance["materials"][0] == {
        "code": "M01",
        "name": "申请人居民身份证",
        "required": True,
    }
    assert allowance["situations"][1]["name"] == "委托他人代办"


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=5)
    ),
    max_leaves=20,
)
plausible = st.fixed_dictionaries(
    {
        "service_item": st.one_of(st.just(ITEM), st.text(max_size=5), st.integers()),
        "decision": st.sampled_from(["accept", "notify", "refuse", "maybe", None]),
        "applicant": st.one_of(
            json_values,
            st.fixed_dictionaries(
                {
                    "id_type": st.sampled_from(["111", "414", "990", 7]),
                    "id_number": st.text(max_size=20),
                    "name": st.text(max_size=10),
                }
            ),
        ),
        "materials": st.one_of(
            json_values,
            st.lists(
                st.dictionaries(st.sampled_from(["code", "status", "form", "count"]), json_values)
            ),
        ),
    }
)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.one_of(
        st.binary(max_size=200),
        json_values.map(lambda v: json.dumps(v).encode()),
        plausible.map(lambda v: json.dumps(v).encode()),
    )
)
def test_fuzz_line_parser_always_answers(raw):
    try:
        parsed = parse_document(raw, line_document(raw))
    except IntakeRejected as exc:
        assert exc.problems and all(p.field and p.zh and p.en for p in exc.problems)
    else:
        assert parsed.decision in ("accept", "notify", "refuse") and parsed.request.request_id


def test_kill_9_mid_import_loses_nothing_reported(home, tmp_path):
    total, stop_after = 3000, 150
    source = tmp_path / "big.jsonl"
    source.write_text("\n".join(line(i) for i in range(total)) + "\n", encoding="utf-8")
    command = [sys.executable, "-m", "counter_app.cli.main", "--home", str(home.root)]
    process = subprocess.Popen(
        [*command, "import", str(source), "--json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    reported = []
    try:
        deadline = time.monotonic() + 120
        assert process.stdout is not None
        while len(reported) < stop_after and time.monotonic() < deadline:
            text = process.stdout.readline()
            if not text:
                break
            reported.append(json.loads(text))
        os.killpg(process.pid, signal.SIGKILL)
        # Results printed between our last read and the kill were reported too.
        printed = reported + results(process.stdout.read().decode())
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=30)
        process.stdout.close()
        process.stderr.close()
    assert process.returncode == -signal.SIGKILL
    assert len(reported) == stop_after and all(r["status"] == "accepted" for r in printed)
    assert len(printed) < stop_after + RERUN

    conn = sqlite3.connect(home.db_path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        present = {row[0] for row in conn.execute("SELECT case_id FROM cases")}
        assert {r["case_id"] for r in printed} <= present
        # At most the line in flight committed without its result being printed.
        assert len(present) - len(printed) in (0, 1)
        assert incomplete_cases(conn) == 0
    finally:
        conn.close()

    # Re-run from the first line we had not read: the lines already committed come back as
    # replayed with their case, the others are new, and nothing is duplicated.
    remaining = tmp_path / "remaining.jsonl"
    remaining.write_text(
        "\n".join(line(i) for i in range(stop_after, stop_after + RERUN)) + "\n", encoding="utf-8"
    )
    done = subprocess.run(
        [*command, "import", str(remaining), "--json"],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    rerun = results(done.stdout)
    assert all(r["status"] == "accepted" for r in rerun) and len(rerun) == RERUN
    assert sum(r["replayed"] for r in rerun) == len(present) - stop_after
    earlier = {r["line"]: r["case_id"] for r in printed}
    for r in rerun:
        if r["line"] + stop_after in earlier:
            assert r["replayed"] and r["case_id"] == earlier[r["line"] + stop_after]
    conn = sqlite3.connect(home.db_path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT count(*) FROM cases").fetchone()[0] == stop_after + RERUN
        distinct = conn.execute("SELECT count(DISTINCT case_no) FROM cases").fetchone()[0]
        assert distinct == stop_after + RERUN
    finally:
        conn.close()


def test_fuzz_import_line_against_a_real_store(intake_store, clerk):
    """Whatever the line, import answers with a result (never an exception), and a line that
    fails leaves nothing behind."""
    from counter_app.services.bundle_import import import_file_line

    texts = st.text(max_size=12) | st.sampled_from(
        ["\ud800", "张\x00", "𠮷", "E1234567", number(1)]
    )
    lines = st.fixed_dictionaries(
        {
            "service_item": st.sampled_from([ITEM, "NOPE"]),
            "decision": st.sampled_from(["accept", "notify", "refuse"]),
            "reason": texts,
            "applicant": st.fixed_dictionaries(
                {
                    "id_type": st.sampled_from(["111", "414", "990"]),
                    "id_number": texts,
                    "name": texts,
                    "phone": texts,
                    "address": texts,
                }
            ),
            "materials": st.lists(
                st.fixed_dictionaries(
                    {
                        "code": st.sampled_from(["M01", "M02", "M03", "M04", "X"]),
                        "status": st.sampled_from(
                            ["received", "exempt", "deferred", "commitment", "missing"]
                        ),
                        "form": st.sampled_from(["original", "copy", "electronic"]),
                        "count": st.integers(-1, 3),
                        "note": texts,
                    }
                ),
                max_size=5,
            ),
        }
    )

    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(lines)
    def check(document):
        before = intake_store.db.execute("SELECT count(*) FROM cases").fetchone()[0]
        result = import_file_line(intake_store, clerk, 1, json.dumps(document).encode())
        after = intake_store.db.execute("SELECT count(*) FROM cases").fetchone()[0]
        if result["status"] == "error":
            assert result["errors"] and all(e["field"] and e["message"] for e in result["errors"])
            assert after == before
        else:
            assert result["status"] in ("accepted", "notified", "refused") and after - before in (
                0,
                1,
            )

    check()


def test_imported_case_records_its_identity_as_imported(intake_store, clerk):
    from counter_app.services.bundle_import import import_file_line
    from counter_app.store import cases as case_rows

    result = import_file_line(intake_store, clerk, 1, line(7).encode())
    assert result["status"] == "accepted", result
    record = case_rows.find_by_id_number(intake_store, number(7))[0]
    assert record.identity_source is not None and record.identity_source["kind"] == "import"


def test_the_case_list_names_states_from_the_core_table(run_cli, tmp_path):
    source = tmp_path / "cases.jsonl"
    source.write_text(line(1) + "\n", encoding="utf-8")
    run_cli("import", str(source), "--json")
    zh, en = STATE_NAMES[CaseState.ACCEPTED]
    waiting_zh, waiting_en = SYNC_STATE_NAMES["pending"]  # and sync states, as the window
    assert f"{zh}  {waiting_zh}" in run_cli("cases").stdout
    assert f"{en}  {waiting_en}" in run_cli("--lang", "en", "cases").stdout
    case_no = json.loads(run_cli("cases", "--json").stdout)["cases"][0]["case_no"]
    shown = run_cli("case", "show", case_no).stdout
    assert f"state                {zh}" in shown and f"sync_state           {waiting_zh}" in shown
    # Materials and history in words too: status and form, the event's kind and its states.
    received_zh, received_en = MATERIAL_STATUS_NAMES[MaterialStatus.RECEIVED]
    assert f"：{received_zh} 原件 ×1" in shown
    assert f"状态变更 {STATE_NAMES[CaseState.RECEIVED][0]} → {zh}" in shown and "版本 1 " in shown
    in_english = run_cli("--lang", "en", "case", "show", case_no).stdout
    assert (
        f": {received_en} original ×1" in in_english
        and f"State change Received → {en}" in in_english
    )


def test_an_imported_refusal_keeps_where_to_apply_instead(run_cli, tmp_path):
    source = tmp_path / "cases.jsonl"
    lines = [
        line(1, decision="refuse", reason="户籍不在本区", redirect_to="长宁区社区事务受理服务中心"),
        line(2, redirect_to="长宁区社区事务受理服务中心"),  # only a refusal says where else
        line(3, decision="refuse", reason="户籍不在本区", redirect_to=5),
    ]
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = results(run_cli("import", str(source), "--json").stdout)
    assert [r["status"] for r in out] == ["refused", "error", "error"]
    assert [e["field"] for e in out[1]["errors"]] == ["redirect_to"]
    assert [e["field"] for e in out[2]["errors"]] == ["redirect_to"]
    shown = json.loads(run_cli("case", "show", out[0]["case_no"], "--json").stdout)
    assert shown["redirect_to"] == "长宁区社区事务受理服务中心"
    assert "长宁区社区事务受理服务中心" in run_cli("case", "show", out[0]["case_no"]).stdout


def test_import_without_json_speaks_the_language_asked_for(cli, tmp_path):
    source = tmp_path / "cases.jsonl"
    source.write_text(
        "\n".join([line(1), line(2, materials=MATERIALS[:1]), line(3, decision="refuse")]) + "\n",
        encoding="utf-8",
    )
    chinese = cli("import", str(source))
    said = chinese.stdout.splitlines()
    assert said[0].startswith("第 1 行：已受理 ") and said[-1].startswith("第 3 行：有误 [reason] ")
    assert [s for s in said if s.startswith("第 2 行：有误 [materials.")]
    (tmp_path / "more.jsonl").write_text(line(4) + "\n", encoding="utf-8")
    english = cli("--lang", "en", "import", str(tmp_path / "more.jsonl"))
    assert english.stdout.startswith("line 1: Accepted ")


def test_a_line_imported_before_says_so_with_the_case_as_it_stands_now(cli, tmp_path):
    source = tmp_path / "cases.jsonl"
    source.write_text(line(1) + "\n", encoding="utf-8")
    (first,) = results(cli("import", str(source), "--json").stdout)
    withdrawn = cli("case", "withdraw", first["case_no"], "--reason", "申请人撤回")
    assert withdrawn.returncode == 0, withdrawn.stderr

    again = cli("import", str(source))

    assert again.returncode == 0, again.stderr
    assert again.stdout.splitlines() == [
        f"第 1 行：已导入过，办件 {first['case_no']}（现为已撤回），未新建办件"
    ]
    english = cli("--lang", "en", "import", str(source)).stdout
    assert english.startswith(f"line 1: imported before as {first['case_no']} (now: Withdrawn)")
