"""How an applicant receives the result (出件): picked up at the hall's window, or posted
(EMS) to an address; and who collected one handed over at the window."""

from __future__ import annotations

from enum import StrEnum


class DeliveryMethod(StrEnum):
    PICKUP = "pickup"
    POST = "post"


DELIVERY_METHOD_NAMES: dict[DeliveryMethod, tuple[str, str]] = {
    DeliveryMethod.PICKUP: ("窗口领取", "Pick-up at this hall"),
    DeliveryMethod.POST: ("邮寄送达（EMS）", "Postal delivery (EMS)"),
}


class Collector(StrEnum):
    """Who collected a result at the window: the applicant, or a proxy with a power of
    attorney (代领)."""

    APPLICANT = "applicant"
    PROXY = "proxy"


class PostalStatus(StrEnum):
    """Where a posted result is: handed to the carrier, or delivered to the address."""

    POSTED = "posted"
    DELIVERED = "delivered"


POSTAL_STATUS_NAMES: dict[PostalStatus, tuple[str, str]] = {
    PostalStatus.POSTED: ("已寄出", "Posted"),
    PostalStatus.DELIVERED: ("已妥投", "Delivered"),
}
