"""The checks a reader runs on a GB 11643 number read from a card: its check character, and
whether the birth date and the sex it encodes agree with what the card says."""

from __future__ import annotations

from datetime import date

from counter_app.domain.idnumber import validate_id_number
from counter_app.errors import InvalidIdNumber

from .codes import SEXES_EN
from .document import Check


def id_number_checks(number: str, birth_date: date, sex: str) -> tuple[Check, ...]:
    """``gb11643``, and ``number_matches_card`` (failed) when the card's birth date or sex
    (the 17th digit: odd 男, even 女) contradicts its own valid number: flagged, not refused,
    so the clerk checks the document itself. An agreeing card adds no check, so the record
    of every ordinary card read stays as it was."""
    try:
        info = validate_id_number(number)
    except InvalidIdNumber as exc:
        return (Check("gb11643", False, exc.en, exc.zh),)
    digit = info.number[-1]
    valid = Check("gb11643", True, f"check character {digit} ok", f"校验码 {digit} 正确")
    wrong_zh, wrong_en = [], []
    if info.birth_date != birth_date:
        wrong_zh.append(f"出生日期（卡上 {birth_date.isoformat()}，号码中 {info.birth_date}）")
        wrong_en.append(f"birth date (card {birth_date.isoformat()}, number {info.birth_date})")
    if info.sex != sex:
        wrong_zh.append(f"性别（卡上 {sex}，号码第17位为 {info.number[16]}，应为 {info.sex}）")
        wrong_en.append(
            f"sex (card {SEXES_EN.get(sex, sex)}, the number's 17th digit {info.number[16]} "
            f"means {SEXES_EN[info.sex]})"
        )
    if not wrong_zh:
        return (valid,)
    contradicted = Check(
        "number_matches_card",
        False,
        "does not agree with the number: " + "; ".join(wrong_en),
        "与证件号码不一致：" + "；".join(wrong_zh) + "，请核对证件",
    )
    return valid, contradicted
