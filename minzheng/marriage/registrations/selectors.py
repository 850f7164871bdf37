"""Reads of the registry of marriages, for marriage registrars of the office's county only: every
query is scoped by the record's ``region_code`` (the office's), and every read that shows a record
or a person's marital status writes the access log (one row per record or person shown).
County officers and the city administrator hold no ``view_marriage_records`` and read nothing
here; they see the statistics (``statistics.selectors``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.utils import timezone

from minzheng.core import messages as core_messages
from minzheng.core import pii
from minzheng.core.audit import access_record, access_record_many
from minzheng.core.idnumber import IdNumberError, parse_id_number
from minzheng.core.models import AccessLog, User
from minzheng.core.scope import get_in_scope, scoped
from minzheng.facilities.sites.models import Facility
from minzheng.marriage.permissions import VIEW_RECORDS
from minzheng.marriage.registrations.models import (
    Certificate,
    DivorceApplication,
    MaritalStatus,
    MaritalStatusChange,
    Marriage,
)
from minzheng.marriage.registrations.statuses import state_of
from minzheng.marriage.rules.checks import Party, marriage_reasons
from minzheng.people.models import Person


def require_reader(user: User | Any) -> None:
    if not getattr(user, "is_authenticated", False) or not user.has_perm(VIEW_RECORDS):
        raise PermissionDenied(core_messages.PERMISSION_DENIED)


def offices_of(*, user: User | Any) -> QuerySet[Facility]:
    """The marriage offices in the user's scope that are not closed."""
    return scoped(Facility.objects.filter(kind=Facility.Kind.MARRIAGE_OFFICE), user=user).exclude(
        status=Facility.Status.CLOSED
    ).order_by("region_code", "name")


def _marriages(user: User | Any) -> QuerySet[Marriage]:
    require_reader(user)
    return scoped(Marriage.objects.select_related("husband", "wife", "office"), user=user)


def marriage_get(*, user: User | Any, pk: Any, channel: str = "web") -> Marriage:
    """One record in scope (404 otherwise); the read is logged."""
    marriage = get_in_scope(_marriages(user), user=user, pk=pk)
    access_record(actor=user, kind=AccessLog.Kind.VIEW, subject=marriage, channel=channel)
    return marriage


def marriage_list(*, user: User | Any, office: Any = None, since: dt.date | None = None,
                  until: dt.date | None = None) -> QuerySet[Marriage]:
    """The records in scope, newest first. The caller logs the rows it shows (``rows_viewed``)."""
    qs = _marriages(user)
    if office:
        qs = qs.filter(office_id=office)
    if since:
        qs = qs.filter(registered_on__gte=since)
    if until:
        qs = qs.filter(registered_on__lte=until)
    return qs.order_by("-registered_on", "-id")


def rows_viewed(*, user: User, rows: list[Any], channel: str = "web") -> None:
    """Log a list's rows: each record shown once, in one statement."""
    access_record_many(actor=user, subjects=rows, channel=channel)


def certificates_of(marriage: Marriage) -> list[Certificate]:
    return list(Certificate.objects.filter(marriage=marriage).select_related("office").order_by("issued_on", "id"))


def divorces_of(marriage: Marriage) -> list[DivorceApplication]:
    return list(DivorceApplication.objects.filter(marriage=marriage).select_related("withdrawn_by").order_by("-id"))


def status_history(marriage: Marriage) -> list[MaritalStatusChange]:
    return list(
        MaritalStatusChange.objects.filter(person__in=[marriage.husband_id, marriage.wife_id])
        .select_related("person").order_by("changed_on", "id")
    )


def certificate_get(*, user: User | Any, pk: Any, channel: str = "web") -> Certificate:
    require_reader(user)
    certificate = get_in_scope(
        Certificate.objects.select_related("marriage__husband", "marriage__wife", "office", "replaces"),
        user=user, pk=pk,
    )
    access_record(actor=user, kind=AccessLog.Kind.VIEW, subject=certificate, channel=channel)
    return certificate


def divorce_get(*, user: User | Any, pk: Any) -> DivorceApplication:
    require_reader(user)
    return get_in_scope(DivorceApplication.objects.select_related("marriage"), user=user, pk=pk)


