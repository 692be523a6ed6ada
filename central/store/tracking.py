"""The public progress page's view of a case (``GET /track/TOKEN``) and the online 一事一评
it takes: what the store hands the page, and which cases may be rated there.

Pure: the store finds the case by its token's digest and fills ``TrackedCase``.
"""

from __future__ import annotations

import typing
from dataclasses import dataclass

from counter_app.domain.case_document import CaseDocument
from counter_app.domain.case_states import CaseState
from counter_app.domain.evaluation import EvaluationChannel
from sync.wire import ProgressEvent

ONLINE = EvaluationChannel.ONLINE.value

# The rating goes back to the window as a progress event repeating the case's state, and a
# progress event names only these states (``ProgressEvent.state``): a case refused,
# notified or withdrawn at the counter is rated on the hall's evaluator instead.
RATABLE_STATES = frozenset(
    CaseState(s) for s in typing.get_args(ProgressEvent.model_fields["state"].annotation)
)


@dataclass(frozen=True)
class TrackedCase:
    document: CaseDocument
    state: CaseState  # the newest of the window's versions and the back-office steps
    department: str | None  # 全市通办: the routed department's code
    online_level: int | None  # the online rating given, None before

    @property
    def ratable(self) -> bool:
        return self.online_level is None and self.state in RATABLE_STATES
