"""What ``case show`` prints of a case's life after its first decision: how the result goes
out (method, waybill, postal status, who collected it), the withdrawal's reason and the
corrections taken in, each a labelled line with its value in the command's language."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from counter_app.domain.delivery import (
    DELIVERY_METHOD_NAMES,
    POSTAL_STATUS_NAMES,
    Collector,
)
from counter_app.domain.hall_time import hall_time_text
from counter_app.store.deliveries import DeliveryRecord

_COLLECTORS: dict[Collector, tuple[str, str]] = {
    Collector.APPLICANT: ("申请人本人领取", "Collected by the applicant in person"),
    Collector.PROXY: ("他人代领（凭授权委托书）", "Collected by a proxy (power of attorney)"),
}


def later_step_lines(
    stored: Mapping[str, Any], delivery: DeliveryRecord | None, lang: str
) -> list[tuple[str, str]]:
    """``(label, value)`` lines of the steps after the decision the case document
    (``stored``) and its delivery record hold; none for a case that has had none."""
    lines: list[tuple[str, str]] = []
    if delivery is not None:
        lines.append(("delivery", named(DELIVERY_METHOD_NAMES, delivery.method, lang)))
        if delivery.address_masked:
            lines.append(("delivery_address", delivery.address_masked))
        if delivery.waybill:
            lines.append(("waybill", delivery.waybill))
        if delivery.postal_status is not None:
            lines.append(
                ("postal_status", named(POSTAL_STATUS_NAMES, delivery.postal_status, lang))
            )
        if delivery.collector is not None:
            who = named(_COLLECTORS, delivery.collector, lang)
            if delivery.collector is Collector.PROXY:
                who += f" {delivery.proxy_name or ''} {delivery.proxy_id_masked or ''}".rstrip()
            lines.append(("collected_by", who))
    handover = stored.get("handover")
    if handover:
        at = hall_time_text(handover.get("handed_over_at"))
        lines.append(("handed_over", f"{at} {handover.get('handed_over_by', '')}".rstrip()))
    if stored.get("withdrawal_reason"):
        lines.append(("withdrawal_reason", str(stored["withdrawal_reason"])))
    for correction in stored.get("corrections", []):
        asked = ",".join((*correction["materials"], *correction["fields"]))
        days = correction["waited_working_days"]
        waited = f"{days} working day(s) waited" if lang == "en" else f"等待{days}个工作日"
        at = hall_time_text(correction["corrected_at"])
        lines.append(("correction", f"{at} {correction['corrected_by']} {asked}  {waited}"))
    return lines


def named(names: Mapping[Any, tuple[str, str]], code: str, lang: str) -> str:
    """``code``'s name in ``lang`` from a table of (Chinese, English) names; a code the
    table lacks as it is."""
    zh, en = names.get(code, (code, code))
    return en if lang == "en" else zh
