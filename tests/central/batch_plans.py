"""A batch plan that knows nothing stored yet, for the tests that feed ``BatchPlan`` one case
themselves rather than push it through a server."""

from __future__ import annotations

from central.store.batch import BatchPlan


def empty_plan(now: str, *, paid_on_platform: set[str] | None = None) -> BatchPlan:
    """The plan of a batch from ``device-1`` at window W1 of hall H1 at ``now`` (UTC text), the
    platform holding no case, number, prefix, licence or payment owner yet; of the payment
    references, ``paid_on_platform`` are the platform's confirmed ones."""
    return BatchPlan(
        device_id="device-1",
        hall="H1",
        window="W1",
        binds_on_first_use=True,
        now=now,
        known={},
        versions={},
        owner_of_no={},
        prefix_owner={},
        licences={},
        holder_index=str,
        payment_owner={},
        paid_on_platform=paid_on_platform or set(),
    )
