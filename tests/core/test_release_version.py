"""The release number follows the store (``counter_app.__version__``, 0.<store>.<n>,
docs/operations.md section 10): a migration added without raising the version fails here,
before a package carries a store change under a number an older release already used."""

from __future__ import annotations

import re

import counter_app
from counter_app.store.database import known_migrations

RELEASE = re.compile(r"0\.(?P<store>0|[1-9]\d*)\.(?P<n>0|[1-9]\d*)")
MIGRATION_NUMBER = re.compile(r"m(\d{4})_")


def _number(migration: str) -> int:
    found = MIGRATION_NUMBER.match(migration)
    assert found, f"{migration} is not named m<NNNN>_<what it does>"
    return int(found.group(1))


def test_migrations_run_in_the_order_of_their_numbers() -> None:
    numbers = [_number(name) for name in known_migrations()]
    assert numbers == sorted(set(numbers))


def test_version_names_the_store_of_the_newest_migration() -> None:
    release = RELEASE.fullmatch(counter_app.__version__)
    assert release, f"{counter_app.__version__} is not 0.<store>.<n>"
    newest = known_migrations()[-1]
    assert int(release["store"]) == _number(newest), (
        f"the store's newest migration is {newest}: the release that brings it is "
        f"0.{_number(newest)}.0 and later releases on it 0.{_number(newest)}.<n>; "
        f"counter_app.__version__ says {counter_app.__version__}"
    )
