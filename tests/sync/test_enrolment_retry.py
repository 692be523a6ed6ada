"""An enrolment whose answer was lost (a dropped connection, a timeout, a power cut before
the credential was saved) is tried again with the same code, and the platform answers with
the device it made the first time. Before, the retry met enroll_code_used, and the device the
first attempt made held the window's case-number prefixes, so even a new code was refused
until the platform's operator revoked it."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from counter_app.config import load_config
from counter_app.home import Home
from sync.credential import load_identity
from sync.enrolment import EnrolmentRefused, enroll, numbering_devices
from sync.errors import PlatformUnreachable
from tests.central.server_fixture import RunningCentral
from tests.sync import fault_proxy as fp
from tests.sync.conftest import HALL


def _enrol(home: Home, url: str, code: str):
    return enroll(
        home,
        url,
        code,
        number_devices=numbering_devices(load_config(home).hall.device_id),
        allow_insecure_http=True,
    )


def test_an_enrolment_whose_answer_was_lost_is_answered_again(
    home: Home, central: RunningCentral
) -> None:
    code = central.enroll_code(HALL, "W01")
    platform = urlsplit(central.url)
    with fp.FaultProxy("127.0.0.1", platform.port, fp.ScriptedFaults([fp.RESET_AFTER])) as proxy:
        with pytest.raises(PlatformUnreachable):
            _enrol(home, proxy.url, code)  # the platform enrolled it; the answer is lost
        assert load_identity(home) is None

        identity = _enrol(home, proxy.url, code)

    assert load_identity(home) == identity
    [device] = central.cli("devices", "--json")["devices"]
    assert device["device_id"] == identity.device_id


def test_the_same_code_with_another_key_is_still_refused(
    home: Home, tmp_path, central: RunningCentral
) -> None:
    code = central.enroll_code(HALL, "W01")
    _enrol(home, central.url, code)
    other = Home(tmp_path / "other-pc").ensure()

    with pytest.raises(EnrolmentRefused) as refused:
        _enrol(other, central.url, code)

    assert "已被使用" in refused.value.zh
    assert load_identity(other) is None


def test_a_new_code_after_a_lost_answer_enrols_once_the_stray_device_is_revoked(
    home: Home, central: RunningCentral
) -> None:
    """IT, not knowing the first code would have worked again, gives a second one: no plain
    one while the stray device lives (the refusal names it); given as a second PC's, the key
    kept for the first is the stray device's, so the window states a new one; as before,
    the stray device holds the window's prefixes until IT revokes it."""
    first = central.enroll_code(HALL, "W01")
    platform = urlsplit(central.url)
    with (
        fp.FaultProxy("127.0.0.1", platform.port, fp.ScriptedFaults([fp.RESET_AFTER])) as proxy,
        pytest.raises(PlatformUnreachable),
    ):
        _enrol(home, proxy.url, first)
    [stray] = central.cli("devices", "--json")["devices"]
    with pytest.raises(RuntimeError, match=stray["device_id"]):
        central.enroll_code(HALL, "W01")
    second = central.enroll_code(HALL, "W01", second_pc=True)

    with pytest.raises(EnrolmentRefused) as held:
        _enrol(home, central.url, second)
    assert stray["device_id"] in held.value.en
    central.cli("revoke", stray["device_id"])

    identity = _enrol(home, central.url, second)

    assert identity.device_id != stray["device_id"] and load_identity(home) == identity
