from tests.funeral.services.conftest import api, case, homes, login  # noqa: F401  (the same fixtures)
