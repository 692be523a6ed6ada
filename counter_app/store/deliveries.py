"""How each case's result goes out (``case_deliveries``), as the window and the command line
show it: masked personal data only; a hand-over and the data version a step wrote, as a
retried step answers. Written by ``counter_app.store.delivery_writes``."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from counter_app.domain.delivery import Collector, DeliveryMethod, PostalStatus
from counter_app.store.database import Store


@dataclass(frozen=True)
class DeliveryRecord:
    case_id: str
    method: DeliveryMethod
    address_masked: str | None
    waybill: str | None
    postal_status: PostalStatus | None
    collector: Collector | None
    proxy_name: str | None
    proxy_id_masked: str | None
    handed_over_at: str | None


_COLUMNS = (
    "case_id, method, address_masked, waybill, postal_status, collector, proxy_name,"
    " proxy_id_number_masked, handed_over_at"
)


def deliveries_of(store: Store, case_ids: Sequence[str]) -> dict[str, DeliveryRecord]:
    """The delivery records of these cases; a case without one is picked up at the hall."""
    if not case_ids:
        return {}
    marks = ",".join("?" * len(case_ids))
    rows = store.db.execute(
        f"SELECT {_COLUMNS} FROM case_deliveries WHERE case_id IN ({marks})",  # noqa: S608
        tuple(case_ids),
    ).fetchall()
    return {
        row[0]: DeliveryRecord(
            case_id=row[0],
            method=DeliveryMethod(row[1]),
            address_masked=row[2],
            waybill=row[3],
            postal_status=PostalStatus(row[4]) if row[4] else None,
            collector=Collector(row[5]) if row[5] else None,
            proxy_name=row[6],
            proxy_id_masked=row[7],
            handed_over_at=row[8],
        )
        for row in rows
    }


@dataclass(frozen=True)
class Handover:
    """A result handed over at the window: who collected, a proxy's name and the blind index
    of their ID number (compared, never shown), and when."""

    collector: Collector
    proxy_name: str | None
    proxy_id_index: str | None
    at: str


def handover_of(store: Store, case_id: str) -> Handover | None:
    """The case's hand-over at the window; None before one."""
    row = store.db.execute(
        "SELECT collector, proxy_name, proxy_id_number_index, handed_over_at"
        " FROM case_deliveries WHERE case_id = ?",
        (case_id,),
    ).fetchone()
    if row is None or row[3] is None:
        return None
    return Handover(Collector(row[0]), row[1], row[2], row[3])


def version_written_at(store: Store, case_id: str, at: str) -> int | None:
    """The data version the window's step at ``at`` (a posting's ``posted_at``, a
    hand-over's moment) wrote: a change stamps its moment both on its part of the case
    document and on the version row. None when the store holds no version of that moment
    (one fetched back from the platform after a restore keeps only the newest)."""
    row = store.db.execute(
        "SELECT data_version FROM case_versions WHERE case_id = ? AND created_at = ?",
        (case_id, at),
    ).fetchone()
    return None if row is None else int(row[0])
