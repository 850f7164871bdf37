"""A small registry for page tests, on top of the standing personas.

In each of three villages (MY_VILLAGE, OTHER_TOWNSHIP_VILLAGE, OTHER_COUNTY_VILLAGE): a household
whose head has a spouse, and a registered resident who belongs to no household (a "loner").
Which persona sees which village is written out in SEES, not computed from the code under test.
"""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.test import Client
from django.utils import translation

from minzheng.core.models import User
from minzheng.people import services
from minzheng.people.models import Household, Membership, Person
from tests.factories import HouseholdFactory, PersonFactory
from tests.personas import MY_VILLAGE, OTHER_COUNTY_VILLAGE, OTHER_TOWNSHIP_VILLAGE, Personas

PERSONAS = ["city_admin", "wuxing_officer", "anji_officer", "aishan_officer", "village_worker", "auditor", "nobody"]
VILLAGES = [MY_VILLAGE, OTHER_TOWNSHIP_VILLAGE, OTHER_COUNTY_VILLAGE]

# Who may see a record in each village (by the scopes in tests/personas.py).
SEES = {
    MY_VILLAGE: {"city_admin", "wuxing_officer", "aishan_officer", "village_worker", "auditor"},
    OTHER_TOWNSHIP_VILLAGE: {"city_admin", "wuxing_officer", "auditor"},
    OTHER_COUNTY_VILLAGE: {"city_admin", "anji_officer", "auditor"},
}
# Who holds which powers (by the roles in minzheng/core/roles.py).
EDITORS = {"city_admin", "wuxing_officer", "anji_officer", "aishan_officer", "village_worker"}
REVEALERS = {"city_admin", "wuxing_officer", "anji_officer", "aishan_officer"}
AUDITORS = {"auditor"}

# Django's own messages, as the pages show them (zh-hans).
with translation.override("zh-hans"):
    REQUIRED = str(forms.Field.default_error_messages["required"])
    BAD_CHOICE = str(forms.ChoiceField.default_error_messages["invalid_choice"])
    BAD_DATE = str(forms.DateField.default_error_messages["invalid"])

MODEL_BACKEND = "minzheng.core.permission_cache.CachedPermissionBackend"


@dataclass
class Village:
    code: str
    household: Household
    head: Person
    spouse: Person
    spouse_membership: Membership
    loner: Person


@dataclass
class World:
    personas: Personas
    villages: dict[str, Village]

    def user(self, name: str) -> User:
        return getattr(self.personas, name)

    @property
    def mine(self) -> Village:
        return self.villages[MY_VILLAGE]


def build_village(code: str, actor: User) -> Village:
    household = HouseholdFactory(region_code=code)
    spouse = PersonFactory(region_code=code)
    membership = services.household_member_add(actor=actor, household=household, person=spouse, relationship="spouse")
    loner = PersonFactory(region_code=code)
    return Village(code=code, household=household, head=household.head, spouse=spouse,
                   spouse_membership=membership, loner=loner)


def build_world(personas: Personas) -> World:
    return World(personas=personas,
                 villages={code: build_village(code, personas.city_admin) for code in VILLAGES})


def login(client: Client, user: User) -> Client:
    client.force_login(user, backend=MODEL_BACKEND)
    return client


def expect(ok: int, *, village: str | None = None, allowed: set[str] | None = None) -> dict[str, int]:
    """The status each persona should get: 403 without the power, else 404 outside the scope,
    else ``ok``. Anonymous visitors are sent to the login page."""
    out: dict[str, int] = {}
    for name in PERSONAS:
        if allowed is not None and name not in allowed:
            out[name] = 403
        elif village is not None and name not in SEES[village]:
            out[name] = 404
        else:
            out[name] = ok
    out["anonymous"] = 302
    return out
