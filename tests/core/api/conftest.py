from tests.core.api.support import api, mine, static_root_exists, world  # noqa: F401  (fixtures)
