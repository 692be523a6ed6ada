"""Reader and card errors a clerk can act on (Chinese first, English available)."""

from __future__ import annotations

from counter_app.errors import CounterError


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
