"""ICAO 9303 machine-readable zones: check digits, TD1 (3 x 30), TD2 (2 x 36) and TD3
(2 x 44) parsing, and the BAC key material (document number, birth date, expiry) a clerk
types or scans."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from counter_app.domain.hall_time import hall_today

from .errors import (
    BadCardData,
    MrzCharacterNotAllowed,
    MrzCheckDigitWrong,
    MrzLineCountWrong,
    MrzLineLengthWrong,
)

_WEIGHTS = (7, 3, 1)
_ALLOWED = re.compile(r"^[A-Z0-9<]*$")
# Format -> (lines, characters per line).
_SHAPES = {"TD3": (2, 44), "TD2": (2, 36), "TD1": (3, 30)}


# The two MRZ dates in Chinese, by whether the date is the expiry one.
_DATE_ZH = {False: "出生日期", True: "有效期至"}


def _char_value(char: str) -> int:
    if char.isdigit():
        return int(char)
    if "A" <= char <= "Z":
        return ord(char) - ord("A") + 10
    if char == "<":
        return 0
    raise BadCardData(
        "mrz character", f"机读码中不允许出现“{char}”", f"'{char}' is not allowed in an MRZ"
    )


def check_digit(field: str) -> str:
    """ICAO 9303 Part 3 check digit: weights 7 3 1, '<' = 0, A = 10 ... Z = 35."""
    return str(sum(_char_value(c) * _WEIGHTS[i % 3] for i, c in enumerate(field)) % 10)


def mrz_date(value: str, *, field: str, expiry: bool, today: date | None = None) -> date:
    """YYMMDD with the century chosen as a reader must: a birth date is the latest one not
    after today, an expiry date the latest one not more than 50 years after today.

    The comparison is by whole date, not by year: on 4 Dec 2026 a birth date 261231 is
    31 Dec 1926, since 31 Dec 2026 has not happened yet."""
    if not re.fullmatch(r"[0-9]{6}", value):
        raise BadCardData(
            "mrz date",
            f"机读码{_DATE_ZH[expiry]}“{value}”不是 YYMMDD 格式",
            f"{field} '{value}' is not YYMMDD",
        )
    today = today or hall_today()
    yy, month, day = int(value[:2]), int(value[2:4]), int(value[4:])
    # Compared as (year, month, day) so that "50 years after 29 February" needs no date.
    latest = (today.year + (50 if expiry else 0), today.month, today.day)
    century = latest[0] // 100 * 100
    if (century + yy, month, day) > latest:
        century -= 100
    # 29 February of a century year that is not a leap year (2100) belongs to the one before.
    for year in (century + yy, century - 100 + yy):
        try:
            return date(year, month, day)
        except ValueError:
            continue
    raise BadCardData(
        "mrz date", f"机读码{_DATE_ZH[expiry]} {value} 不存在", f"{field} {value} does not exist"
    )


@dataclass(frozen=True)
class BacKey:
    """What BAC needs: document number (as printed in the MRZ, up to 9 characters before
    padding), birth date and expiry date as YYMMDD."""

    document_number: str
    birth_date: str
    expiry_date: str

    def mrz_information(self) -> str:
        number = self.document_number.upper()
        if not _ALLOWED.match(number) or not number or len(number) > 9:
            raise BadCardData(
                "mrz document number",
                "证件号码应为1至9位字母或数字",
                "1-9 letters or digits expected",
            )
        number = number.ljust(9, "<")
        for value, expiry in ((self.birth_date, False), (self.expiry_date, True)):
            if not re.fullmatch(r"[0-9]{6}", value):
                name = "expiry date" if expiry else "birth date"
                raise BadCardData(
                    "mrz date", f"{_DATE_ZH[expiry]}应为 YYMMDD", f"{name} must be YYMMDD"
                )
        return (
            number
            + check_digit(number)
            + self.birth_date
            + check_digit(self.birth_date)
            + self.expiry_date
            + check_digit(self.expiry_date)
        )


@dataclass(frozen=True)
class Mrz:
    format: str  # "TD1" | "TD2" | "TD3"
    document_code: str
    issuing_state: str  # ICAO 9303 code without fillers: "D" for Germany, not "D<<"
    surname: str
    given_names: str
    document_number: str
    nationality: str
    birth_date: str  # YYMMDD
    sex: str  # "M" | "F" | "<"
    expiry_date: str  # YYMMDD
    optional_data: str
    check_failures: tuple[str, ...]

    @property
    def bac_key(self) -> BacKey:
        return BacKey(self.document_number, self.birth_date, self.expiry_date)


def _name(field: str) -> tuple[str, str]:
    surname, _, given = field.partition("<<")
    return surname.replace("<", " ").strip(), given.replace("<", " ").strip()


def parse_mrz(text: str) -> Mrz:
    """Parse a TD1, TD2 or TD3 MRZ (lines joined by newlines, or one run of 90/72/88
    characters).

    Shape errors raise BadCardData naming the rule; check-digit mismatches are reported in
    ``check_failures`` so the caller decides (a chip's DG1 with a bad digit is suspicious,
    a typed MRZ with one is a typo to point at)."""
    compact = "".join(text.split()).upper()
    if not _ALLOWED.match(compact):
        bad = next(c for c in compact if not _ALLOWED.match(c))
        raise BadCardData(
            "mrz character", f"机读码中不允许出现“{bad}”", f"'{bad}' is not allowed in an MRZ"
        )
    if len(compact) == 88:
        return _parse_td3(compact[:44], compact[44:])
    if len(compact) == 72:
        return _parse_td2(compact[:36], compact[36:])
    if len(compact) == 90:
        return _parse_td1(compact[:30], compact[30:60], compact[60:])
    raise BadCardData(
        "mrz length",
        f"机读码共 {len(compact)} 个字符，应为88（TD3）、72（TD2）或90（TD1）个",
        f"{len(compact)} characters, expected 88 (TD3), 72 (TD2) or 90 (TD1)",
    )


def parse_typed_mrz(text: str) -> Mrz:
    """A clerk's typed (or wedge-scanned) MRZ, after ``normalise_typed_mrz``: a character
    that is not allowed, a line of the wrong length or a check digit that does not match is
    a typo and is refused, saying which line, position or field to correct."""
    lines = normalise_typed_mrz(text)
    for number, line in enumerate(lines, 1):
        for position, char in enumerate(line, 1):
            if not _ALLOWED.match(char):
                raise MrzCharacterNotAllowed(number, position, char)
    mrz_format = _typed_format(lines)
    width = _SHAPES[mrz_format][1]
    if len(lines) == 1:  # a scanner that sends the whole MRZ as one run
        lines = [lines[0][i : i + width] for i in range(0, len(lines[0]), width)]
    if any(len(line) != width for line in lines):
        raise MrzLineLengthWrong(mrz_format, width, tuple(len(line) for line in lines))
    mrz = parse_mrz("\n".join(lines))
    if mrz.check_failures:
        raise MrzCheckDigitWrong(mrz.format, mrz.check_failures)
    return mrz


def normalise_typed_mrz(text: str) -> list[str]:
    """The non-blank lines of a typed MRZ as a reader would print them: what a Chinese
    input method types for an MRZ character (full-width forms, 《 for <, lower case) is
    mapped to it, and each line loses its surrounding whitespace.

    Each character maps to exactly one, so positions still match what the clerk typed.
    Nothing else is rewritten (not NFKC at large: it turns Ⅱ into II and ß upper-cases to
    SS), so any other character is reported, not guessed at."""
    lines = ("".join(_typed_char(c) for c in raw).strip() for raw in text.splitlines())
    return [line for line in lines if line]


def _typed_char(char: str) -> str:
    # 《 is what the "<" key gives in Chinese punctuation mode; it has no NFKC mapping.
    if char == "《":
        return "<"
    if unicodedata.decomposition(char).startswith("<wide>"):
        char = unicodedata.normalize("NFKC", char)
    return char.upper() if "a" <= char <= "z" else char


def _typed_format(lines: list[str]) -> str:
    """The format the clerk meant: by the number of lines (or a one-line run of a whole
    MRZ), and between the two-line formats the one whose widths are closest."""
    lengths = tuple(len(line) for line in lines)
    if len(lines) == 1:
        for mrz_format, (count, width) in _SHAPES.items():
            if lengths[0] == count * width:
                return mrz_format
    candidates = [f for f, (count, _) in _SHAPES.items() if count == len(lines)]
    if not candidates:
        raise MrzLineCountWrong(lengths)
    return min(candidates, key=lambda f: sum(abs(n - _SHAPES[f][1]) for n in lengths))


def _verify(pairs: list[tuple[str, str, str]]) -> tuple[str, ...]:
    failures = []
    for name, field, digit in pairs:
        if check_digit(field) != digit and not (digit == "<" and set(field) <= {"<"}):
            failures.append(name)
    return tuple(failures)


def _parse_td3(l1: str, l2: str) -> Mrz:
    surname, given = _name(l1[5:44])
    failures = _verify(
        [
            ("document_number", l2[0:9], l2[9]),
            ("birth_date", l2[13:19], l2[19]),
            ("expiry_date", l2[21:27], l2[27]),
            ("optional_data", l2[28:42], l2[42]),
            ("composite", l2[0:10] + l2[13:20] + l2[21:43], l2[43]),
        ]
    )
    return Mrz(
        "TD3",
        l1[0:2].rstrip("<"),
        l1[2:5].rstrip("<"),
        surname,
        given,
        l2[0:9].rstrip("<"),
        l2[10:13].rstrip("<"),
        l2[13:19],
        l2[20],
        l2[21:27],
        l2[28:42].rstrip("<"),
        failures,
    )


def _document_number(number: str, digit: str, optional: str) -> tuple[str, str, str]:
    """TD1 and TD2: (number, its check digit, the rest of the optional data). A number
    longer than 9 characters has '<' for its check digit and continues in the optional
    data, its check digit after it."""
    if digit == "<" and optional[:1] != "<":
        rest, _, tail = optional.partition("<")
        return number + rest[:-1], rest[-1:], tail
    return number, digit, optional


def _parse_td2(l1: str, l2: str) -> Mrz:
    surname, given = _name(l1[5:36])
    number, digit, optional = _document_number(l2[0:9], l2[9], l2[28:35])
    failures = _verify(
        [
            ("birth_date", l2[13:19], l2[19]),
            ("expiry_date", l2[21:27], l2[27]),
            ("composite", l2[0:10] + l2[13:20] + l2[21:35], l2[35]),
        ]
    )
    if check_digit(number) != digit:
        failures = ("document_number", *failures)
    return Mrz(
        "TD2",
        l1[0:2].rstrip("<"),
        l1[2:5].rstrip("<"),
        surname,
        given,
        number.rstrip("<"),
        l2[10:13].rstrip("<"),
        l2[13:19],
        l2[20],
        l2[21:27],
        optional.rstrip("<"),
        failures,
    )


def _parse_td1(l1: str, l2: str, l3: str) -> Mrz:
    surname, given = _name(l3)
    number, digit, optional = _document_number(l1[5:14], l1[14], l1[15:30])
    failures = list(
        _verify(
            [
                ("birth_date", l2[0:6], l2[6]),
                ("expiry_date", l2[8:14], l2[14]),
                ("composite", l1[5:30] + l2[0:7] + l2[8:15] + l2[18:29], l2[29]),
            ]
        )
    )
    if check_digit(number) != digit:
        failures.insert(0, "document_number")
    return Mrz(
        "TD1",
        l1[0:2].rstrip("<"),
        l1[2:5].rstrip("<"),
        surname,
        given,
        number.rstrip("<"),
        l2[15:18].rstrip("<"),
        l2[0:6],
        l2[7],
        l2[8:14],
        optional.rstrip("<"),
        tuple(failures),
    )


def build_td3(
    *,
    code: str,
    state: str,
    surname: str,
    given: str,
    number: str,
    nationality: str,
    birth: str,
    sex: str,
    expiry: str,
    optional: str = "",
) -> str:
    """A TD3 MRZ with correct check digits (the simulator's and the tests' side)."""
    name = (surname.replace(" ", "<") + "<<" + given.replace(" ", "<")).ljust(39, "<")[:39]
    l1 = code.ljust(2, "<") + state + name
    num = number.ljust(9, "<")
    opt = optional.ljust(14, "<")
    body = (
        num
        + check_digit(num)
        + nationality
        + birth
        + check_digit(birth)
        + sex
        + expiry
        + check_digit(expiry)
    )
    opt_digit = "<" if set(opt) == {"<"} else check_digit(opt)
    composite = (
        num
        + check_digit(num)
        + birth
        + check_digit(birth)
        + expiry
        + check_digit(expiry)
        + opt
        + opt_digit
    )
    l2 = body + opt + opt_digit + check_digit(composite)
    return l1 + "\n" + l2
