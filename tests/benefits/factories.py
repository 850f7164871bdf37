"""Households and people ready for benefits tests, on the personas' villages."""

from __future__ import annotations

import datetime as dt
import importlib

from minzheng.people.models import Household, Membership, Person
from tests.factories import HouseholdFactory, PersonFactory


def household_with(*relationships: str, region_code: str = "330502003001") -> Household:
    """A household whose head is 本人, plus one member per relationship given."""
    household = HouseholdFactory(region_code=region_code)
    for relationship in relationships:
        person = PersonFactory(region_code=region_code)
        Membership.objects.create(household=household, person=person, relationship=relationship,
                                  region_code=region_code)
    return household


def deceased(person: Person, on: dt.date = dt.date(2024, 3, 5)) -> Person:
    person.status, person.death_date = Person.Status.DECEASED, on
    person.save(update_fields=["status", "death_date"])
    return person


def programs_reseed() -> None:
    """Put back the programs, params and standards the migrations seed, for a live-server test: a
    live-server test before it has flushed every table. The seeding is idempotent, so this is a
    no-op when they are there."""
    from django.apps import apps

    for module in ("minzheng.benefits.migrations.0002_seed_programs",
                   "minzheng.assistance.migrations.0002_program_params"):
        migration = importlib.import_module(module)
        for name in ("seed", "add_params"):
            if hasattr(migration, name):
                getattr(migration, name)(apps, None)
