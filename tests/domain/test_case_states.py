import itertools

import pytest

from counter_app.domain.case_states import (
    TERMINAL_STATES,
    TRANSITIONS,
    Authority,
    CaseState,
    check_transition,
    parse_state,
    transition_authority,
)
from counter_app.errors import IllegalTransition

S = CaseState
EXPECTED_LEGAL = {
    (S.RECEIVED, S.ACCEPTED), (S.RECEIVED, S.ACCEPTED_DEFERRED), (S.RECEIVED, S.NOTIFIED),
    (S.RECEIVED, S.REFUSED), (S.RECEIVED, S.WITHDRAWN), (S.RECEIVED, S.VOIDED),
    (S.NOTIFIED, S.ACCEPTED), (S.NOTIFIED, S.ACCEPTED_DEFERRED), (S.NOTIFIED, S.REFUSED),
    (S.NOTIFIED, S.WITHDRAWN), (S.NOTIFIED, S.VOIDED),
    (S.ACCEPTED_DEFERRED, S.ACCEPTED), (S.ACCEPTED_DEFERRED, S.DEFERRED_TERMINATED),
    (S.ACCEPTED_DEFERRED, S.IN_PROCESS), (S.ACCEPTED_DEFERRED, S.WITHDRAWN),
    (S.ACCEPTED_DEFERRED, S.VOIDED),
    (S.ACCEPTED, S.IN_PROCESS), (S.ACCEPTED, S.SUSPENDED), (S.ACCEPTED, S.COMPLETED_APPROVED),
    (S.ACCEPTED, S.COMPLETED_DENIED), (S.ACCEPTED, S.WITHDRAWN), (S.ACCEPTED, S.VOIDED),
    (S.IN_PROCESS, S.SUSPENDED), (S.IN_PROCESS, S.COMPLETED_APPROVED),
    (S.IN_PROCESS, S.COMPLETED_DENIED), (S.IN_PROCESS, S.WITHDRAWN),
    (S.SUSPENDED, S.IN_PROCESS), (S.SUSPENDED, S.COMPLETED_APPROVED),
    (S.SUSPENDED, S.COMPLETED_DENIED), (S.SUSPENDED, S.WITHDRAWN),
    (S.COMPLETED_APPROVED, S.RESULT_READY), (S.COMPLETED_DENIED, S.RESULT_READY),
    (S.RESULT_READY, S.DELIVERED),
    (S.ACCEPTED, S.CORRECTION_REQUESTED), (S.IN_PROCESS, S.CORRECTION_REQUESTED),
    (S.CORRECTION_REQUESTED, S.IN_PROCESS), (S.CORRECTION_REQUESTED, S.COMPLETED_DENIED),
    (S.CORRECTION_REQUESTED, S.WITHDRAWN),
}  # fmt: skip
# Made by the counter (handed over at the window) or reported by the platform (by post).
EXPECTED_PLATFORM_ALSO = {(S.RESULT_READY, S.DELIVERED)}

ALL_PAIRS = list(itertools.product(CaseState, CaseState))


def test_the_table_is_exactly_the_documented_one():
    assert set(TRANSITIONS) == EXPECTED_LEGAL


@pytest.mark.parametrize(("src", "dst"), ALL_PAIRS, ids=[f"{a}->{b}" for a, b in ALL_PAIRS])
def test_every_pair(src, dst):
    if (src, dst) in EXPECTED_LEGAL:
        needed = transition_authority(src, dst)
        check_transition(src, dst, needed)
        if needed == Authority.COUNTER:
            check_transition(src, dst, Authority.SUPERVISOR)
        if (src, dst) in EXPECTED_PLATFORM_ALSO:
            check_transition(src, dst, Authority.PLATFORM)
        for other in set(Authority) - {
            needed,
            Authority.SUPERVISOR if needed == Authority.COUNTER else needed,
            Authority.PLATFORM if (src, dst) in EXPECTED_PLATFORM_ALSO else needed,
        }:
            with pytest.raises(IllegalTransition):
                check_transition(src, dst, other)
    else:
        for who in Authority:
            with pytest.raises(IllegalTransition) as caught:
                check_transition(src, dst, who)
            # The message names both states (once when they are the same), in Chinese and
            # in English.
            assert src.value in caught.value.en and dst.value in caught.value.en
            assert caught.value.zh.count("“") == (1 if src == dst else 2)


def test_decisions_and_authorities():
    assert transition_authority(S.RECEIVED, S.ACCEPTED_DEFERRED) == Authority.SUPERVISOR
    assert transition_authority(S.ACCEPTED, S.VOIDED) == Authority.SUPERVISOR
    assert transition_authority(S.ACCEPTED, S.IN_PROCESS) == Authority.PLATFORM
    assert {
        S.REFUSED,
        S.WITHDRAWN,
        S.VOIDED,
        S.DEFERRED_TERMINATED,
        S.DELIVERED,
    } == TERMINAL_STATES


def test_parse_state():
    assert parse_state("accepted") == S.ACCEPTED
    with pytest.raises(IllegalTransition):
        parse_state("lost")


def test_a_correction_is_asked_by_the_platform_and_recorded_at_the_counter():
    """补正: the department asks (platform), the window records what was brought (counter),
    and the case goes back into processing; a case never corrected may be denied."""
    assert transition_authority(S.IN_PROCESS, S.CORRECTION_REQUESTED) == Authority.PLATFORM
    assert transition_authority(S.CORRECTION_REQUESTED, S.IN_PROCESS) == Authority.COUNTER
    assert transition_authority(S.CORRECTION_REQUESTED, S.COMPLETED_DENIED) == Authority.PLATFORM
    assert S.CORRECTION_REQUESTED not in TERMINAL_STATES
