"""Lines of a case-import file (JSON Lines), as the import tests write them."""

from __future__ import annotations

import json

from counter_app.domain.idnumber import check_character

ITEM = "11310104002425207D006001100001"  # 老年综合津贴申领
MATERIALS = [
    {"code": "M01", "status": "received", "form": "original", "count": 1},
    {"code": "M02", "status": "exempt"},
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
