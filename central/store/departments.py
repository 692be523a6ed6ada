"""全市通办's handling departments as the platform knows them: those the catalog in force
names (``handling_department`` of its items), and those cases were routed to, since a
department an earlier catalog named keeps the cases routed to it."""

from __future__ import annotations

from central.errors import OperatorError
from central.store.base import CentralStore, DbCursor
from central.store.publishing import newest_catalog


class UnknownDepartment(OperatorError):
    """A department code the platform does not know: the operator's command names a
    choice that is not one (a usage error, as argparse's invalid choice is)."""


def check_known_department(store: CentralStore, cur: DbCursor, department: str) -> None:
    """Refuse a department code neither the catalog in force names nor any case was routed
    to (a typing mistake would otherwise list nothing and look like a quiet day), listing
    the codes there are."""
    routed = store._exec(
        cur, "SELECT 1 FROM case_routes WHERE department = ? LIMIT 1", (department,)
    ).fetchone()
    if routed is not None:
        return
    version, in_catalog = _catalog_departments(store, cur)
    if department in in_catalog:
        return
    routed_to = store._exec(cur, "SELECT DISTINCT department FROM case_routes").fetchall()
    known = sorted(in_catalog | {row[0] for row in routed_to})
    where_zh = "平台尚未发布事项目录" if version is None else f"事项目录第 {version} 版"
    where_en = "no catalog is published" if version is None else f"catalog version {version}"
    raise UnknownDepartment(
        f"没有承办部门 {department}（{where_zh}，也没有办件流转至该部门）。"
        f"已知的承办部门：{'、'.join(known) or '无'}。请核对部门编码（区分大小写）。",
        f"There is no handling department {department} ({where_en}, and no case was "
        f"routed to it). Known departments: {', '.join(known) or 'none'}. Check the "
        "department code (upper and lower case differ).",
    )


def _catalog_departments(store: CentralStore, cur: DbCursor) -> tuple[int | None, set[str]]:
    """The newest published catalog's version and the departments its items are handled
    by; ``(None, set())`` before any catalog is published."""
    release = newest_catalog(store, cur)
    if release is None:
        return None, set()
    departments = {item.handling_department for item in release.items}
    return release.version, {code for code in departments if code is not None}
