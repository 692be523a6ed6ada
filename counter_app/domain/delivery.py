"""How an applicant receives the result (出件): picked up at the hall's window, or posted
(EMS) to an address; and who collected one handed over at the window."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from counter_app.errors import ValidationError


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


ADDRESS_MAX_CHARS = 200


@dataclass(frozen=True)
class DeliveryChoice:
    """The applicant's choice at acceptance; ``address`` only for postal delivery."""

    method: DeliveryMethod
    address: str | None = None

    def checked(self) -> DeliveryChoice:
        """The choice with its address trimmed; ``ValidationError`` when a postal delivery
        has no usable address (a pick-up keeps none)."""
        if self.method is DeliveryMethod.PICKUP:
            return DeliveryChoice(DeliveryMethod.PICKUP)
        address = (self.address or "").strip()
        if not address or len(address) > ADDRESS_MAX_CHARS or any(ord(c) < 32 for c in address):
            raise ValidationError(
                f"邮寄送达须填写邮寄地址（最多{ADDRESS_MAX_CHARS}字，不含控制字符）。",
                f"Postal delivery needs a postal address (at most {ADDRESS_MAX_CHARS} "
                "characters, no control characters).",
                field="delivery.address",
            )
        return DeliveryChoice(DeliveryMethod.POST, address)
