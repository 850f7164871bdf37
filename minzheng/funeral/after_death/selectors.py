"""Reads of the after-death one thing: one death's case (the checklist and every affair the
platform closed), for staff in scope, and the family's view of it by query code."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from minzheng.core.masking import mask_name
from minzheng.core.models import User
from minzheng.core.scope import get_in_scope
from minzheng.funeral.after_death.models import ChecklistItem, ChecklistStatus
from minzheng.funeral.deaths.models import DeathRegistration
from minzheng.funeral.deaths.selectors import registration_get
from minzheng.funeral.deaths.services import family_code_digests
from minzheng.people.models import DeathEffect
from minzheng.people.selectors import death_effects_of


@dataclass(frozen=True)
class Case:
    registration: DeathRegistration
    checklist: list[ChecklistItem]
    effects: list[DeathEffect]

    @property
    def reopened(self) -> list[DeathEffect]:
        return [e for e in self.effects if e.reopened_at is not None]

    @property
    def for_hand(self) -> list[DeathEffect]:
        """What a revocation could not reopen: an officer must (money settled, a bed re-let)."""
        if self.registration.in_force:
            return []
        return [e for e in self.effects if e.reopened_at is None]

    @property
    def closed(self) -> list[DeathEffect]:
        return [e for e in self.effects if e.reopened_at is None]

    @property
    def to_correct(self) -> list[ChecklistItem]:
        """Departments already told of a death since revoked: they must be told it was a mistake."""
        if self.registration.in_force:
            return []
        return [i for i in self.checklist if i.status in (ChecklistStatus.NOTIFIED, ChecklistStatus.DONE)]


def checklist_of(*, registration: DeathRegistration) -> QuerySet[ChecklistItem]:
    return ChecklistItem.objects.filter(registration=registration).select_related("item", "updated_by").order_by(
        "item__order", "id")


def _effects(registration: DeathRegistration) -> list[DeathEffect]:
    """The affairs of this registration's death: a person registered, revoked and registered again
    has the first death's affairs closed before the revocation, and the second's after it (a
    death recorded on the people pages before its registration keeps its earlier affairs)."""
    effects = death_effects_of(person=registration.person)
    earlier = (DeathRegistration.objects.filter(person_id=registration.person_id, revoked_at__isnull=False,
                                                registered_at__lt=registration.registered_at)
               .order_by("-revoked_at").values_list("revoked_at", flat=True).first())
    if earlier is not None:
        effects = effects.filter(created_at__gt=earlier)
    later = (DeathRegistration.objects.filter(person_id=registration.person_id,
                                              registered_at__gt=registration.registered_at)
             .order_by("registered_at").values_list("registered_at", flat=True).first())
    if later is not None:
        effects = effects.filter(created_at__lt=later)
    return list(effects)


def case_get(*, user: User, pk: int | str) -> Case:
    """One death's case in the user's scope, or 404."""
    registration = registration_get(user=user, pk=pk)
    return Case(registration=registration, checklist=list(checklist_of(registration=registration)),
                effects=_effects(registration))


def checklist_item_get(*, user: User, registration: DeathRegistration, pk: int | str) -> ChecklistItem:
    return get_in_scope(ChecklistItem.objects.filter(registration=registration).select_related("item"),
                        user=user, pk=pk)


@dataclass(frozen=True)
class FamilyView:
    """What the family sees: a masked name, the death date, and each affair and notice with its
    status. No ID number, no address, no staff names."""

    name_masked: str
    death_date: object
    in_force: bool
    checklist: list[tuple[str, str, str]]  # (item, department, status label)
    affairs: list[tuple[str, str]]  # (what was closed, state label)


def family_view(*, code: str) -> FamilyView | None:
    digests = family_code_digests(code)
    if not digests:
        return None
    registration = (DeathRegistration.objects.select_related("person").filter(family_code_digest__in=digests)
                    .order_by("-registered_at").first())
    if registration is None:
        return None
    checklist = [(i.item.name, i.item.department, i.get_status_display())
                 for i in checklist_of(registration=registration)]
    affairs = [(e.label, "已恢复" if e.reopened_at else "已办结") for e in _effects(registration)]
    return FamilyView(name_masked=mask_name(registration.person.name), death_date=registration.death_date,
                      in_force=registration.in_force, checklist=checklist, affairs=affairs)
