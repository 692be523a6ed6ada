"""出件 by post: a case's result goes out by post only when its applicant chose postal
delivery. One rule for the window's ``case post`` and the platform's ``counter-central
delivery``, so the two sides never disagree on whether a case was posted."""

from __future__ import annotations

from counter_app.domain.delivery import DeliveryMethod
from counter_app.errors import ValidationError


def check_posted_delivery(case_no: str, method: DeliveryMethod | None) -> None:
    """``ValidationError`` unless the applicant of case ``case_no`` chose postal delivery;
    ``method`` is the case's delivery choice, None for a case recorded before the choice
    existed (its result is picked up at the hall)."""
    if method is DeliveryMethod.POST:
        return
    raise ValidationError(
        f"办件 {case_no} 的申请人选择窗口领取，结果不邮寄。申请人改为邮寄的，先在受理窗口登记"
        f"邮寄地址：counter-app case delivery {case_no} --post --address 地址 --reason 原因",
        f"The applicant of case {case_no} chose pick-up at the hall; the result is not posted. "
        "If the applicant now wants it posted, record the address at the accepting window "
        f"first: counter-app case delivery {case_no} --post --address ADDRESS --reason TEXT",
        field="case",
    )
