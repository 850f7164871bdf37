"""Fixtures for the standard-address tests.

``places.manage_addresses`` belongs to the city administrator, the county officers and the
township officers. Until ``core.roles.ROLE_PERMISSIONS`` lists it, the ``personas`` fixture here
adds it to those groups, so the tests describe the intended matrix either way.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, Permission

from minzheng.core.roles import Role
from tests.personas import Personas, build_personas

MANAGERS = {"city_admin", "wuxing_officer", "anji_officer", "aishan_officer"}


def grant_manage_addresses() -> None:
    perm = Permission.objects.get(content_type__app_label="places", codename="manage_addresses")
    for role in (Role.CITY_ADMIN, Role.COUNTY_OFFICER, Role.TOWNSHIP_OFFICER):
        Group.objects.get(name=role.value).permissions.add(perm)


@pytest.fixture
def personas(db) -> Personas:  # type: ignore[no-untyped-def]
    built = build_personas()
    grant_manage_addresses()
    return built


@pytest.fixture(autouse=True, scope="session")
def static_root_exists() -> None:
    """WhiteNoise warns (an error here) when STATIC_ROOT is missing."""
    from pathlib import Path

    from django.conf import settings

    Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)
