from __future__ import annotations

import pytest

from tests.core.api.support import api, static_root_exists  # noqa: F401  (fixtures)
from tests.places.matching import world as synthetic


@pytest.fixture
def eval_world(db) -> synthetic.World:  # type: ignore[no-untyped-def]
    """The evaluation city (about 7,700 addresses in 23 villages), in the database with its keys."""
    world = synthetic.describe(synthetic.EVAL)
    synthetic.build(world)
    return world
