"""An amount of money in Chinese capitals (大写金额), as a payment notice prints it beside the
figures so the amount cannot be altered: 壹万贰仟叁佰肆拾伍元陆角柒分. The rules are the
banks' (《支付结算办法》附件《正确填写票据和结算凭证的基本规定》): 整 after a whole yuan,
one 零 for a run of zeros inside the number, 壹拾 for a leading ten."""

from __future__ import annotations

_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_UNITS = ("", "拾", "佰", "仟")
_GROUPS = ("", "万", "亿", "万亿")


def yuan_in_capitals(cents: int) -> str:
    """``1234567`` (integer cents) → ``壹万贰仟叁佰肆拾伍元陆角柒分``; ``0`` → ``零元整``.
    A fee is never negative nor a float: either is refused, never rounded."""
    if not isinstance(cents, int) or isinstance(cents, bool):
        raise TypeError(f"amounts are integer cents, not {type(cents).__name__}")
    if not 0 <= cents < 10 ** (4 * len(_GROUPS) + 2):
        raise ValueError(f"no amount in capitals for {cents} cents")
    yuan, fraction = divmod(cents, 100)
    jiao, fen = divmod(fraction, 10)
    if yuan == 0 and fraction == 0:
        return "零元整"
    words = f"{_whole(yuan)}元" if yuan else ""
    if fraction == 0:
        return words + "整"
    if jiao:
        words += f"{_DIGITS[jiao]}角"
    elif yuan:
        words += "零"  # 壹元零伍分: the missing 角 is said
    return words + (f"{_DIGITS[fen]}分" if fen else "")


def _whole(yuan: int) -> str:
    """A positive whole number of yuan in capitals, by groups of four digits (万, 亿)."""
    groups: list[int] = []
    while yuan:
        yuan, group = divmod(yuan, 10_000)
        groups.append(group)
    words = ""
    skipped = False
    for index in reversed(range(len(groups))):
        group = groups[index]
        if group == 0:
            skipped = bool(words)
            continue
        if words and (skipped or group < 1000):
            words += "零"
        words += _four_digits(group) + _GROUPS[index]
        skipped = False
    return words


def _four_digits(number: int) -> str:
    """1 to 9999 in capitals, no leading 零: 贰仟零伍, 壹拾."""
    words = ""
    pending_zero = False
    for place in reversed(range(4)):
        digit = number // 10**place % 10
        if digit == 0:
            pending_zero = bool(words)
            continue
        if pending_zero:
            words += "零"
            pending_zero = False
        words += _DIGITS[digit] + _UNITS[place]
    return words
