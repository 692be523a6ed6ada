"""The platform shares with the counter exactly what README's dependency rules say: the wire
schema, the Qt-free domain (case document, states, numbers, release parsers), the error
types, the AEAD ciphers of ``counter_app.store.pii``, the SQLite opening retry of
``counter_app.store.sqlite_open``, the durable folders of ``counter_app.durable_files``, the
log lines' zoned time of ``counter_app.log_format`` and the bilingual usage errors of
``counter_app.usage_errors``; never the counter's store,
services or configuration, and never ``ui``."""

from __future__ import annotations

import ast
from pathlib import Path

CENTRAL = Path(__file__).resolve().parents[2] / "central"
SHARED = (
    "counter_app.domain",
    "counter_app.durable_files",
    "counter_app.errors",
    "counter_app.log_format",
    "counter_app.store.pii",
    "counter_app.store.sqlite_open",
    "counter_app.usage_errors",
    "sync.wire",
)


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


def test_central_imports_only_what_it_shares_with_the_counter() -> None:
    outside = {
        f"{path.relative_to(CENTRAL.parent)}: {name}"
        for path in sorted(CENTRAL.rglob("*.py"))
        for name in _imports(path)
        if name.split(".")[0] in {"counter_app", "sync", "printing", "ui", "PySide6"}
        and not any(name == shared or name.startswith(shared + ".") for shared in SHARED)
    }
    assert outside == set()
