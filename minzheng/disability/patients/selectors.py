"""Reads on registered patients (在册居家患者): highly sensitive health data.

Who sees a patient: a member of staff holding ``disability.view_rehab_patients`` whose scope holds
the patient's home (``region_code``), or a provider operator (with the same permission) of the
operator running the organization that serves them. Anything else answers 404; a list without the
permission, 403 (the views). Pages show names masked in lists and ID numbers masked everywhere;
every page or answer that shows a patient writes an access-log row (the views and API).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from minzheng.core import messages as core_messages
from minzheng.core.models import User
from minzheng.core.scope import scope_for, scoped
from minzheng.disability.network.models import NetworkPlacement
from minzheng.disability.network.selectors import REHAB_KIND
from minzheng.disability.patients.models import RehabPatient
from minzheng.facilities.operators.selectors import as_id, operator_ids_of
from minzheng.facilities.sites.models import Facility
from minzheng.people.models import Person
from minzheng.people.selectors import person_by_full_id_number

PERM_VIEW = "disability.view_rehab_patients"
PERM_MANAGE = "disability.manage_rehab_patients"


def patients_visible(*, user: User | Any) -> QuerySet[RehabPatient]:
    if user is None or not getattr(user, "is_authenticated", False) or not user.has_perm(PERM_VIEW):
        return RehabPatient.objects.none()
    qs = RehabPatient.objects.all()
    operators = operator_ids_of(user)
    if operators is not None:
        return qs.filter(organization__operator_id__in=operators)
    return scoped(qs, user=user)


def patient_list(
    *,
    user: User | Any,
    status: str = "active",
    q: str = "",
    organization: int | None = None,
    region: str = "",
) -> QuerySet[RehabPatient]:
    """Patients in view: ``status`` active (on the register), ended or all; ``q`` part of the
    name; ``region`` a code prefix of their home."""
    qs = patients_visible(user=user).select_related("person", "organization")
    if status == "active":
        qs = qs.filter(ended_on__isnull=True)
    elif status == "ended":
        qs = qs.filter(ended_on__isnull=False)
    if organization is not None:
        qs = qs.filter(organization_id=organization)
    if region:
        qs = qs.filter(region_code__startswith=region)
    q = (q or "").strip()
    if q:
        qs = qs.filter(person__name__contains=q)
    return qs.order_by("region_code", "id")


def patient_get(*, user: User | Any, pk: Any) -> RehabPatient:
    key = as_id(pk)
    found = (
        patients_visible(user=user).select_related("person", "organization").filter(pk=key).first()
        if key is not None
        else None
    )
    if found is None:
        raise Http404(core_messages.NOT_FOUND)
    return found


def patient_active_of(*, person: Person) -> RehabPatient | None:
    return RehabPatient.objects.filter(person=person, ended_on__isnull=True).first()


def organizations_q() -> Q:
    """Facilities that may serve patients: rehab organizations, and facilities in the network."""
    placed = NetworkPlacement.objects.filter(ended_on__isnull=True).values("facility_id")
    return Q(kind=REHAB_KIND) | Q(pk__in=placed)


def organization_choices(*, user: User | Any) -> list[tuple[int, str]]:
    """Organizations one may register a patient with: for a provider operator their own; for an
    officer those of the county (a county centre serves every township), open."""
    qs = Facility.objects.filter(organizations_q()).exclude(status=Facility.Status.CLOSED)
    operators = operator_ids_of(user)
    if operators is not None:
        qs = qs.filter(operator_id__in=operators)
    else:
        prefix = scope_for(user).prefix
        if prefix is None:
            return []
        qs = qs.filter(region_code__startswith=prefix[:6])
    return list(qs.order_by("region_code", "name", "id").values_list("pk", "name"))


def organization_find(*, user: User | Any, pk: Any) -> Facility | None:
    key = as_id(pk)
    if key is None:
        return None
    if key not in dict(organization_choices(user=user)):
        return None
    return Facility.objects.filter(pk=key).first()


def person_for_patient(*, user: User | Any, id_number: str) -> Person | None:
    """The registered person an exact ID number names, living in the officer's scope; None for
    anyone else (a provider operator registers nobody) or without the permission."""
    if not user.has_perm(PERM_MANAGE) or operator_ids_of(user) is not None:
        return None
    person = person_by_full_id_number(id_number=id_number)
    if person is None or not scope_for(user).contains(person.region_code):
        return None
    return person
