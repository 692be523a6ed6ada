"""A 全市通办 case accepted at a real enrolled window: the bundled catalog and calendar loaded,
the city-wide item (another district's department handles it) accepted with every material."""

from __future__ import annotations

from counter_app.services import intake
from counter_app.services.auth import User
from counter_app.store.calendar import ensure_bundled_calendar
from counter_app.store.catalog import ensure_bundled_catalog
from counter_app.store.database import Store
from tests.services.conftest import complete_marks, item_named, request_for

CITY_WIDE = "残疾人证换领（全市通办）"
DEPARTMENT = "310115-CLF"  # the department that handles it
CLERK = User("clerk1", "窗口一", "clerk", None, False)


def accept_city_wide(store: Store) -> intake.IntakeResult:
    """The city-wide item's case, accepted by :data:`CLERK` with every material received."""
    ensure_bundled_catalog(store)
    ensure_bundled_calendar(store)
    item = item_named(store, CITY_WIDE)
    return intake.accept(store, request_for(item, complete_marks(item)), CLERK)
