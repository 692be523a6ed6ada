"""What doctor and the ``catalog`` listing add after the version in force: each version
loaded ahead of its day, with the hall day it comes into force (a version the platform
published with ``--effective-from``; ``counter_app.store.catalog.versions_ahead``)."""

from __future__ import annotations

from counter_app.domain.hall_time import hall_today
from counter_app.store.catalog import versions_ahead
from counter_app.store.database import Store
from counter_app.store.timestamps import from_text


def ahead_words(store: Store) -> tuple[str, str]:
    """``，第 N 版于 D 生效`` and ``; version N in force from D`` for each version ahead
    (D: the hall day whose midnight it comes into force), oldest first; empty when none."""
    ahead = [(v.version, hall_today(from_text(v.effective_from))) for v in versions_ahead(store)]
    return (
        "".join(f"，第 {version} 版于 {day.isoformat()} 生效" for version, day in ahead),
        "".join(f"; version {version} in force from {day.isoformat()}" for version, day in ahead),
    )
