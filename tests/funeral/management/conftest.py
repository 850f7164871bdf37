from tests.funeral.cemetery.conftest import cemetery  # noqa: F401 (the fixture, for the cemetery job)
