from __future__ import annotations

# As tests/benefits/conftest.py: on PostgreSQL the SQLite backend must be loaded before the
# session fixture in tests/conftest.py imports its operations module.
import django.db.backends.sqlite3.base  # noqa: F401
import pytest

from minzheng.benefits.models import Program


@pytest.fixture
def program(db):  # type: ignore[no-untyped-def]
    def get(code: str) -> Program:
        return Program.objects.get(code=code)

    return get
