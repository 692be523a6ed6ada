"""Every audit action the code writes has a name in the administrator's panel, and so has
every operation an entry's detail names (``{"action": …}`` of a refusal or an approval): the
codes are read from the source, so a new action without a name fails here.

Every entry goes through ``AuditFact(actor, action, detail)`` (``AuditLog.record`` builds one
from its arguments): the action and detail given there are traced back through conditional
expressions, local and module constants, imports and, for a function's parameter, the
arguments of its callers. An f-string whose placeholder stays open (a case state, a ticket
step…) is a pattern whose values are declared below from the code's own enums and types.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, get_args

import pytest

from counter_app.domain.case_states import CaseState
from counter_app.domain.exemptions import Verification
from sync.wire.approvals import ApprovalStatus
from sync.wire.tickets import TicketActionName
from ui.audit_labels import action_names

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ("counter_app", "sync", "printing", "ui")
# The values of each f-string action whose placeholder the source leaves open.
PATTERN_VALUES: dict[str, set[str]] = {
    "case.{}": {state.value for state in CaseState},
    "case.elicence_{}": {verification.value for verification in Verification},
    # A decision taken here or applied from the platform's answer (never to pending), or the
    # request's hall day ended undecided (``ApprovalRequest.standing``).
    "approval_request.{}": set(get_args(ApprovalStatus)) - {"pending"} | {"expired"},
    "ticket.{}": set(get_args(TicketActionName)),
}
_FUNCTION = ast.FunctionDef | ast.AsyncFunctionDef


@dataclass
class _Module:
    path: Path
    tree: ast.Module
    parents: dict[ast.AST, ast.AST]
    constants: dict[str, list[ast.expr]] = field(default_factory=dict)
    imports: dict[str, tuple[str, str]] = field(default_factory=dict)


@dataclass
class _Codes:
    """Codes found, by where they are written; patterns by their f-string's shape."""

    literals: dict[str, set[str]] = field(default_factory=dict)
    patterns: dict[str, set[str]] = field(default_factory=dict)
    unresolved: list[str] = field(default_factory=list)


def _module(path: Path) -> _Module:
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    module = _Module(path, tree, parents)
    for statement in tree.body:
        if isinstance(statement, ast.Assign | ast.AnnAssign) and statement.value is not None:
            targets = statement.targets if isinstance(statement, ast.Assign) else [statement.target]
            for target in targets:
                if isinstance(target, ast.Name):
                    module.constants.setdefault(target.id, []).append(statement.value)
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            for alias in node.names:
                module.imports[alias.asname or alias.name] = (node.module, alias.name)
    return module


def _callee(call: ast.Call) -> str | None:
    function = call.func
    if isinstance(function, ast.Attribute):
        return function.attr
    return function.id if isinstance(function, ast.Name) else None


