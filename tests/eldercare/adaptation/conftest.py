"""Fixtures of the adaptation tests: the API clients of the personas."""

from tests.core.api.support import api, static_root_exists  # noqa: F401  (fixtures)
