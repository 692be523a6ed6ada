"""Sample cards for the training hall and the tests: every supported document type,
clearly fictional people, ID numbers valid per GB 11643 (check characters computed here,
never typed), rare characters beyond the BMP (𠮷, 𪚥) and "·" names."""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass, field
from datetime import date

from counter_app.domain.idnumber import check_character

from .basetext import encode_base_text
from .document import DocType
from .mrz import build_td3


def gb11643(first17: str) -> str:
    return first17 + check_character(first17)


# A 24x32 JPEG standing in for a passport face image (generated, no real person).
SAMPLE_FACE_JPEG = base64.b64decode(
    "/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAA0JCgsKCA0LCgsODg0PEyAVExISEyccHhcgLikxMC4pLSwzOko+MzZGNywtQFdB"
    "RkxOUlNSMj5aYVpQYEpRUk//2wBDAQ4ODhMREyYVFSZPNS01T09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09P"
    "T09PT09PT09PT09PT0//wAARCAAgABgDASIAAhEBAxEB/8QAHwAAAQUBAQEBAQEAAAAAAAAAAAECAwQFBgcICQoL/8QAtRAA"
    "AgEDAwIEAwUFBAQAAAF9AQIDAAQRBRIhMUEGE1FhByJxFDKBkaEII0KxwRVS0fAkM2JyggkKFhcYGRolJicoKSo0NTY3ODk6"
    "Q0RFRkdISUpTVFVWV1hZWmNkZWZnaGlqc3R1dnd4eXqDhIWGh4iJipKTlJWWl5iZmqKjpKWmp6ipqrKztLW2t7i5usLDxMXG"
    "x8jJytLT1NXW19jZ2uHi4+Tl5ufo6erx8vP09fb3+Pn6/8QAHwEAAwEBAQEBAQEBAQAAAAAAAAECAwQFBgcICQoL/8QAtREA"
    "AgECBAQDBAcFBAQAAQJ3AAECAxEEBSExBhJBUQdhcRMiMoEIFEKRobHBCSMzUvAVYnLRChYkNOEl8RcYGRomJygpKjU2Nzg5"
    "OkNERUZHSElKU1RVVldYWVpjZGVmZ2hpanN0dXZ3eHl6goOEhYaHiImKkpOUlZaXmJmaoqOkpaanqKmqsrO0tba3uLm6wsPE"
    "xcbHyMnK0tPU1dbX2Nna4uPk5ebn6Onq8vP09fb3+Pn6/9oADAMBAAIRAxEAPwDoqKK83rnOhI9IooopiCub/wCEV/6fv/IX"
    "/wBeukopAFFFFMD/2Q=="
)


def sample_wlt(key: str) -> bytes:
    """1024 bytes standing in for a card's WLT photo (deterministic, not a real image)."""
    out = b""
    seed = key.encode()
    while len(out) < 1024:
        seed = hashlib.sha256(seed).digest()
        out += seed
    return out[:1024]


@dataclass(frozen=True)
class SocialSecurityData:
    card_number: str  # 9 characters
    card_version: str  # spec version, 4 characters such as "3.00"
    issuer_code: str  # 12 characters, the issuing organisation
    issue_date: date
    expiry_date: date
    social_security_number: str
    name: str
    sex: str  # "1" | "2"
    nation: str  # GB 3304 code
    birth_place: str  # 6-digit region code
    birth_date: date


@dataclass(frozen=True)
class PassportData:
    mrz: str
    face_jpeg: bytes


@dataclass(frozen=True)
class SampleCard:
    key: str
    label: str  # what the training UI shows
    doc_type: DocType
    base_fields: dict[str, str] = field(default_factory=dict)
    social_security: SocialSecurityData | None = None
    passport: PassportData | None = None
    label_en: str = ""  # the label in the English interface

    def label_in(self, lang: str) -> str:
        return self.label_en if lang == "en" and self.label_en else self.label

    @property
    def base_text(self) -> bytes:
        return encode_base_text(self.doc_type, self.base_fields)

    @property
    def photo(self) -> bytes:
        return sample_wlt(self.key)


def _resident(key: str, label: str, label_en: str, **values: str) -> SampleCard:
    return SampleCard(key, label, DocType.RESIDENT_ID, values, label_en=label_en)


