import pytest

from tests.personas import build_regions


@pytest.fixture
def regions(db):
    build_regions()
