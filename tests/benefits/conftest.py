from __future__ import annotations

# tests/conftest.py imports django.db.backends.sqlite3.operations inside a session fixture; on
# PostgreSQL nothing has imported the SQLite backend by then, and that module alone cannot be
# imported first (a circle with its base module). Loading the backend here lets the suite run.
import django.db.backends.sqlite3.base  # noqa: F401
import pytest

from minzheng.benefits.models import Program
from tests.personas import build_regions


@pytest.fixture
def regions(db):  # type: ignore[no-untyped-def]
    build_regions()


@pytest.fixture
def dibao(db) -> Program:  # type: ignore[no-untyped-def]
    return Program.objects.get(code="dibao")


@pytest.fixture
def tekun(db) -> Program:  # type: ignore[no-untyped-def]
    return Program.objects.get(code="tekun")
