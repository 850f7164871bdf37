"""Residents' links to standard addresses, confirmed by hand: an officer says where a person or a
household lives (method ``manual``, score 1). The automatic run that matches the registry's
texts (``places.matching.linking``) never overwrites a manual link."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from minzheng.core import messages as core_messages
from minzheng.core.audit import audit_record, snapshot
from minzheng.core.models import User
from minzheng.core.scope import scope_for
from minzheng.people.models import Household, Person
from minzheng.places import messages
from minzheng.places.addresses.models import Address, HouseholdAddress, PersonAddress

LINK_FIELDS = ["address", "score", "method"]


def _check_link(actor: User, owner_region: str, address: Address) -> None:
    scope = scope_for(actor)
    if not scope.contains(owner_region):
        raise ValidationError({"person": [core_messages.REGION_OUT_OF_SCOPE]})
    if not scope.contains(address.region_code):
        raise ValidationError({"address": [messages.LINK_ADDRESS_OUT_OF_SCOPE]})
    if address.status != Address.Status.ACTIVE:
        raise ValidationError({"address": [messages.LINK_ADDRESS_RETIRED]})


@transaction.atomic
def person_address_link(*, actor: User, person: Person, address: Address) -> PersonAddress:
    """An officer confirms a resident's standard address (method ``manual``, score 1)."""
    _check_link(actor, person.region_code, address)
    link = PersonAddress.objects.select_for_update().filter(person=person).first()
    before = snapshot(link, LINK_FIELDS) if link is not None else None
    if link is not None and link.address_id == address.pk and link.method == PersonAddress.Method.MANUAL:
        return link
    if link is None:
        link = PersonAddress(person=person)
    link.address, link.region_code, link.score, link.method = address, person.region_code, Decimal("1.000"), "manual"
    link.save()
    audit_record(actor=actor, action="places.person_address.linked", obj=link, region_code=person.region_code,
                 object_repr=f"{person} → {address.full_text}", before=before, after=snapshot(link, LINK_FIELDS))
    return link


@transaction.atomic
def household_address_link(*, actor: User, household: Household, address: Address) -> HouseholdAddress:
    """An officer confirms a household's standard address (method ``manual``, score 1)."""
    _check_link(actor, household.region_code, address)
    link = HouseholdAddress.objects.select_for_update().filter(household=household).first()
    before = snapshot(link, LINK_FIELDS) if link is not None else None
    if link is not None and link.address_id == address.pk and link.method == PersonAddress.Method.MANUAL:
        return link
    if link is None:
        link = HouseholdAddress(household=household)
    link.address, link.region_code, link.score, link.method = address, household.region_code, Decimal("1.000"), \
        "manual"
    link.save()
    audit_record(actor=actor, action="places.household_address.linked", obj=link, region_code=household.region_code,
                 object_repr=f"{household} → {address.full_text}", before=before, after=snapshot(link, LINK_FIELDS))
    return link


@transaction.atomic
def person_address_unlink(*, actor: User, person: Person) -> None:
    """Remove a resident's link (for example, a wrong automatic match)."""
    link = PersonAddress.objects.select_for_update().filter(person=person).first()
    if link is None:
        return
    if not scope_for(actor).contains(person.region_code):
        raise ValidationError({"person": [core_messages.REGION_OUT_OF_SCOPE]})
    before = snapshot(link, LINK_FIELDS)
    audit_record(actor=actor, action="places.person_address.unlinked", obj=link, region_code=person.region_code,
                 object_repr=f"{person} → {link.address_id}", before=before, after=None)
    link.delete()
