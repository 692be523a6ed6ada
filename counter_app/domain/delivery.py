"""How an applicant receives the result (出件): picked up at the hall's window, or posted
(EMS) to an address; and who collected one handed over at the window."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from counter_app.domain.text import first_unprintable
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
ADDRESS_MIN_CHARS = 8
# What an address names beside its numbers: a place (省, 市, 区, 县, 镇, 乡, 村) or a street
# (路, 街, 道, 弄, 巷, 号). An address with neither and no digit cannot be delivered to.
_ADDRESS_PLACE_CHARS = frozenset("省市区县镇乡村路街道弄巷号")

WAYBILL_MIN_CHARS = 8
WAYBILL_MAX_CHARS = 30
WAYBILL_SHAPE = (
    f"运单号为{WAYBILL_MIN_CHARS}至{WAYBILL_MAX_CHARS}位字母或数字：EMS 如 EA123456789CN，"
    "顺丰、京东、中通、圆通等为10至20位",
    f"a waybill number is {WAYBILL_MIN_CHARS} to {WAYBILL_MAX_CHARS} letters or digits: EMS "
    "like EA123456789CN, SF, JD, ZTO, YTO and the like 10 to 20",
)


def checked_waybill(text: str) -> str:
    """The waybill as scanned or typed, trimmed and in capitals; ``ValidationError`` for
    anything no Chinese courier prints on a label (not letters and digits, too short, too
    long). Permissive on purpose: each courier has its own shape and new ones appear."""
    number = text.strip().upper()
    if not (
        WAYBILL_MIN_CHARS <= len(number) <= WAYBILL_MAX_CHARS
        and number.isascii()
        and number.isalnum()
    ):
        raise ValidationError(
            f"运单号“{number[:WAYBILL_MAX_CHARS]}”无效：{WAYBILL_SHAPE[0]}。",
            f"The waybill number '{number[:WAYBILL_MAX_CHARS]}' is not valid: {WAYBILL_SHAPE[1]}.",
            field="waybill",
        )
    return number


# Couriers a waybill names by its shape: EMS's is the UPU's (two letters, nine digits, CN);
# SF, JD and YTO print their initials before the digits. Other shapes (ZTO's bare digits) name
# none, and the page then shows the number alone.
_COURIERS: tuple[tuple[re.Pattern[str], tuple[str, str]], ...] = (
    (re.compile(r"[A-Z]{2}[0-9]{9}CN"), ("中国邮政EMS", "China Post EMS")),
    (re.compile(r"SF[0-9]{10,15}"), ("顺丰速运", "SF Express")),
    (re.compile(r"JD[A-Z0-9]{10,18}"), ("京东物流", "JD Logistics")),
    (re.compile(r"YT[0-9]{10,18}"), ("圆通速递", "YTO Express")),
)


def courier_of(waybill: str) -> tuple[str, str] | None:
    """The courier (Chinese, English) a waybill's shape names; None when it names none."""
    return next((name for shape, name in _COURIERS if shape.fullmatch(waybill)), None)


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
        if (
            len(address) < ADDRESS_MIN_CHARS
            or len(address) > ADDRESS_MAX_CHARS
            or first_unprintable(address) is not None
            or not any(c.isdigit() or c in _ADDRESS_PLACE_CHARS for c in address)
        ):
            raise ValidationError(
                "邮寄送达须填写能寄达的邮寄地址：写明市、区县、街道（路）和门牌号，"
                f"{ADDRESS_MIN_CHARS}至{ADDRESS_MAX_CHARS}字，不含控制字符"
                "（如“上海市徐汇区漕溪北路999弄8号1201室”）。",
                "Postal delivery needs a postal address the post can reach: the city, district, "
                f"street and number, {ADDRESS_MIN_CHARS} to {ADDRESS_MAX_CHARS} characters, no "
                "control characters (e.g. 上海市徐汇区漕溪北路999弄8号1201室).",
                field="delivery.address",
            )
        return DeliveryChoice(DeliveryMethod.POST, address)