class _Source:
    """The client's packages, parsed once, with what tracing an expression needs."""

    def __init__(self) -> None:
        self.modules: dict[str, _Module] = {}
        for package in SOURCES:
            for path in sorted((ROOT / package).rglob("*.py")):
                name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
                self.modules[name.removesuffix(".__init__")] = _module(path)
        self.calls: dict[str, list[tuple[str, ast.Call]]] = {}
        for name, module in self.modules.items():
            for node in ast.walk(module.tree):
                if isinstance(node, ast.Call) and (callee := _callee(node)):
                    self.calls.setdefault(callee, []).append((name, node))

    def where(self, module: str, node: ast.AST) -> str:
        line = getattr(node, "lineno", 0)
        return f"{self.modules[module].path.relative_to(ROOT)}:{line}"

    def enclosing(self, module: str, node: ast.AST, kind: Any = _FUNCTION) -> Any:
        parents = self.modules[module].parents
        while node in parents:
            node = parents[node]
            if isinstance(node, kind):
                return node
        return None

    def ends(self, module: str, expr: ast.expr, seen: frozenset = frozenset()) -> Iterator:
        """The expressions ``expr`` can come from, as ``(module, expression)``: through
        ``a if c else b``, ``a or b``, ``a | b``, names and parameters."""
        if isinstance(expr, ast.IfExp):
            yield from self.ends(module, expr.body, seen)
            yield from self.ends(module, expr.orelse, seen)
        elif isinstance(expr, ast.BoolOp):
            for value in expr.values:
                yield from self.ends(module, value, seen)
        elif isinstance(expr, ast.BinOp) and isinstance(expr.op, ast.BitOr):
            yield from self.ends(module, expr.left, seen)
            yield from self.ends(module, expr.right, seen)
        elif isinstance(expr, ast.Name):
            yield from self._name_ends(module, expr, seen)
        else:
            yield module, expr

    def _name_ends(self, module: str, name: ast.Name, seen: frozenset) -> Iterator:
        function = self.enclosing(module, name)
        if function is not None:
            assigned = [
                node.value
                for node in ast.walk(function)
                if isinstance(node, ast.Assign)
                and any(isinstance(t, ast.Name) and t.id == name.id for t in node.targets)
            ]
            if assigned:
                for value in assigned:
                    yield from self.ends(module, value, seen)
                return
            if name.id in _parameters(function):
                yield from self._arguments(module, function, name.id, seen)
                return
        yield from self._global_ends(module, name.id, name, seen)

    def _global_ends(self, module: str, name: str, node: ast.expr, seen: frozenset) -> Iterator:
        found = self.modules[module]
        if name in found.constants:
            for value in found.constants[name]:
                yield from self.ends(module, value, seen)
        elif name in found.imports and found.imports[name][0] in self.modules:
            source, original = found.imports[name]
            yield from self._global_ends(source, original, node, seen)
        else:
            yield module, node  # unresolved: the caller reports it

    def _arguments(self, module: str, function: ast.AST, parameter: str, seen: frozenset):
        """What the callers of ``function`` pass as ``parameter`` (its default when they
        leave it out). A method is reached through ``self``, or through a receiver named
        after its class (``…audit.record`` for ``AuditLog.record``)."""
        assert isinstance(function, _FUNCTION)
        key = (module, function.lineno, parameter)
        if key in seen:
            return
        seen = seen | {key}
        positional = [a.arg for a in function.args.posonlyargs + function.args.args]
        owner = self.enclosing(module, function, ast.ClassDef)
        if owner is not None and positional[:1] == ["self"]:
            positional = positional[1:]
        for caller, call in self.calls.get(function.name, []):
            if owner is not None and not _reaches_method(call, owner):
                continue
            given = next((k.value for k in call.keywords if k.arg == parameter), None)
            index = positional.index(parameter) if parameter in positional else len(call.args)
            if given is None and index < len(call.args):
                given = call.args[index]
            if given is None:
                given = _default(function, parameter)
            if given is not None:
                yield from self.ends(caller, given, seen)


def _parameters(function: ast.AST) -> set[str]:
    assert isinstance(function, _FUNCTION)
    arguments = function.args
    return {a.arg for a in arguments.posonlyargs + arguments.args + arguments.kwonlyargs}


def _default(function: ast.AST, parameter: str) -> ast.expr | None:
    """``parameter``'s default, unless there is none or it is ``None``."""
    assert isinstance(function, _FUNCTION)
    arguments = function.args
    positional = [a.arg for a in arguments.posonlyargs + arguments.args]
    defaults = dict(
        zip(positional[len(positional) - len(arguments.defaults) :], arguments.defaults)
    )
    defaults |= {
        a.arg: d for a, d in zip(arguments.kwonlyargs, arguments.kw_defaults) if d is not None
    }
    value = defaults.get(parameter)
    return None if isinstance(value, ast.Constant) and value.value is None else value


def _reaches_method(call: ast.Call, owner: ast.ClassDef) -> bool:
    if not isinstance(call.func, ast.Attribute):
        return False
    receiver = call.func.value
    if isinstance(receiver, ast.Name) and receiver.id == "self":
        return True  # its class's or a subclass's own call
    last = receiver.attr if isinstance(receiver, ast.Attribute) else getattr(receiver, "id", "")
    return bool(last) and owner.name.lower().startswith(last.lower())


def _argument(call: ast.Call, index: int, keyword: str) -> ast.expr | None:
    given = next((k.value for k in call.keywords if k.arg == keyword), None)
    return call.args[index] if given is None and index < len(call.args) else given


def _copied_fact(source: _Source, module: str, expr: ast.expr) -> bool:
    """``fact.action`` of an ``AuditFact`` parameter: an entry built elsewhere, passed on."""
    if not (isinstance(expr, ast.Attribute) and isinstance(expr.value, ast.Name)):
        return False
    function = source.enclosing(module, expr)
    if function is None:
        return False
    annotations = {a.arg: a.annotation for a in function.args.args + function.args.kwonlyargs}
    annotation = annotations.get(expr.value.id)
    return annotation is not None and ast.unparse(annotation) == "AuditFact"


