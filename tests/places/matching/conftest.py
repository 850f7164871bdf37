from __future__ import annotations

from tests.core.api.support import api, static_root_exists  # noqa: F401  (fixtures)
