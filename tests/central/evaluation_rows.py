"""Every rating the platform lists (of a hall), as ``counter-central evaluations`` without
a choice lists them: what the evaluation tests compare with."""

from __future__ import annotations

from typing import Any

from central.store import CentralStore
from central.store.evaluations import EvaluationChoice, chosen_evaluations


def every_evaluation(store: CentralStore, hall: str | None = None) -> list[dict[str, Any]]:
    return list(chosen_evaluations(store, EvaluationChoice(hall=hall)).rows)
