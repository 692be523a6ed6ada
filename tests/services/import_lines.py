"""Lines of a case-import file (JSON Lines), as the import tests write them; the results the
import prints; the cases a store holds only in part."""

from __future__ import annotations

import json
import sqlite3

from counter_app.domain.idnumber import check_character

ITEM = "11310104002425207D006001100001"  # 老年综合津贴申领
# The 户口簿 handed in: a typed applicant's city household is not known, so not exempt.
MATERIALS = [
    {"code": "M01", "status": "received", "form": "original", "count": 1},
    {"code": "M02", "status": "received", "form": "original", "count": 1},
    {"code": "M03", "status": "received", "form": "copy", "count": 1},
    {"code": "M04", "status": "received", "form": "original", "count": 1},
]


def number(i: int) -> str:
    first17 = f"310104{1950 + i % 50}{1 + i % 12:02d}{1 + i % 28:02d}{i % 1000:03d}"
    return first17 + check_character(first17)


def line(i: int, **changes) -> str:
    document = {
        "service_item": ITEM,
        "applicant": {
            "type": "person",
            "id_type": "111",
            "id_number": number(i),
            "name": f"测试𠮷{i}",
            "phone": f"139{i:08d}",
        },
        "materials": MATERIALS,
        "decision": "accept",
        **changes,
    }
    return json.dumps(document, ensure_ascii=False)


def results(stdout: str) -> list[dict]:
    """The import's printed results (``--json``), one per line."""
    return [json.loads(text) for text in stdout.splitlines() if text.strip()]


def incomplete_cases(conn: sqlite3.Connection) -> int:
    """Cases of an imported file that lack part of what an accept writes with them: their
    four materials, version 1, its outbox entry, the audit entry."""
    return int(
        conn.execute(
            """SELECT count(*) FROM cases c WHERE
                 (SELECT count(*) FROM case_materials m WHERE m.case_id = c.case_id) != 4
              OR NOT EXISTS (SELECT 1 FROM case_versions v WHERE v.case_id = c.case_id AND v.data_version = 1)
              OR NOT EXISTS (SELECT 1 FROM outbox o WHERE o.case_id = c.case_id AND o.data_version = 1)
              OR NOT EXISTS (SELECT 1 FROM audit_log l WHERE l.target = c.case_id)"""
        ).fetchone()[0]
    )


# 敬老卡申领 (S01: 本市户籍65周岁以上) and its materials marked in a line: the item whose
# eligibility rule the import tests meet.
SENIOR_CARD = "11310104002425207D006001200001"  # 敬老卡申领, S01: 本市户籍65周岁以上
SENIOR_MATERIALS = [
    {"code": "M01", "status": "received", "form": "original", "count": 1},
    {"code": "M02", "status": "exempt"},
    {"code": "M03", "status": "received", "form": "original", "count": 1},
    {"code": "M04", "status": "received", "form": "original", "count": 1},
]

# 公共场所卫生许可（新办） and its materials marked in a line: an item that serves enterprises
# and other organisations only (服务对象), for an organisation's line.
HEALTH_PERMIT = "11310104002425311A004002100001"
HEALTH_PERMIT_MATERIALS = [
    {"code": code, "status": "received", "form": "original", "count": 1}
    for code in ("M01", "M02", "M03", "M10", "M11", "M12")
]
