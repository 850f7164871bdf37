"""Fixtures of the charity tests: the personas and the client helpers of the bed tests."""

from tests.core.api.support import static_root_exists  # noqa: F401  (autouse fixture)
from tests.eldercare.beds.conftest import api, fresh, login  # noqa: F401
