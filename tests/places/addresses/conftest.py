"""Fixtures for the standard-address tests.

``places.manage_addresses`` belongs to the city administrator, the county officers and the
township officers (``core.roles.ROLE_PERMISSIONS``); ``MANAGERS`` names those personas, written
out so that a change there shows up here.
"""

from __future__ import annotations

from pathlib import Path

import pytest

MANAGERS = {"city_admin", "wuxing_officer", "anji_officer", "aishan_officer"}


@pytest.fixture(autouse=True, scope="session")
def static_root_exists() -> None:
    """WhiteNoise warns (an error here) when STATIC_ROOT is missing, as before collectstatic."""
    from django.conf import settings

    Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)
