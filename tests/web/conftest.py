from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.core.api.support import static_root_exists  # noqa: F401  (autouse fixture)
from tests.personas import Personas
from tests.web.browser import chromium
from tests.web.world import World, build_world


@pytest.fixture
def world(personas: Personas) -> World:
    return build_world(personas)


@pytest.fixture
def browser(monkeypatch: pytest.MonkeyPatch) -> Iterator[object]:
    yield from chromium(monkeypatch)
