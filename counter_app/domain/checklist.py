"""The materials checklist of one application, and the rules each counter decision
(accept, 容缺, one-time notice, refuse) puts on it.

The clerk's marks (``SubmittedMaterial``) are set against the situation's requirements.
``assess`` reports every problem at once, each with the field it belongs to, so a form
can mark them all and keep everything entered.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum

from counter_app.domain.catalog import FORM_NAMES, MaterialForm, MaterialRequirement, Situation
from counter_app.errors import ValidationError


class MaterialStatus(StrEnum):
    RECEIVED = "received"  # 已收取
    EXEMPT = "exempt"  # 免于提交（电子证照 / 本市部门核发）
    DEFERRED = "deferred"  # 容缺后补
    COMMITMENT = "commitment"  # 告知承诺
    MISSING = "missing"  # 缺少
    NONCONFORMING = "nonconforming"  # 不符合要求


# A material's status in people's words (the command line; the window's checklist says the
# same in its Linguist strings, tested against this table).
MATERIAL_STATUS_NAMES: dict[MaterialStatus, tuple[str, str]] = {
    MaterialStatus.MISSING: ("未收", "Missing"),
    MaterialStatus.RECEIVED: ("已收", "Received"),
    MaterialStatus.EXEMPT: ("免交", "Exempt"),
    MaterialStatus.DEFERRED: ("容缺后补", "Deferred"),
    MaterialStatus.COMMITMENT: ("告知承诺", "Commitment"),
    MaterialStatus.NONCONFORMING: ("不符合要求", "Not conforming"),
}

# Marks that satisfy a required material for a plain acceptance.
SATISFYING = frozenset({MaterialStatus.RECEIVED, MaterialStatus.EXEMPT, MaterialStatus.COMMITMENT})


class ShortfallKind(StrEnum):
    MISSING = "missing"
    NONCONFORMING = "nonconforming"
    WRONG_FORM = "wrong_form"
    TOO_FEW = "too_few"
    DEFERRED = "deferred"


@dataclass(frozen=True)
class SubmittedMaterial:
    """What the clerk marked for one material."""

    code: str
    status: MaterialStatus
    form: MaterialForm | None = None
    count: int = 0
    exemption: str | None = None  # which e-licence or city department made it exempt
    deadline: date | None = None  # 容缺: when the deferred material is due
    note: str | None = None  # what is wrong with a nonconforming material


@dataclass(frozen=True)
class MaterialLine:
    """A requirement with the clerk's mark (``missing`` when nothing was marked)."""

    requirement: MaterialRequirement
    mark: SubmittedMaterial
    index: int | None  # position in the clerk's list, for error fields; None when unmarked

    @property
    def field(self) -> str:
        return (
            f"materials[{self.index}]"
            if self.index is not None
            else f"materials.{self.requirement.code}"
        )


@dataclass(frozen=True)
class Shortfall:
    """A required material the application lacks, as the one-time notice states it."""

    line: MaterialLine
    kind: ShortfallKind

    def describe(self) -> tuple[str, str]:
        req, mark = self.line.requirement, self.line.mark
        forms_zh = "或".join(FORM_NAMES[f][0] for f in req.forms)
        forms_en = " or ".join(FORM_NAMES[f][1] for f in req.forms)
        if self.kind == ShortfallKind.WRONG_FORM and mark.form is not None:
            return (
                f"“{req.name}”需提交{forms_zh}，收到的是{FORM_NAMES[mark.form][0]}。",
                f"'{req.name}' must be the {forms_en}; a {FORM_NAMES[mark.form][1]} was given.",
            )
        if self.kind == ShortfallKind.TOO_FEW:
            return (
                f"“{req.name}”需{req.count}份，收到{mark.count}份。",
                f"'{req.name}': {req.count} needed, {mark.count} given.",
            )
        if self.kind == ShortfallKind.NONCONFORMING:
            why = f"（{mark.note}）" if mark.note else ""
            return (
                f"“{req.name}”不符合要求{why}。",
                f"'{req.name}' does not meet the requirements{f' ({mark.note})' if mark.note else ''}.",
            )
        if self.kind == ShortfallKind.DEFERRED:
            return (
                f"“{req.name}”标记为容缺，须走容缺受理（值班长审批）。",
                f"'{req.name}' is marked deferred: use 容缺 acceptance (supervisor approval).",
            )
        return (
            f"缺少“{req.name}”（{forms_zh}{req.count}份）。",
            f"'{req.name}' is missing ({req.count}, {forms_en}).",
        )