def _strings(source: _Source, module: str, expr: ast.expr, codes: _Codes) -> None:
    """Note the codes ``expr`` can be in ``codes``."""
    for where, end in source.ends(module, expr):
        place = source.where(where, end)
        if isinstance(end, ast.Constant) and isinstance(end.value, str):
            codes.literals.setdefault(end.value, set()).add(place)
        elif isinstance(end, ast.JoinedStr):
            texts = _expanded(source, where, end)
            if texts is None:
                shape = "".join(
                    str(v.value) if isinstance(v, ast.Constant) else "{}" for v in end.values
                )
                codes.patterns.setdefault(shape, set()).add(place)
            for text in texts or ():
                codes.literals.setdefault(text, set()).add(place)
        elif not _copied_fact(source, where, end):
            codes.unresolved.append(f"{place}: {ast.unparse(end)}")


def _expanded(source: _Source, module: str, text: ast.JoinedStr) -> set[str] | None:
    """Every text an f-string can be, when each placeholder traces to literals only."""
    texts = {""}
    for part in text.values:
        if isinstance(part, ast.Constant):
            texts = {t + str(part.value) for t in texts}
            continue
        assert isinstance(part, ast.FormattedValue)
        ends = [end for _, end in source.ends(module, part.value)]
        if not all(isinstance(e, ast.Constant) and isinstance(e.value, str) for e in ends):
            return None
        texts = {t + str(e.value) for t in texts for e in ends if isinstance(e, ast.Constant)}
    return texts


# The entries whose detail names an operation (``{"action": …}``): refusals and approvals.
_NAMING_OPERATIONS = ("authorisation.", "approval.")


@pytest.fixture(scope="module")
def written() -> tuple[_Codes, _Codes]:
    """The entries' actions, and the operations their details name."""
    source, actions, operations = _Source(), _Codes(), _Codes()
    for name, call in source.calls.get("AuditFact", []):
        action = _argument(call, 1, "action")
        assert action is not None, source.where(name, call)
        _strings(source, name, action, actions)
    for name, call in source.calls.get("record", []):
        action, detail = _argument(call, 1, "action"), _argument(call, 3, "detail")
        if (
            isinstance(action, ast.Constant)
            and str(action.value).startswith(_NAMING_OPERATIONS)
            and isinstance(detail, ast.Dict)
        ):
            for key, value in zip(detail.keys, detail.values, strict=True):
                if isinstance(key, ast.Constant) and key.value == "action":
                    _strings(source, name, value, operations)
    return actions, operations


def _named(codes: _Codes) -> set[str]:
    found = set(codes.literals)
    for shape in codes.patterns:
        found |= {shape.replace("{}", value) for value in PATTERN_VALUES.get(shape, ())}
    return found


def test_every_action_is_read_from_the_source(written: tuple[_Codes, _Codes]) -> None:
    for codes in written:
        assert codes.unresolved == [], "write the action as a literal, a constant or an f-string"
        undeclared = set(codes.patterns) - set(PATTERN_VALUES)
        assert not undeclared, f"declare the values of {undeclared} in PATTERN_VALUES"
    actions, operations = written
    # What the tracing must find: a literal; a constant passed to ``AuditLog.record``; an
    # argument of ``record_change``'s callers; a conditional in an f-string; an open f-string.
    for code in ("login.success", "audit.chain_keyed", "case.evaluation", "user.enable"):
        assert code in actions.literals
    assert "case.{}" in actions.patterns
    # An imported constant; a method's argument given through a subclass's ``self``.
    assert {"day.sign_off", "void_case"} <= set(operations.literals)


def test_every_written_action_and_operation_has_a_name(
    qapp, written: tuple[_Codes, _Codes]
) -> None:
    names = action_names()
    for codes in written:
        missing = {
            code: sorted(codes.literals.get(code, ["(pattern)"]))
            for code in _named(codes) - set(names)
        }
        assert not missing, f"name these in ui/audit_labels.py: {missing}"
    stale = set(names) - _named(written[0]) - _named(written[1])
    assert not stale, f"nothing writes these any more: {stale}"
