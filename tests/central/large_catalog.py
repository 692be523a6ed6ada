"""A catalog of real size for the feed tests: the sample catalog's items and bundles, then
synthetic items like those of Shanghai's 一网通办 (48 departments, up to four situations of
up to 25 materials each, long legal bases) up to the number asked. Seeded: the same every
run. 500 items are 4.8 MB of JSON a version (the probe's 3,000 were 26 MB)."""

from __future__ import annotations

import copy
import random
from typing import Any

from counter_app.store.catalog import bundled_catalog

_DISTRICTS = ("徐汇区", "黄浦区", "静安区", "长宁区", "普陀区", "虹口区", "杨浦区", "闵行区")
_BUREAUS = ("公安局", "民政局", "人力资源和社会保障局", "卫生健康委员会", "医疗保障局", "税务局")
_SUBJECTS = (
    "居住证",
    "公共场所卫生许可证",
    "食品经营许可证",
    "最低生活保障",
    "临时救助",
    "残疾人两项补贴",
    "长期护理保险",
    "失业保险金",
    "住房公积金提取",
    "不动产登记",
    "户口迁移",
    "出生登记",
)
_ACTIONS = ("申请", "申领", "登记", "备案", "变更", "注销", "延续", "补领", "核准", "认定")
_MATERIALS = (
    "申请人居民身份证",
    "申请人户口簿",
    "申请表",
    "近期免冠照片",
    "营业执照副本",
    "授权委托书",
    "房屋租赁合同",
    "劳动合同",
    "社会保险缴费记录",
    "收入证明",
    "婚姻状况证明",
    "医疗诊断证明",
    "承诺书",
    "居委会证明",
)
_STANDARDS = (
    "原件核验后退回",
    "复印件须注明与原件一致并签名",
    "加盖公章",
    "近三个月内出具",
    "须为中文或附中文译本",
    "可通过“随申办”出示电子证照",
)
_BASES = (
    "《中华人民共和国行政许可法》第二十九条、第三十条、第三十一条、第三十二条",
    "《上海市优化营商环境条例》第四十二条",
    "《上海市公共数据和一网通办管理办法》第二十五条至第三十条",
    "《上海市社会救助条例》第十二条、第十三条、第十四条",
)
_FORMS = (["original"], ["original", "copy"], ["copy"], ["original", "electronic"])


def large_catalog(items: int, version: int) -> dict[str, Any]:
    """A catalog document of ``items`` service items as ``version``; the same items for
    every version, as a release that changes a few items is nearly all the same."""
    rng = random.Random(7)
    base = bundled_catalog()
    listed = [copy.deepcopy(item) for item in base["items"]]
    departments = [f"{d}{b}" for d in _DISTRICTS for b in _BUREAUS]
    for n in range(1, items - len(listed) + 1):
        promised = rng.choice((0, 5, 10, 15, 20))
        listed.append(
            {
                "code": f"1131{n:06d}ABCDE{n % 50:03d}{n:07d}",
                "name": rng.choice(_SUBJECTS) + rng.choice(_ACTIONS) + "（首次申领）",
                "department": departments[n % len(departments)],
                "case_type": "promised" if promised else "immediate",
                "promised_days": promised,
                "statutory_days": promised + rng.choice((0, 5, 10)),
                "fee_cents": rng.choice((0, 0, 0, 2000)),
                "legal_basis": "；".join(rng.sample(_BASES, rng.randint(1, 4))),
                "situations": [
                    {
                        "code": f"S{s:02d}",
                        "name": f"情形{s}：" + rng.choice(_SUBJECTS) + rng.choice(_ACTIONS),
                        "materials": [_material(rng, m) for m in range(1, rng.randint(3, 25))],
                    }
                    for s in range(1, rng.choice((1, 1, 2, 3, 4)) + 1)
                ],
            }
        )
    return {
        "version": version,
        "published_at": "2026-12-01T00:00:00Z",
        "source": f"tests: synthetic {items}-item catalog",
        "items": listed,
        "bundles": base["bundles"],
    }


def _material(rng: random.Random, number: int) -> dict[str, Any]:
    required = rng.random() < 0.8
    return {
        "code": f"M{number:02d}",
        "name": rng.choice(_MATERIALS) + "（须加盖出具单位公章并注明用途）",
        "required": required,
        "core": required and rng.random() < 0.4,
        "forms": rng.choice(_FORMS),
        "count": rng.choice((1, 1, 2)),
        "exempt_elicence": None,
        "exempt_city_department": None,
        "commitment_allowed": rng.random() < 0.2,
        "standard": "；".join(rng.sample(_STANDARDS, rng.randint(1, 4))),
    }
