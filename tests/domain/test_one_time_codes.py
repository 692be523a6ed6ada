import base64
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from hypothesis import given
from hypothesis import strategies as st

from counter_app.domain.one_time_codes import (
    MalformedCode,
    check_secret,
    code_for_step,
    grouped,
    matching_step,
    new_secret,
    provisioning_uri,
    step_at,
)
from counter_app.errors import ValidationError

# RFC 6238 appendix B: the SHA-1 seed, and its eight-digit codes (six digits are their tail).
RFC_SECRET = base64.b32encode(b"12345678901234567890").decode()
RFC_VECTORS = [
    (59, "94287082"),
    (1111111109, "07081804"),
    (1111111111, "14050471"),
    (1234567890, "89005924"),
    (2000000000, "69279037"),
    (20000000000, "65353130"),
]


@pytest.mark.parametrize(("unix", "eight"), RFC_VECTORS)
def test_codes_are_rfc_6238s(unix: int, eight: str) -> None:
    at = datetime.fromtimestamp(unix, UTC)
    assert code_for_step(RFC_SECRET, step_at(at)) == eight[-6:]


def test_a_code_is_taken_for_its_step_and_one_either_side_and_never_again() -> None:
    at = datetime.fromtimestamp(1111111111, UTC)
    now = step_at(at)
    assert matching_step(RFC_SECRET, "050 471", at) == now
    previous = code_for_step(RFC_SECRET, now - 1)
    following = code_for_step(RFC_SECRET, now + 1)
    assert matching_step(RFC_SECRET, previous, at) == now - 1
    assert matching_step(RFC_SECRET, following, at) == now + 1
    assert matching_step(RFC_SECRET, code_for_step(RFC_SECRET, now - 2), at) is None
    # Used already (its step, or a later one): refused.
    assert matching_step(RFC_SECRET, "050471", at, after=now) is None
    assert matching_step(RFC_SECRET, previous, at, after=now) is None
    assert matching_step(RFC_SECRET, following, at + timedelta(seconds=30), after=now) == now + 1


def test_a_code_typed_with_full_width_digits_is_taken() -> None:
    # A Chinese input method types ０-９ unless switched to half width.
    at = datetime.fromtimestamp(1111111111, UTC)
    assert matching_step(RFC_SECRET, "０５０ ４７１", at) == step_at(at)


@pytest.mark.parametrize(
    "typed",
    ["", "12345", "1234567", "12a456", "一二三四五六", "٠٥٠٤٧١"],  # nor Arabic-Indic
)
def test_what_cannot_be_a_code_says_so(typed: str) -> None:
    with pytest.raises(MalformedCode) as refused:
        matching_step(RFC_SECRET, typed, datetime.now(UTC))
    assert refused.value.field == "code" and "6 位数字" in refused.value.zh


def test_a_new_secret_is_160_bits_of_base32_and_scans_as_an_otpauth_address() -> None:
    secret = new_secret()
    assert len(secret) == 32 and check_secret(secret) == secret
    assert len(base64.b32decode(secret)) == 20
    assert new_secret() != secret
    uri = provisioning_uri(secret, "sup01", "310104-XH01")
    parts = urlsplit(uri)
    assert parts.scheme == "otpauth" and parts.netloc == "totp"
    assert unquote(parts.path) == "/一网通办窗口:sup01@310104-XH01"
    query = parse_qs(parts.query)
    assert query == {"secret": [secret], "issuer": ["一网通办窗口"]}
    assert grouped(secret).replace(" ", "") == secret and len(grouped(secret).split()) == 8


@pytest.mark.parametrize("secret", ["", "abc", "A" * 15, "ABCDEFGH12345678", "A" * 129])
def test_a_malformed_secret_is_refused(secret: str) -> None:
    with pytest.raises(ValidationError):
        check_secret(secret)


@given(st.binary(min_size=10, max_size=64), st.integers(min_value=1, max_value=2**30))
def test_every_code_is_six_digits_and_matches_its_own_step(seed: bytes, step: int) -> None:
    secret = base64.b32encode(seed).decode().rstrip("=")
    code = code_for_step(secret, step)
    assert len(code) == 6 and code.isdigit()
    at = datetime.fromtimestamp(step * 30, UTC)
    assert matching_step(secret, code, at) in (step - 1, step, step + 1)
