"""Reader, card and typed-MRZ errors a clerk can act on (Chinese first, English available)."""

from __future__ import annotations

from enum import StrEnum

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
        # What was found, without the advice above (an automatic search lists each reader
        # kind it tried with its own detail).
        self.detail_zh = detail_zh
        self.detail_en = detail_en


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

    def __init__(self, detail_zh: str, detail_en: str) -> None:
        super().__init__(
            f"读卡器无法识别此证件（{detail_zh}），请改用手工录入。",
            f"This card is not supported ({detail_en}); enter the applicant by hand.",
        )
        self.what = detail_en


class MrzRequired(UnsupportedCard):
    """A passport (or another travel document) chip on the reader, but no MRZ key to open it
    with: the clerk types the MRZ first, then the chip can be read. Not a card to enter by
    hand, so the advice is its own, not UnsupportedCard's."""

    code = "mrz_required"

    def __init__(self) -> None:
        ReaderError.__init__(
            self,
            "读卡器上像是护照（或其他带芯片的旅行证件），读取芯片前须先录入证件底部的机读码："
            "窗口中按 Ctrl+M 录入，命令行用 --mrz 证件号,出生日期YYMMDD,有效期YYMMDD；"
            "录入后证件留在读卡器上即可读取。",
            "This looks like a passport (or another travel document with a chip): enter the MRZ "
            "at the bottom of its data page first (in the window press Ctrl+M; at the command "
            "line give --mrz DOCNO,YYMMDD,YYMMDD), then the chip is read with the document "
            "left on the reader.",
        )
        self.what = "travel document without an MRZ key"


class BadCardData(ReaderError):
    """The card or the line delivered data that breaks its format; ``what`` names the rule
    ("checksum", "length", "date", ...), so logs and tests can tell the cases apart. Each
    raise site says what is wrong in both languages: the Chinese message carries only the
    Chinese detail."""

    code = "bad_card_data"

    def __init__(self, what: str, detail_zh: str, detail_en: str) -> None:
        super().__init__(
            f"证件数据有误（{detail_zh}），请重新读卡；如仍失败请手工录入。",
            f"The card data is invalid ({what}: {detail_en}); "
            "read the card again, or enter it by hand.",
        )
        self.what = what


class TimeoutKind(StrEnum):
    """What did not happen in time: the reader's answer to a command, or something a wait
    was for (a card placed, a card taken off, or the wait cut short by closing the reader)."""

    NO_ANSWER = "no_answer"
    NO_CARD = "no_card"
    CARD_NOT_REMOVED = "card_not_removed"
    CLOSED = "closed"


class ReaderTimeout(ReaderError):
    """Something did not happen within ``seconds``; ``kind`` says what. Only ``NO_ANSWER``
    means the reader is in trouble: the others end a wait."""

    code = "reader_timeout"

    def __init__(self, kind: TimeoutKind, seconds: float, zh: str, en: str) -> None:
        super().__init__(zh, en)
        self.kind = kind
        self.seconds = seconds

    @property
    def ended_a_wait(self) -> bool:
        return self.kind is not TimeoutKind.NO_ANSWER

    @classmethod
    def no_answer(cls, seconds: float, detail_zh: str, detail_en: str) -> ReaderTimeout:
        return cls(
            TimeoutKind.NO_ANSWER,
            seconds,
            f"读卡器在 {seconds:g} 秒内没有响应（{detail_zh}），请检查连接后重试。",
            f"The reader did not answer within {seconds:g} s ({detail_en}); check the connection "
            "and try again.",
        )

    @classmethod
    def no_card(cls, seconds: float) -> ReaderTimeout:
        return cls(
            TimeoutKind.NO_CARD,
            seconds,
            f"{seconds:g} 秒内没有放卡，请将证件放到读卡器上后重试。",
            f"No card was placed within {seconds:g} s; put the card on the reader and try again.",
        )

    @classmethod
    def card_not_removed(cls, seconds: float) -> ReaderTimeout:
        return cls(
            TimeoutKind.CARD_NOT_REMOVED,
            seconds,
            f"{seconds:g} 秒内证件没有取走。",
            f"The card was not taken off the reader within {seconds:g} s.",
        )

    @classmethod
    def closed(cls, seconds: float) -> ReaderTimeout:
        return cls(
            TimeoutKind.CLOSED,
            seconds,
            "读卡器已关闭，停止等待。",
            "The reader was closed; waiting stopped.",
        )


