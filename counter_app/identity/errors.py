"""Reader, card and typed-MRZ errors a clerk can act on (Chinese first, English available)."""

from __future__ import annotations

from counter_app.errors import CounterError, ValidationError


class ReaderError(CounterError):
    """Base of every card-reader failure; ``field`` is always ``"reader"``."""

    code = "reader"

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(zh, en, field="reader")


class ReaderUnavailable(ReaderError):
    code = "reader_unavailable"

    def __init__(self, detail_zh: str = "", detail_en: str = "") -> None:
        super().__init__(
            "未找到可用的读卡器，请检查读卡器是否连接、驱动是否安装、配置是否正确。" + detail_zh,
            "No card reader is available; check the cable, the driver and the reader setting."
            + (f" {detail_en}" if detail_en else ""),
        )


class NoCard(ReaderError):
    code = "no_card"

    def __init__(self) -> None:
        super().__init__(
            "读卡器上没有证件，请将证件平放在读卡区后重试。",
            "There is no card on the reader; place the card flat on the reader and try again.",
        )


class CardRemoved(ReaderError):
    code = "card_removed"

    def __init__(self) -> None:
        super().__init__(
            "读卡过程中证件被移开，请将证件放稳后重新读卡。",
            "The card was moved away while it was being read; hold it still and read again.",
        )


class SamFault(ReaderError):
    code = "sam_fault"

    def __init__(self, status: int) -> None:
        super().__init__(
            f"读卡器安全模块（SAM）故障（状态码 {status:02X}），请联系信息技术人员检修读卡器。",
            f"The reader's security module (SAM) reports a fault (status {status:02X}); "
            "ask IT to service the reader.",
        )
        self.status = status


class UnsupportedCard(ReaderError):
    code = "unsupported_card"

    def __init__(self, what: str) -> None:
        super().__init__(
            f"读卡器无法识别此证件（{what}），请改用手工录入。",
            f"This card is not supported ({what}); enter the applicant by hand.",
        )
        self.what = what


class BadCardData(ReaderError):
    """The card or the line delivered data that breaks its format; ``what`` names the rule
    ("checksum", "length", "date", ...), so logs and tests can tell the cases apart."""

    code = "bad_card_data"

    def __init__(self, what: str, detail: str = "") -> None:
        tail = f"：{detail}" if detail else ""
        super().__init__(
            f"证件数据有误（{what}{tail}），请重新读卡；如仍失败请手工录入。",
            f"The card data is invalid ({what}{': ' + detail if detail else ''}); "
            "read the card again, or enter it by hand.",
        )
        self.what = what


class ReaderTimeout(ReaderError):
    """Something did not happen within ``seconds``: the reader's answer, or a card."""

    code = "reader_timeout"

    def __init__(self, seconds: float, zh: str, en: str) -> None:
        super().__init__(zh, en)
        self.seconds = seconds

    @classmethod
    def no_answer(cls, seconds: float, detail_zh: str, detail_en: str) -> ReaderTimeout:
        return cls(
            seconds,
            f"读卡器在 {seconds:g} 秒内没有响应（{detail_zh}），请检查连接后重试。",
            f"The reader did not answer within {seconds:g} s ({detail_en}); check the connection "
            "and try again.",
        )

    @classmethod
    def no_card(cls, seconds: float) -> ReaderTimeout:
        return cls(
            seconds,
            f"{seconds:g} 秒内没有放卡，请将证件放到读卡器上后重试。",
            f"No card was placed within {seconds:g} s; put the card on the reader and try again.",
        )

    @classmethod
    def card_not_removed(cls, seconds: float) -> ReaderTimeout:
        return cls(
            seconds,
            f"{seconds:g} 秒内证件没有取走。",
            f"The card was not taken off the reader within {seconds:g} s.",
        )


# Each MRZ field with a check digit: its name, and the line it is on in TD3 and TD1.
_MRZ_FIELDS = {
    "document_number": ("证件号码", "document number", {"TD3": 2, "TD1": 1}),
    "birth_date": ("出生日期", "birth date", {"TD3": 2, "TD1": 2}),
    "expiry_date": ("有效期至", "expiry date", {"TD3": 2, "TD1": 2}),
    "optional_data": ("个人号码（可选数据）", "personal number (optional data)", {"TD3": 2}),
}


class MrzCheckDigitWrong(ValidationError):
    """A typed MRZ whose check digits do not match: a typo, so the clerk is pointed at the
    field to re-check; ``field`` is ``"mrz.<name>"`` of the first one, ``fields`` all."""

    code = "mrz_check_digit"

    def __init__(self, mrz_format: str, failures: tuple[str, ...]) -> None:
        # A wrong character in a field also breaks the composite digit, which covers every
        # field: name it only when each field's own digit is right.
        fields = tuple(f for f in failures if f != "composite") or ("composite",)
        if fields == ("composite",):
            zh = "总校验位错误：各栏自身的校验位都对，请核对第2行最后一位。"
            en = (
                "Composite check digit wrong: each field's own check digit is right; "
                "check the last character of line 2."
            )
        else:
            named = [_MRZ_FIELDS[f] for f in fields]
            lines = sorted({where[mrz_format] for _, _, where in named})
            zh_names = "、".join(zh for zh, _, _ in named)
            en_names = ", ".join(en for _, en, _ in named)
            zh_lines = "、".join(f"第{n}行" for n in lines)
            en_lines = " and ".join(f"line {n}" for n in lines)
            zh = f"{zh_names}校验位错误：请对照证件逐位核对机读码{zh_lines}的{zh_names}及其后一位校验位。"
            digits = "check digit" if len(fields) == 1 else "check digits"
            en = (
                f"{digits.capitalize()} wrong for the {en_names}: compare {en_lines} of the MRZ "
                f"with the document, character by character, including the {digits} after it."
            )
        super().__init__(zh, en, field=f"mrz.{fields[0]}")
        self.fields = fields
