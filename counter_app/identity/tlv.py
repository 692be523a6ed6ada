"""Tag-length-value parsers: ISO 7816 SIMPLE-TLV (social security card records) and BER-TLV
(passport data groups). They never raise anything but BadCardData("tlv", what)."""

from __future__ import annotations

from dataclasses import dataclass, field

from .errors import BadCardData

MAX_DEPTH = 8


def parse_simple_tlv(data: bytes) -> list[tuple[int, bytes]]:
    """``tag(1) len(1 | FF hi lo) value``; tags 00 and FF are invalid (ISO 7816-4 5.2)."""
    items: list[tuple[int, bytes]] = []
    i = 0
    while i < len(data):
        tag = data[i]
        if tag in (0x00, 0xFF):
            raise BadCardData(
                "tlv", f"第 {i} 字节处的标签 {tag:02X} 无效", f"invalid tag {tag:02X} at offset {i}"
            )
        if i + 1 >= len(data):
            raise BadCardData("tlv", f"标签 {tag:02X} 缺少长度", f"tag {tag:02X} has no length")
        length = data[i + 1]
        i += 2
        if length == 0xFF:
            if i + 2 > len(data):
                raise BadCardData(
                    "tlv",
                    f"标签 {tag:02X} 的3字节长度不完整",
                    f"tag {tag:02X} has a truncated 3-byte length",
                )
            length = int.from_bytes(data[i : i + 2], "big")
            i += 2
        if i + length > len(data):
            raise BadCardData(
                "tlv",
                f"标签 {tag:02X} 需要 {length} 字节，只剩 {len(data) - i} 字节",
                f"tag {tag:02X} needs {length} bytes, {len(data) - i} left",
            )
        items.append((tag, data[i : i + length]))
        i += length
    return items


def encode_simple_tlv(tag: int, value: bytes) -> bytes:
    if len(value) < 0xFF:
        return bytes([tag, len(value)]) + value
    return bytes([tag, 0xFF]) + len(value).to_bytes(2, "big") + value


@dataclass(frozen=True)
class Tlv:
    tag: int
    value: bytes
    children: tuple[Tlv, ...] = field(default_factory=tuple)

    def find(self, tag: int) -> Tlv | None:
        """The first descendant (depth first) with ``tag``."""
        for child in self.children:
            if child.tag == tag:
                return child
            found = child.find(tag)
            if found is not None:
                return found
        return None


def _read_tag(data: bytes, i: int) -> tuple[int, bool, int]:
    if i >= len(data):
        raise BadCardData("tlv", "缺少标签", "missing tag")
    first = data[i]
    constructed = bool(first & 0x20)
    tag = first
    i += 1
    if first & 0x1F == 0x1F:
        for _ in range(3):
            if i >= len(data):
                raise BadCardData("tlv", "多字节标签不完整", "truncated multi-byte tag")
            tag = (tag << 8) | data[i]
            i += 1
            if not data[i - 1] & 0x80:
                break
        else:
            raise BadCardData("tlv", "标签超过4字节", "tag longer than 4 bytes")
    return tag, constructed, i


def _read_length(data: bytes, i: int) -> tuple[int, int]:
    if i >= len(data):
        raise BadCardData("tlv", "缺少长度", "missing length")
    first = data[i]
    i += 1
    if first < 0x80:
        return first, i
    count = first & 0x7F
    if count == 0 or count > 3:
        raise BadCardData(
            "tlv", f"不支持的长度格式 {first:02X}", f"unsupported length form {first:02X}"
        )
    if i + count > len(data):
        raise BadCardData("tlv", "长度不完整", "truncated length")
    return int.from_bytes(data[i : i + count], "big"), i + count


def parse_ber_tlv(data: bytes, depth: int = 0) -> tuple[Tlv, ...]:
    if depth > MAX_DEPTH:
        raise BadCardData("tlv", f"嵌套超过 {MAX_DEPTH} 层", f"nesting deeper than {MAX_DEPTH}")
    items = []
    i = 0
    while i < len(data):
        if data[i] in (0x00, 0xFF) and depth > 0:
            i += 1  # padding between objects
            continue
        tag, constructed, i = _read_tag(data, i)
        length, i = _read_length(data, i)
        if i + length > len(data):
            raise BadCardData(
                "tlv",
                f"标签 {tag:X} 需要 {length} 字节，只剩 {len(data) - i} 字节",
                f"tag {tag:X} needs {length} bytes, {len(data) - i} left",
            )
        value = data[i : i + length]
        i += length
        children = parse_ber_tlv(value, depth + 1) if constructed else ()
        items.append(Tlv(tag, value, children))
    return tuple(items)


def parse_der_level(data: bytes) -> tuple[Tlv, ...]:
    """One level of DER objects, their children left unparsed (read them with another call
    on ``value``): CMS and X.509 nest deeper than ``parse_ber_tlv`` follows, and a DER
    value has no padding between objects."""
    items = []
    i = 0
    while i < len(data):
        tag, _constructed, i = _read_tag(data, i)
        length, i = _read_length(data, i)
        if i + length > len(data):
            raise BadCardData(
                "tlv",
                f"标签 {tag:X} 需要 {length} 字节，只剩 {len(data) - i} 字节",
                f"tag {tag:X} needs {length} bytes, {len(data) - i} left",
            )
        items.append(Tlv(tag, data[i : i + length]))
        i += length
    return tuple(items)


def ber_length(length: int) -> bytes:
    if length < 0x80:
        return bytes([length])
    raw = length.to_bytes((length.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(raw)]) + raw


def encode_ber(tag: int, value: bytes) -> bytes:
    return tag.to_bytes((tag.bit_length() + 7) // 8 or 1, "big") + ber_length(len(value)) + value
