"""The case tables have one writer: ``counter_app/store/``. Every other package, the test
seeders and the benchmark seeder call its named operations, so the exactly-once rule, the
events and the encryption contexts stay in one place as the case lifecycle grows."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCANNED = ("counter_app", "sync", "printing", "ui", "benchmarks", "tests/sync")
WRITER = ROOT / "counter_app" / "store"
# Tests that damage a store on purpose (a wrong hash, an over-long case number, a version
# held back): no store operation should exist for that.
DELIBERATE_DAMAGE = {ROOT / "tests" / "sync" / name for name in ("test_push.py", "damage.py")}
WRITE = re.compile(
    r"(INSERT INTO|UPDATE|DELETE FROM) (cases|case_materials|case_versions"
    r"|case_events|case_number_sequence|outbox|sync_attempts|documents|case_payments|case_deliveries"
    r"|clerk_items)\b"
)


def test_only_the_store_writes_the_case_tables() -> None:
    found = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for directory in SCANNED
        for path in sorted((ROOT / directory).rglob("*.py"))
        if not path.is_relative_to(WRITER) and path not in DELIBERATE_DAMAGE
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if WRITE.search(line)
    ]
    assert found == []


# The audit entry of a case write is written by the case write, in its transaction: a module
# that writes cases through ``case_writes`` (or a writer beside it) does not also write the
# audit log, and no module outside the store writes an entry named after a case change
# ("case.…").
AUDIT_CALLS = {"record", "append"}
CASE_WRITERS = {
    "case_writes",
    "case_edits",
    "sync_writes",
    "document_writes",
    "delivery_writes",
    "payment_writes",
    "rating_writes",
}
CASE_WRITES_MODULES = {f"counter_app.store.{name}" for name in CASE_WRITERS}


def _imports_case_writes(tree: ast.Module) -> bool:
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (
            node.module in CASE_WRITES_MODULES
            or (
                node.module == "counter_app.store"
                and any(alias.name in CASE_WRITERS for alias in node.names)
            )
        ):
            return True
        if isinstance(node, ast.Import) and any(
            alias.name in CASE_WRITES_MODULES for alias in node.names
        ):
            return True
    return False


def _audit_calls(tree: ast.Module) -> list[ast.Call]:
    """Calls such as ``store.audit.record(…)``, ``audit.record(…)``, ``self.store.audit.append(…)``."""
    calls = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        owner = node.func.value
        name = owner.attr if isinstance(owner, ast.Attribute) else getattr(owner, "id", "")
        if node.func.attr in AUDIT_CALLS and name == "audit":
            calls.append(node)
    return calls


def _names_a_case_action(call: ast.Call) -> bool:
    action = call.args[1] if len(call.args) > 1 else None
    if isinstance(action, ast.JoinedStr) and action.values:
        action = action.values[0]
    return isinstance(action, ast.Constant) and str(action.value).startswith("case.")


def test_case_writes_write_their_own_audit_entries() -> None:
    found = []
    for directory in SCANNED:
        for path in sorted((ROOT / directory).rglob("*.py")):
            if path.is_relative_to(WRITER):
                continue
            tree = ast.parse(path.read_text(encoding="utf-8"))
            writes_cases = _imports_case_writes(tree)
            found += [
                f"{path.relative_to(ROOT)}:{call.lineno}"
                for call in _audit_calls(tree)
                if writes_cases or _names_a_case_action(call)
            ]
    assert found == []