@dataclass(frozen=True)
class Checklist:
    situation: Situation
    lines: tuple[MaterialLine, ...]
    errors: tuple[ValidationError, ...]  # marks that break a rule whatever the decision

    @property
    def shortfalls(self) -> tuple[Shortfall, ...]:
        found = []
        for line in self.lines:
            kind = _shortfall_kind(line)
            if kind is not None:
                found.append(Shortfall(line, kind))
        return tuple(found)

    @property
    def deferred(self) -> tuple[MaterialLine, ...]:
        return tuple(line for line in self.lines if line.mark.status == MaterialStatus.DEFERRED)

    def problems_for_accept(self) -> list[ValidationError]:
        return [*self.errors, *(_shortfall_error(s) for s in self.shortfalls)]

    def problems_for_deferred(self, promised: date, today: date) -> list[ValidationError]:
        """容缺: only non-core materials may be deferred, each due no later than the promised
        date; everything else must be satisfied."""
        problems = list(self.errors)
        for shortfall in self.shortfalls:
            if shortfall.kind != ShortfallKind.DEFERRED:
                problems.append(_shortfall_error(shortfall))
        deferred = self.deferred
        if not deferred:
            problems.append(
                ValidationError(
                    "没有标记为容缺的材料；材料齐全时请直接受理。",
                    "No material is marked deferred; when everything is here, accept normally.",
                    field="materials",
                )
            )
        for line in deferred:
            req = line.requirement
            if req.core:
                problems.append(
                    ValidationError(
                        f"“{req.name}”是核心材料，不能容缺，须当场提交。",
                        f"'{req.name}' is a core material and cannot be deferred.",
                        field=f"{line.field}.status",
                    )
                )
            deadline = line.mark.deadline
            if deadline is not None and deadline > promised:
                problems.append(
                    ValidationError(
                        f"“{req.name}”的补交期限{deadline}晚于承诺办结日{promised}，请提前。",
                        f"The deadline {deadline} for '{req.name}' is after the promised date {promised}.",
                        field=f"{line.field}.deadline",
                    )
                )
            if deadline is not None and deadline < today:
                problems.append(
                    ValidationError(
                        f"“{req.name}”的补交期限{deadline}已过，请重新填写。",
                        f"The deadline {deadline} for '{req.name}' is in the past.",
                        field=f"{line.field}.deadline",
                    )
                )
        return problems

    def with_default_deadlines(self, due: date) -> Checklist:
        """Deferred marks without a deadline get ``due`` (the hall's default, at the latest
        the promised date)."""
        lines = tuple(
            replace(line, mark=replace(line.mark, deadline=due))
            if line.mark.status == MaterialStatus.DEFERRED and line.mark.deadline is None
            else line
            for line in self.lines
        )
        return replace(self, lines=lines)

    def problems_for_notice(self) -> list[ValidationError]:
        problems = list(self.errors)
        if not self.shortfalls:
            problems.append(
                ValidationError(
                    "材料已齐全，无需一次性告知；请直接受理。",
                    "Nothing is missing, so there is nothing to notify; accept the case instead.",
                    field="materials",
                )
            )
        return problems


def assess(situation: Situation, marks: Sequence[SubmittedMaterial]) -> Checklist:
    """Set the clerk's marks against the situation's requirements."""
    errors: list[ValidationError] = []
    by_code: dict[str, tuple[int, SubmittedMaterial]] = {}
    for index, mark in enumerate(marks):
        where = f"materials[{index}]"
        requirement = situation.material(mark.code)
        if requirement is None:
            errors.append(
                ValidationError(
                    f"材料编码“{mark.code}”不属于情形“{situation.name}”，请核对。",
                    f"Material '{mark.code}' is not part of the situation '{situation.name}'.",
                    field=f"{where}.code",
                )
            )
            continue
        if mark.code in by_code:
            errors.append(
                ValidationError(
                    f"材料“{requirement.name}”重复出现。",
                    f"The material '{requirement.name}' is listed twice.",
                    field=f"{where}.code",
                )
            )
            continue
        by_code[mark.code] = (index, mark)
        errors.extend(_mark_errors(requirement, mark, where))
    lines = []
    for requirement in situation.materials:
        found = by_code.get(requirement.code)
        if found is None:
            lines.append(
                MaterialLine(
                    requirement, SubmittedMaterial(requirement.code, MaterialStatus.MISSING), None
                )
            )
        else:
            index, mark = found
            lines.append(MaterialLine(requirement, mark, index))
    return Checklist(situation, tuple(lines), tuple(errors))


def _mark_errors(
    req: MaterialRequirement, mark: SubmittedMaterial, where: str
) -> list[ValidationError]:
    errors = []
    if mark.status == MaterialStatus.EXEMPT and not req.exemptible:
        errors.append(
            ValidationError(
                f"“{req.name}”没有可替代的电子证照，也不是本市部门核发，不能免于提交。",
                f"'{req.name}' has no e-licence and is not issued by a city department; it cannot be exempt.",
                field=f"{where}.status",
            )
        )
    if mark.status == MaterialStatus.COMMITMENT and not req.commitment_allowed:
        errors.append(
            ValidationError(
                f"“{req.name}”不适用告知承诺，须提交材料。",
                f"'{req.name}' cannot be replaced by a written commitment.",
                field=f"{where}.status",
            )
        )
    if mark.status == MaterialStatus.RECEIVED and mark.form is None:
        errors.append(
            ValidationError(
                f"请选择“{req.name}”的形式（原件、复印件或电子件）。",
                f"Choose the form of '{req.name}' (original, copy or electronic).",
                field=f"{where}.form",
            )
        )
    if mark.count < 0 or mark.count > 999:
        errors.append(
            ValidationError(
                "份数应在0到999之间。", "The count must be 0-999.", field=f"{where}.count"
            )
        )
    if mark.deadline is not None and mark.status != MaterialStatus.DEFERRED:
        errors.append(
            ValidationError(
                "只有容缺材料才有补交期限。",
                "Only deferred materials have a deadline.",
                field=f"{where}.deadline",
            )
        )
    return errors


def _shortfall_kind(line: MaterialLine) -> ShortfallKind | None:
    req, mark = line.requirement, line.mark
    if not req.required:
        return None
    if mark.status == MaterialStatus.RECEIVED and mark.form is not None:
        if mark.form not in req.forms:
            return ShortfallKind.WRONG_FORM
        if mark.count < req.count:
            return ShortfallKind.TOO_FEW
        return None
    if mark.status in SATISFYING:
        return None
    if mark.status == MaterialStatus.DEFERRED:
        return ShortfallKind.DEFERRED
    if mark.status == MaterialStatus.NONCONFORMING:
        return ShortfallKind.NONCONFORMING
    return ShortfallKind.MISSING


def _shortfall_error(shortfall: Shortfall) -> ValidationError:
    zh, en = shortfall.describe()
    return ValidationError(zh, en, field=shortfall.line.field)