@dataclass
class PersonLookup:
    """What the desk shows for an ID number: the person (or None: unknown, to be entered at
    registration), their status here (any office's: the bigamy check needs it nationwide), and the
    records of the registrar's county that name them."""

    id_number: str
    person: Person | None
    status: MaritalStatus | None
    marriages: list[Marriage]


def person_lookup(*, user: User | Any, id_number: str, channel: str = "web") -> PersonLookup:
    """Find a party by ID number; raises ``IdNumberError`` with the reason for a bad number. The
    look-up of a known person and each record shown are access-logged."""
    require_reader(user)
    parsed = parse_id_number(id_number)
    person = Person.objects.filter(id_number_digest__in=pii.digests("id_number", parsed.value)).first()
    if person is None:
        return PersonLookup(id_number=parsed.value, person=None, status=None, marriages=[])
    access_record(actor=user, kind=AccessLog.Kind.LOOKUP, subject=person, channel=channel)
    status = MaritalStatus.objects.filter(person=person).select_related("spouse").first()
    marriages = list(_marriages(user).filter(Q(husband=person) | Q(wife=person)).order_by("-registered_on"))
    rows_viewed(user=user, rows=marriages, channel=channel)
    return PersonLookup(id_number=parsed.value, person=person, status=status, marriages=marriages)


@dataclass
class DivorceLists:
    cooling: list[DivorceApplication]
    appear: list[DivorceApplication]
    lapsed: list[DivorceApplication]


def divorce_lists(*, user: User | Any, today: dt.date | None = None, limit: int = 200) -> DivorceLists:
    """The divorces by agreement of the registrar's offices: in the cooling-off, in the window to
    appear, and lapsed (deemed withdrawn, or past the window and waiting for the daily job)."""
    require_reader(user)
    day = today or timezone.localdate()
    base = scoped(DivorceApplication.objects.select_related("marriage__husband", "marriage__wife", "office"), user=user)
    pending = base.filter(status=DivorceApplication.Status.PENDING)
    lists = DivorceLists(
        cooling=list(pending.filter(cooling_off_ends__gte=day).order_by("cooling_off_ends", "id")[:limit]),
        appear=list(pending.filter(cooling_off_ends__lt=day, appear_by__gte=day).order_by("appear_by", "id")[:limit]),
        lapsed=list(
            base.filter(Q(status=DivorceApplication.Status.LAPSED)
                        | Q(status=DivorceApplication.Status.PENDING, appear_by__lt=day))
            .order_by("-appear_by", "-id")[:limit]
        ),
    )
    rows_viewed(user=user, rows=[d.marriage for d in lists.cooling + lists.appear + lists.lapsed])
    return lists


def id_number_error(exc: IdNumberError) -> str:
    return f"身份证号：{exc}"


@dataclass
class Preview:
    """The legal checks of a registration, run before saving: the parties as our records know them
    (or as their ID numbers tell, when unknown here) and every reason it would be refused."""

    husband: Person | None
    wife: Person | None
    reasons: list[str]


def registration_preview(*, user: User | Any, husband_id_number: str, wife_id_number: str,
                         registration_date: dt.date, declared_no_prohibited_relationship: bool) -> Preview:
    require_reader(user)
    people: list[Person | None] = []
    parties: list[Party] = []
    for raw in (husband_id_number, wife_id_number):
        parsed = parse_id_number(raw)
        found = Person.objects.filter(id_number_digest__in=pii.digests("id_number", parsed.value)).first()
        if found is not None:
            access_record(actor=user, kind=AccessLog.Kind.LOOKUP, subject=found)
        people.append(found)
        parties.append(
            Party(gender=found.gender, birth_date=found.birth_date, marital_status=state_of(found),
                  alive=found.status == Person.Status.ALIVE)
            if found is not None
            else Party(gender=parsed.gender, birth_date=parsed.birth_date, marital_status="unmarried")
        )
    reasons = marriage_reasons(registration_date=registration_date, parties=parties,
                               prohibited_relationship_declared_absent=declared_no_prohibited_relationship)
    return Preview(husband=people[0], wife=people[1], reasons=reasons)
