"""BAC and secure messaging, every step against ICAO Doc 9303 Part 11 Appendix D."""

from __future__ import annotations

import pytest

from counter_app.identity.bac import (
    BacKeys,
    SecureMessaging,
    adjust_parity,
    authentication_data,
    kseed_from_mrz,
    mutual_authenticate,
    pad,
    retail_mac,
    session_from_keys,
    tdes_decrypt,
)
from counter_app.identity.errors import BadCardData
from counter_app.identity.mrz import BacKey, build_td3
from counter_app.identity.passport import read_passport
from counter_app.identity.passport_simulator import PassportChipSimulator
from counter_app.identity.samples import SAMPLE_FACE_JPEG, PassportData

H = bytes.fromhex
KEY = BacKey("L898902C", "690806", "940623")
RND_IC, RND_IFD = H("4608F91988702212"), H("781723860C06C226")
K_IFD, K_IC = H("0B795240CB7049B01C19B33E32804F0B"), H("0B4F80323EB3191CB04970CB4052790B")
KS_ENC, KS_MAC = H("979EC13B1CBFE9DCD01AB0FED307EAE5"), H("F1CB1F1FB5ADF208806B89DC579DC1F8")
SSC = 0x887022120C06C226


def test_d2_mrz_information_and_kseed() -> None:
    assert KEY.mrz_information() == "L898902C<369080619406236"
    assert kseed_from_mrz(KEY) == H("239AB9CB282DAF66231DC5A4DF6BFBAE")


def test_d1_key_derivation_with_parity() -> None:
    keys = BacKeys.from_mrz(KEY)
    assert keys.kenc == H("AB94FDECF2674FDFB9B391F85D7F76F2")
    assert keys.kmac == H("7962D9ECE03D1ACD4C76089DCE131543")
    assert adjust_parity(H("AB94FDECF2674FDF")) == H("AB94FDECF2674FDF")


def test_d3_terminal_authentication_data() -> None:
    keys = BacKeys.from_mrz(KEY)
    data = authentication_data(keys, RND_IFD, RND_IC, K_IFD)
    assert data[:32] == H("72C29C2371CC9BDB65B779B8E8D37B29ECC154AA56A8799FAE2F498F76ED92F2")
    assert data[32:] == H("5F1448EEA8AD90A7")


def test_d3_chip_answer_decrypts_to_the_example() -> None:
    keys = BacKeys.from_mrz(KEY)
    e_ic = H("46B9342A41396CD7386BF5803104D7CEDC122B9132139BAF2EEDC94EE178534F")
    assert retail_mac(keys.kmac, pad(e_ic)) == H("2F2D235D074D7449")
    assert tdes_decrypt(keys.kenc, e_ic) == RND_IC + RND_IFD + K_IC


def test_d3_session_keys_and_ssc() -> None:
    session = session_from_keys(K_IFD, K_IC, RND_IC, RND_IFD)
    assert (session.ks_enc, session.ks_mac, session.ssc) == (KS_ENC, KS_MAC, SSC)


def test_d4_protected_select_and_read_binary() -> None:
    sm = SecureMessaging(KS_ENC, KS_MAC, SSC)
    assert sm.wrap_command(H("00A4020C02011E")) == H(
        "0CA4020C158709016375432908C044F68E08BF8B92D635FF24F800"
    )
    assert sm.unwrap_response(H("990290008E08FA855A5D4C50A8ED"), 0x9000) == (b"", 0x9000)
    assert sm.wrap_command(H("00B0000004")) == H("0CB000000D9701048E08ED6705417E96BA5500")
    assert sm.unwrap_response(H("8709019FF0EC34F9922651990290008E08AD55CC17140B2DED"), 0x9000) == (
        H("60145F01"),
        0x9000,
    )
    assert sm.wrap_command(H("00B0000412")) == H("0CB000040D9701128E082EA28A70F3C7B53500")
    data, sw = sm.unwrap_response(
        H("871901FB9235F4E4037F2327DCC8964F1F9B8C30F42C8E2FFF224A990290008E08C8B2787EAEA07D74"),
        0x9000,
    )
    assert (data, sw) == (H("04303130365F36063034303030305C026175"), 0x9000)
    assert sm.ssc == SSC + 6


def test_tampered_response_mac_is_refused() -> None:
    sm = SecureMessaging(KS_ENC, KS_MAC, SSC)
    sm.wrap_command(H("00A4020C02011E"))
    with pytest.raises(BadCardData) as info:
        sm.unwrap_response(H("990290008E08FA855A5D4C50A8EE"), 0x9000)
    assert info.value.what == "secure messaging"


def _example_chip() -> PassportChipSimulator:
    mrz = build_td3(
        code="P",
        state="UTO",
        surname="ERIKSSON",
        given="ANNA MARIA",
        number="L898902C",
        nationality="UTO",
        birth="690806",
        sex="F",
        expiry="940623",
    )
    return PassportChipSimulator(PassportData(mrz, SAMPLE_FACE_JPEG), rnd_ic=RND_IC, k_ic=K_IC)


class RecordingTransport:
    def __init__(self, inner: PassportChipSimulator) -> None:
        self.inner = inner
        self.sent: list[bytes] = []

    def transmit(self, apdu: bytes) -> tuple[bytes, int]:
        self.sent.append(apdu)
        return self.inner.transmit(apdu)


def test_whole_session_with_the_chip_simulator_reproduces_the_example() -> None:
    chip = RecordingTransport(_example_chip())
    chip.inner.transmit(H("00A4040C07A0000002471001"))
    session = mutual_authenticate(chip, BacKeys.from_mrz(KEY), rnd_ifd=RND_IFD, k_ifd=K_IFD)
    assert chip.sent[-1][5:45] == H(
        "72C29C2371CC9BDB65B779B8E8D37B29ECC154AA56A8799FAE2F498F76ED92F25F1448EEA8AD90A7"
    )
    assert (session.ks_enc, session.ks_mac, session.ssc) == (KS_ENC, KS_MAC, SSC)
    protected = session.wrap_command(H("00A4020C02011E"))
    assert protected == H("0CA4020C158709016375432908C044F68E08BF8B92D635FF24F800")
    answer, sw = chip.transmit(protected)
    assert session.unwrap_response(answer, sw) == (b"", 0x9000)


def test_passport_read_end_to_end() -> None:
    document = read_passport(_example_chip(), KEY)
    assert document.doc_type == "passport"
    assert (document.english_name, document.id_number, document.nationality) == (
        "ERIKSSON ANNA MARIA",
        "L898902C",
        "UTO",
    )
    assert document.to_json()["birth_date"] == "1969-08-06"
    assert document.photo == SAMPLE_FACE_JPEG and document.photo_format == "jpeg"
    assert all(check.ok for check in document.checks)


def test_wrong_mrz_key_is_refused_with_a_clear_message() -> None:
    from counter_app.identity.errors import ReaderError

    with pytest.raises(ReaderError) as info:
        read_passport(_example_chip(), BacKey("L898902C", "690806", "940624"))
    assert "机读区" in info.value.zh


def test_unprotected_file_access_is_refused_by_the_chip() -> None:
    chip = _example_chip()
    chip.transmit(H("00A4040C07A0000002471001"))
    assert chip.transmit(H("00A4020C020101"))[1] == 0x6982
