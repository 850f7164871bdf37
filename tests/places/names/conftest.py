"""Place-name tests: the standing personas, with the naming permission on the roles that carry
it (city admin, county and township officers, village workers). Until the lead adds
``places.manage_place_names`` to ``minzheng.core.roles.ROLE_PERMISSIONS`` this fixture grants
it; afterwards it changes nothing."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, Permission

from minzheng.core.models import User
from minzheng.core.roles import Role
from tests.personas import Personas

NAMING_ROLES = (Role.CITY_ADMIN, Role.COUNTY_OFFICER, Role.TOWNSHIP_OFFICER, Role.VILLAGE_WORKER)


@pytest.fixture
def people(personas: Personas) -> Personas:
    perm = Permission.objects.get(content_type__app_label="places", codename="manage_place_names")
    for role in NAMING_ROLES:
        Group.objects.get(name=role.value).permissions.add(perm)
    # Fresh rows: Django caches a user's permissions on the instance.
    for field in Personas.__dataclass_fields__:
        setattr(personas, field, User.objects.get(pk=getattr(personas, field).pk))
    return personas
