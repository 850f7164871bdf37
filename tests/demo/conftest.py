from __future__ import annotations

import pytest
from django.db import transaction

from minzheng.demo.build import BuildReport, demo_build

# About 1,700 residents: big enough for every kind of household, small enough to build in well
# under a second on either database.
SMALL = 0.0005
SEED = 7


@pytest.fixture
def built(db) -> BuildReport:  # type: ignore[no-untyped-def]
    """A fresh build for tests that change the data."""
    return demo_build(seed=SEED, scale=SMALL, progress=False)


@pytest.fixture(scope="module")
def _city_module(django_db_setup, django_db_blocker):  # type: ignore[no-untyped-def]
    """One build shared by a module's read-only tests, rolled back when the module ends."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield demo_build(seed=SEED, scale=SMALL, progress=False)
        transaction.set_rollback(True)


@pytest.fixture
def city(_city_module, db) -> BuildReport:  # type: ignore[no-untyped-def]
    return _city_module