SAMPLES: tuple[SampleCard, ...] = (
    _resident(
        "resident",
        "居民身份证（长期有效）",
        "Resident ID card (valid long-term)",
        name="王建国",
        sex="1",
        nation="01",
        birth_date="19580312",
        address="上海市徐汇区漕溪北路88弄7号1201室",
        id_number=gb11643("31010419580312001"),
        issuer="上海市公安局徐汇分局",
        valid_from="20150601",
        valid_to="长期",
    ),
    _resident(
        "resident_expired",
        "居民身份证（已过期）",
        "Resident ID card (expired)",
        name="李𠮷",
        sex="2",
        nation="01",
        birth_date="19900521",
        address="上海市黄浦区南京东路100号",
        id_number=gb11643("31010119900521002"),
        issuer="上海市公安局黄浦分局",
        valid_from="20100110",
        valid_to="20200110",
    ),
    _resident(
        "resident_rare",
        "居民身份证（生僻字姓名）",
        "Resident ID card (rare-character name)",
        name="陈𪚥",
        sex="1",
        nation="01",
        birth_date="20010909",
        address="上海市静安区万荣路300弄5号",
        id_number=gb11643("31010620010909003"),
        issuer="上海市公安局静安分局",
        valid_from="20210915",
        valid_to="20310915",
    ),
    _resident(
        "resident_uyghur",
        "居民身份证（少数民族“·”姓名）",
        "Resident ID card (ethnic-minority “·” name)",
        name="买买提·艾力",
        sex="1",
        nation="05",
        birth_date="19851102",
        address="新疆维吾尔自治区乌鲁木齐市天山区解放南路8号",
        id_number=gb11643("65010219851102005"),
        issuer="乌鲁木齐市公安局天山分局",
        valid_from="20180301",
        valid_to="20380301",
    ),
    SampleCard(
        "foreign_2017",
        "外国人永久居留身份证（2017版）",
        DocType.FOREIGN_PERMANENT_2017,
        {
            "english_name": "SMITH, JOHN MICHAEL",
            "sex": "1",
            "id_number": "USA310087060015",
            "nationality": "USA",
            "name": "史密斯",
            "valid_from": "20190405",
            "valid_to": "20290405",
            "birth_date": "19870604",
            "card_version": "01",
            "issuer": "1500",
        },
        label_en="Foreign permanent resident ID card (2017)",
    ),
    SampleCard(
        "foreign_2023",
        "外国人永久居留身份证（2023版）",
        DocType.FOREIGN_PERMANENT_2023,
        {
            "name": "玛丽亚·罗西",
            "sex": "2",
            "renewal_count": "00",
            "birth_date": "19920714",
            "english_name": "ROSSI, MARIA",
            "id_number": gb11643("93138019920714006"),
            "valid_from": "20240102",
            "valid_to": "20340102",
            "nationality": "ITA",
        },
        label_en="Foreign permanent resident ID card (2023)",
    ),
    SampleCard(
        "hkmotw_permit",
        "港澳台居民居住证",
        DocType.HKMOTW_RESIDENCE_PERMIT,
        {
            "name": "陈家明",
            "sex": "1",
            "birth_date": "19930218",
            "address": "上海市浦东新区世纪大道1号",
            "id_number": gb11643("81000019930218007"),
            "issuer": "上海市公安局浦东分局",
            "valid_from": "20220301",
            "valid_to": "20270301",
            "pass_number": "H12345678",
            "issue_count": "01",
        },
        label_en="Residence permit for Hong Kong, Macao and Taiwan residents",
    ),
    SampleCard(
        "social_security",
        "社会保障卡",
        DocType.SOCIAL_SECURITY_CARD,
        social_security=SocialSecurityData(
            card_number="A12345678",
            card_version="3.00",
            issuer_code="310000D15600",
            issue_date=date(2021, 3, 15),
            expiry_date=date(2031, 3, 15),
            social_security_number=gb11643("31011019760830008"),
            name="赵𠮷敏",
            sex="2",
            nation="01",
            birth_place="310110",
            birth_date=date(1976, 8, 30),
        ),
        label_en="Social security card",
    ),
    SampleCard(
        "passport",
        "护照（ICAO 9303）",
        DocType.PASSPORT,
        passport=PassportData(
            build_td3(
                code="P",
                state="CHN",
                surname="MAIMAITI",
                given="AILI",
                number="EA1234567",
                nationality="CHN",
                birth="851102",
                sex="M",
                expiry="330601",
            ),
            SAMPLE_FACE_JPEG,
        ),
        label_en="Passport (ICAO 9303)",
    ),
)

SAMPLES_BY_KEY = {card.key: card for card in SAMPLES}


def sample_names() -> list[str]:
    return [card.key for card in SAMPLES]
