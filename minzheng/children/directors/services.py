"""Writes on child directors and supervisors (``children.manage_child_directors``, the region in
the actor's scope, else 404). ``director_appoint``: a registry person (alive, 18 or over) as the
village's 儿童主任 (a 12-digit village code) or the township's 儿童督导员 (the township's code); a
region that already has one in post is refused (and, under a race, by the partial unique
constraint). ``director_end``: the day they leave. One audit entry each:
``children.director.appointed`` / ``children.director.ended``."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone

from minzheng.benefits.applications.counting import age_on
from minzheng.children import messages
from minzheng.children.dates import day_in
from minzheng.children.directors import selectors
from minzheng.children.directors.models import ChildDirector
from minzheng.core import messages as core_messages
from minzheng.core.audit import audit_record, snapshot
from minzheng.core.models import Region, User
from minzheng.core.scope import scope_for
from minzheng.people.models import Person

FIELDS = ["person", "role", "region_code", "started_on", "ended_on"]


def _authorize(actor: User | None) -> None:
    if actor is None or not actor.has_perm(selectors.PERM_MANAGE):
        raise PermissionDenied(messages.PERMISSION_DIRECTORS)


@transaction.atomic
def director_appoint(
    *, actor: User, person: Person | None, role: str, region_code: str, started_on: dt.date | str | None
) -> ChildDirector:
    _authorize(actor)
    errors: dict[str, list[str]] = {}
    region_code = str(region_code or "").strip()
    region = Region.objects.filter(code=region_code).first() if region_code.isdigit() else None
    if region is not None and not scope_for(actor).contains(region_code):
        raise Http404(core_messages.NOT_FOUND)
    if role not in ChildDirector.Role.values:
        errors["role"] = [messages.DIRECTOR_ROLE_INVALID]
    elif region is None or region.level != ("village" if role == ChildDirector.Role.DIRECTOR else "township"):
        errors["region_code"] = [messages.DIRECTOR_REGION_INVALID]
    started = day_in(
        started_on,
        key="started_on",
        message=messages.DIRECTOR_STARTED_INVALID,
        errors=errors,
        last=timezone.localdate(),
    )
    label = ChildDirector.Role(role).label if role in ChildDirector.Role.values else ""
    if person is None:
        errors["id_number"] = [messages.PERSON_REQUIRED]
    elif person.status == Person.Status.DECEASED:
        errors["id_number"] = [messages.DIRECTOR_PERSON_DECEASED.format(name=person.name)]
    elif age_on(person.birth_date, started or timezone.localdate()) < 18:
        errors["id_number"] = [messages.DIRECTOR_PERSON_MINOR.format(name=person.name, role=label)]
    if not errors:
        current = (
            ChildDirector.objects.select_related("person")
            .filter(region_code=region_code, role=role, ended_on__isnull=True)
            .first()
        )
        if current is not None:
            errors["region_code"] = [
                messages.DIRECTOR_TAKEN.format(
                    region=region.name if region else region_code, role=label, name=current.person.name
                )
            ]
    if errors:
        raise ValidationError(errors)
    assert person is not None and started is not None
    post = ChildDirector(
        person=person, role=role, region_code=region_code, started_on=started, created_by=actor
    )
    try:
        with transaction.atomic():
            post.save()
    except IntegrityError as exc:
        raise ValidationError(
            {"region_code": [messages.DIRECTOR_TAKEN.format(region=region_code, role=label, name="—")]}
        ) from exc
    audit_record(
        actor=actor,
        action="children.director.appointed",
        obj=post,
        after=snapshot(post, FIELDS),
        object_repr=f"{label} {person.name}",
    )
    return post


@transaction.atomic
def director_end(*, actor: User, director: ChildDirector, ended_on: dt.date | str | None) -> ChildDirector:
    _authorize(actor)
    if not selectors.directors_visible(user=actor).filter(pk=director.pk).exists():
        raise Http404(core_messages.NOT_FOUND)
    director = (
        ChildDirector.objects.select_for_update(of=("self",)).select_related("person").get(pk=director.pk)
    )
    if director.ended_on is not None:
        raise ValidationError({"ended_on": [messages.DIRECTOR_ENDED.format(date=director.ended_on)]})
    errors: dict[str, list[str]] = {}
    day = day_in(
        ended_on,
        key="ended_on",
        message=messages.DIRECTOR_ENDED_INVALID,
        errors=errors,
        first=director.started_on,
        last=timezone.localdate(),
    )
    if errors:
        raise ValidationError(errors)
    before = snapshot(director, FIELDS)
    director.ended_on = day
    director.save(update_fields=["ended_on"])
    audit_record(
        actor=actor,
        action="children.director.ended",
        obj=director,
        before=before,
        after=snapshot(director, FIELDS),
        object_repr=f"{director.get_role_display()} {director.person.name}",
    )
    return director
