from __future__ import annotations

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
