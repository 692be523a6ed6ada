"""The command line tells of the applicant's earlier cases of the same item and accepts all
the same: ``import`` per line (``earlier_cases``, ``name_on_file_differs`` in ``--json``, a
warning on stderr), ``case accept`` likewise; the existing fields stay as they were."""

from __future__ import annotations

import json

from counter_app.services import intake
from counter_app.services.bundle_import import import_file_line
from tests.services.conftest import MOMENT, complete_marks, item_named, request_for
from tests.services.import_lines import line, number, results
from tests.services.preapp_samples import PAPER, sample_preapp

IMPORT_FIELDS = {"line", "status", "case_id", "case_no", "errors", "replayed"}


def test_import_reports_the_earlier_cases_of_each_line_and_accepts_them(cli, tmp_path):
    person = number(1)
    spaced = " ".join(person[i : i + 6] for i in range(0, 18, 6))
    lines = [
        line(1),
        line(1, request_id="11111111-1111-4111-8111-111111111111"),
        line(
            1, applicant={"type": "person", "id_type": "111", "id_number": spaced, "name": "李四"}
        ),
        line(2),
    ]
    source = tmp_path / "dup.jsonl"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")

    done = cli("import", str(source), "--json")

    assert done.returncode == 0, done.stderr
    out = results(done.stdout)
    assert [r["status"] for r in out] == ["accepted"] * 4
    assert all(set(r) >= IMPORT_FIELDS for r in out)
    first, second, third, other = out
    assert first["earlier_cases"] == [] and not first["name_on_file_differs"]
    assert [c["case_no"] for c in second["earlier_cases"]] == [first["case_no"]]
    assert second["earlier_cases"][0]["state"] == "accepted"
    assert second["earlier_cases"][0]["created_at"].endswith("Z")
    assert [c["case_no"] for c in third["earlier_cases"]] == [first["case_no"], second["case_no"]]
    assert third["name_on_file_differs"] and not second["name_on_file_differs"]
    assert other["earlier_cases"] == [] and not other["name_on_file_differs"]
    assert f"第 2 行：注意：该申请人已有同一事项的办件：办件 {first['case_no']}（已受理" in (
        done.stderr
    )
    assert "line 3: Note: this ID number is on file under another name" in done.stderr
    assert "第 1 行" not in done.stderr and "第 4 行" not in done.stderr


def test_import_in_english_warns_in_english_only(cli, tmp_path):
    source = tmp_path / "dup.jsonl"
    source.write_text(
        line(3) + "\n" + line(3, request_id="22222222-2222-4222-8222-222222222222") + "\n",
        encoding="utf-8",
    )

    done = cli("--lang", "en", "import", str(source))

    assert done.returncode == 0, done.stderr
    assert "line 2: Note: the applicant already has a case of the same item" in done.stderr
    assert "注意" not in done.stderr


def test_a_replayed_line_reports_the_others_not_itself(intake_store, clerk):
    raw = line(4).encode()
    first = import_file_line(intake_store, clerk, 1, raw)
    again = import_file_line(intake_store, clerk, 2, raw)

    assert again["replayed"] and again["case_id"] == first["case_id"]
    assert again["earlier_cases"] == []


def test_an_error_line_carries_no_lookup(intake_store, clerk):
    bad = import_file_line(intake_store, clerk, 1, b"{}")

    assert bad["status"] == "error" and "earlier_cases" not in bad


def test_case_accept_names_the_applicants_other_case_of_the_item(cli, intake_store, clerk):
    item = item_named(intake_store, "老年综合津贴申领")
    marks = complete_marks(item)
    accepted = intake.accept(intake_store, request_for(item, marks), clerk, now=MOMENT)
    notified = intake.notify(intake_store, request_for(item, marks[:1]), clerk, now=MOMENT)
    received = ",".join(m.code for m in marks[1:])

    done = cli("case", "accept", notified.case_no, "--received", received, "--json")

    assert done.returncode == 0, done.stderr
    shown = json.loads(done.stdout)
    assert shown["state"] == "accepted" and shown["case_no"] == notified.case_no
    assert [c["case_no"] for c in shown["earlier_cases"]] == [accepted.case_no]
    assert shown["name_on_file_differs"] is False
    assert f"办件 {accepted.case_no}（已受理" in done.stderr
    assert f"{accepted.case_no} (Accepted" in done.stderr


def test_case_accept_of_a_first_case_warns_of_nothing(cli, intake_store, clerk):
    item = item_named(intake_store, "老年综合津贴申领")
    marks = complete_marks(item)
    request = request_for(item, marks[:1], name="赵六", number=number(5))
    notified = intake.notify(intake_store, request, clerk, now=MOMENT)

    done = cli(
        "case", "accept", notified.case_no, "--received", ",".join(m.code for m in marks[1:])
    )

    assert done.returncode == 0, done.stderr
    assert done.stderr == ""


def test_a_case_from_a_pre_application_tells_of_the_earlier_case_of_its_item(
    intake_store, cli
) -> None:
    first = sample_preapp(intake_store)
    second = sample_preapp(intake_store)  # submitted twice online
    received = ",".join(PAPER)

    taken = cli("case", "from-preapp", first, "--received", received, "--json")
    assert taken.returncode == 0, taken.stderr
    first_case = json.loads(taken.stdout)
    assert first_case["earlier_cases"] == [] and taken.stderr == ""

    again = cli("case", "from-preapp", second, "--received", received, "--json")

    assert again.returncode == 0, again.stderr  # the clerk decides; nothing is refused
    found = json.loads(again.stdout)
    assert [c["case_no"] for c in found["earlier_cases"]] == [first_case["case_no"]]
    assert f"注意：该申请人已有同一事项的办件：办件 {first_case['case_no']}" in again.stderr
