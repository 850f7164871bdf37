from __future__ import annotations

import pytest

from tests.personas import Personas, build_personas


@pytest.fixture
def personas(db) -> Personas:  # type: ignore[no-untyped-def]
    return build_personas()
