"""A move to the state a case is already in (someone else made it first) is refused in
words a clerk reads: the case's state, not a move from a state to itself."""

from __future__ import annotations

import pytest

from counter_app.domain.case_states import Authority, CaseState, check_transition
from counter_app.errors import IllegalTransition


def test_a_case_already_withdrawn_says_so() -> None:
    with pytest.raises(IllegalTransition) as refused:
        check_transition(CaseState.WITHDRAWN, CaseState.WITHDRAWN, Authority.COUNTER)
    assert refused.value.zh == "本办件已是“已撤回”状态。"
    assert refused.value.en == "The case is already 'Withdrawn' (withdrawn)."