# Each MRZ field with a check digit: its name, and the line it is on in each format.
_MRZ_FIELDS = {
    "document_number": ("证件号码", "document number", {"TD3": 2, "TD2": 2, "TD1": 1}),
    "birth_date": ("出生日期", "birth date", {"TD3": 2, "TD2": 2, "TD1": 2}),
    "expiry_date": ("有效期至", "expiry date", {"TD3": 2, "TD2": 2, "TD1": 2}),
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


# The shapes a typed MRZ may have, said in every length message so the clerk can count.
_MRZ_SHAPES_ZH = "TD3 2行×44个字符（护照）、TD2 2行×36个字符、TD1 3行×30个字符（证件卡）"
_MRZ_SHAPES_EN = "TD3 2 × 44 characters (passport), TD2 2 × 36, TD1 3 × 30 (card)"


class MrzLineCountWrong(ValidationError):
    """A typed MRZ that is not 2 or 3 lines (nor one run of a whole MRZ)."""

    code = "mrz_line_count"

    def __init__(self, lengths: tuple[int, ...]) -> None:
        count = len(lengths)
        if count:
            zh_typed = f"实际输入了{count}行（{'、'.join(map(str, lengths))}个字符）"
            en_typed = f"{count} line{'s' if count > 1 else ''} ({', '.join(map(str, lengths))} "
            en_typed += f"characters) {'were' if count > 1 else 'was'} typed"
        else:
            zh_typed, en_typed = "实际没有输入", "nothing was typed"
        super().__init__(
            f"机读码应为两行或三行：{_MRZ_SHAPES_ZH}；{zh_typed}。请逐行输入证件底部的全部机读码。",
            f"An MRZ has 2 or 3 lines: {_MRZ_SHAPES_EN}; {en_typed}. "
            "Type every MRZ line at the bottom of the document, one per line.",
            field="mrz",
        )
        self.lengths = lengths


class MrzLineLengthWrong(ValidationError):
    """A typed MRZ whose lines are not all ``expected`` characters long for ``mrz_format``;
    ``field`` is ``"mrz.line<n>"`` of the first line that is off."""

    code = "mrz_line_length"

    def __init__(self, mrz_format: str, expected: int, lengths: tuple[int, ...]) -> None:
        wrong = [(n, got) for n, got in enumerate(lengths, 1) if got != expected]
        zh = "；".join(f"第{n}行应为{expected}个字符，实际{got}个" for n, got in wrong)
        en = "; ".join(
            f"line {n} should have {expected} characters but has {got}" for n, got in wrong
        )
        super().__init__(
            f"机读码长度不对（按 {mrz_format} 格式）：{zh}。机读码格式：{_MRZ_SHAPES_ZH}。"
            "请对照证件逐位核对，空白处用 < 填满。",
            f"The MRZ has the wrong length (read as {mrz_format}): {en}. MRZ shapes: "
            f"{_MRZ_SHAPES_EN}. Compare it with the document; every blank position is a <.",
            field=f"mrz.line{wrong[0][0]}",
        )
        self.mrz_format = mrz_format
        self.lengths = lengths


class MrzCharacterNotAllowed(ValidationError):
    """A typed MRZ with a character outside A-Z, 0-9 and '<' (after the input-method forms
    are normalised); ``line`` and ``position`` count from 1."""

    code = "mrz_character"

    def __init__(self, line: int, position: int, char: str) -> None:
        zh_char, en_char = ("（空格）", "a space") if char == " " else (f"“{char}”", f"'{char}'")
        super().__init__(
            f"机读码第{line}行第{position}个字符{zh_char}不允许：机读码只能包含 A–Z、0–9 和 <，"
            "空白处请输入 <。请对照证件改正后再解析。",
            f"MRZ line {line}, position {position}: {en_char} is not allowed; only A–Z, 0–9 "
            "and < are, and every blank position is a <. Correct it from the document and "
            "parse again.",
            field=f"mrz.line{line}",
        )
        self.line = line
        self.position = position
        self.char = char
