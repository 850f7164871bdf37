"""Writes of the move-in request (迁入申请). Each runs in one transaction, checks its input and
audits the step on the side that took it: the request and its withdrawal under the region the
person would move to, the decision under the region they live in (and, on acceptance, the move
itself under the new region). Invalid input raises ``ValidationError`` keyed by field."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone

from minzheng.core import events, pii
from minzheng.core import messages as core_messages
from minzheng.core.audit import audit_record, snapshot
from minzheng.core.models import User
from minzheng.core.scope import scope_for
from minzheng.people import messages as people_messages
from minzheng.people.models import Person
from minzheng.people.move_in import messages
from minzheng.people.move_in.models import MoveInRequest
from minzheng.people.services import field_errors, household_member_leave, person_id_number_looked_up
from minzheng.people.validation import clean_id_number, clean_name, clean_region_code

TEXT_MAX = 200
REQUEST_FIELDS = ["id_number_masked", "name_given", "from_region_code", "to_region_code", "reason", "status",
                  "decided_by", "decision_note"]


def _clean_text(value: str, *, field: str, label: str, required_message: str) -> str:
    text = " ".join(str(value or "").split())
    if not text:
        raise ValidationError({field: [required_message]})
    if len(text) > TEXT_MAX:
        raise ValidationError({field: [messages.TEXT_TOO_LONG.format(label=label, max=TEXT_MAX)]})
    return text


@transaction.atomic
def move_in_request_create(*, actor: User, id_number: str, name: str, region_code: str, reason: str,
                           channel: str = "web") -> MoveInRequest:
    """Ask to move the resident registered under ``id_number`` into ``region_code`` (a village in
    the actor's scope). The resident is found through the blind index, wherever they live; the
    answer tells the requester nothing about them beyond what they typed. The look-up is
    written to the access log."""
    if not actor.has_perm("people.add_person"):
        raise PermissionDenied(core_messages.PERMISSION_DENIED)
    scope = scope_for(actor)
    with field_errors():
        number = clean_id_number(id_number).value
        name = clean_name(name)
        to_region = clean_region_code(region_code, scope=scope)
    reason = _clean_text(reason, field="reason", label="迁入理由", required_message=messages.REASON_REQUIRED)
    person = (Person.objects.select_for_update().only("id", "name", "region_code", "id_number_masked")
              .filter(id_number_digest__in=pii.digests("id_number", number)).first())
    if person is None:
        raise ValidationError({"id_number": [messages.PERSON_UNKNOWN]})
    if scope.contains(person.region_code):
        raise ValidationError({"id_number": [messages.ALREADY_IN_SCOPE]})
    person_id_number_looked_up(actor=actor, person=person, channel=channel)
    if MoveInRequest.objects.filter(person=person, status=MoveInRequest.Status.PENDING).exists():
        raise ValidationError({"id_number": [messages.PENDING_EXISTS]})
    request = MoveInRequest(person=person, id_number_masked=person.id_number_masked, name_given=name,
                            from_region_code=person.region_code, to_region_code=to_region, reason=reason,
                            requested_by=actor)
    try:
        with transaction.atomic():
            request.save()
    except IntegrityError as exc:  # another request for the same person, at the same moment
        raise ValidationError({"id_number": [messages.PENDING_EXISTS]}) from exc
    audit_record(actor=actor, action="people.move_in.requested", obj=request, region_code=to_region,
                 after=snapshot(request, REQUEST_FIELDS))
    return request


def _locked_pending(request: MoveInRequest, *, side: str, actor: User) -> MoveInRequest:
    """The request, locked, if the actor may act on it from ``side`` and it is still open."""
    locked = MoveInRequest.objects.select_for_update().get(pk=request.pk)
    if not scope_for(actor).contains(getattr(locked, f"{side}_region_code")):
        raise Http404(core_messages.NOT_FOUND)
    if locked.status != MoveInRequest.Status.PENDING:
        raise ValidationError({"status": [messages.ALREADY_DECIDED.format(status=locked.get_status_display())]})
    return locked


def _decide(locked: MoveInRequest, *, actor: User, status: str, note: str, action: str) -> MoveInRequest:
    before = snapshot(locked, REQUEST_FIELDS)
    locked.status, locked.decided_by, locked.decided_at, locked.decision_note = status, actor, timezone.now(), note
    locked.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    side = locked.to_region_code if status == MoveInRequest.Status.WITHDRAWN else locked.from_region_code
    audit_record(actor=actor, action=action, obj=locked, region_code=side,
                 before=before, after=snapshot(locked, REQUEST_FIELDS))
    return locked


@transaction.atomic
def move_in_request_accept(*, actor: User, request: MoveInRequest, note: str = "") -> MoveInRequest:
    """Accept: the person's region becomes the requested one, and they leave their household
    here (``household_member_leave``); the requesting side then keeps them. Only staff whose
    scope holds the person's current region decide, and never on their own request."""
    if not actor.has_perm("people.change_person"):
        raise PermissionDenied(core_messages.PERMISSION_DENIED)
    locked = _locked_pending(request, side="from", actor=actor)
    if locked.requested_by_id == actor.pk:
        raise ValidationError({"status": [messages.OWN_REQUEST]})
    note = " ".join(str(note or "").split())
    if len(note) > TEXT_MAX:
        raise ValidationError({"note": [messages.TEXT_TOO_LONG.format(label="处理意见", max=TEXT_MAX)]})
    person = Person.objects.select_for_update().get(pk=locked.person_id)
    if person.region_code != locked.from_region_code:
        raise ValidationError({"status": [messages.STALE]})
    if person.status == Person.Status.DECEASED:
        raise ValidationError({"person": [people_messages.PERSON_DECEASED]})
    try:
        household_member_leave(actor=actor, person=person)
    except ValidationError as exc:
        raise ValidationError({"person": [messages.HEAD_WITH_MEMBERS]}) from exc
    before = snapshot(person, ["region_code", "address_text"])
    # The old address text names a place in the old region: the new side records the new one.
    person.region_code, person.address_text = locked.to_region_code, ""
    person.save(update_fields=["region_code", "address_text", "updated_at"])
    decided = _decide(locked, actor=actor, status=MoveInRequest.Status.ACCEPTED, note=note,
                      action="people.move_in.accepted")
    audit_record(actor=actor, action="people.person.moved_in", obj=person, region_code=person.region_code,
                 before=before, after={**snapshot(person, ["region_code", "address_text"]), "move_in": locked.pk})
    events.person_moved.send(sender=Person, person=person, from_region_code=locked.from_region_code,
                             to_region_code=locked.to_region_code, actor=actor)
    return decided


@transaction.atomic
def move_in_request_refuse(*, actor: User, request: MoveInRequest, reason: str) -> MoveInRequest:
    """Refuse, with the reason the requesting side will read. Nothing about the person changes."""
    if not actor.has_perm("people.change_person"):
        raise PermissionDenied(core_messages.PERMISSION_DENIED)
    locked = _locked_pending(request, side="from", actor=actor)
    if locked.requested_by_id == actor.pk:
        raise ValidationError({"status": [messages.OWN_REQUEST]})
    reason = _clean_text(reason, field="reason", label="拒绝理由", required_message=messages.REFUSAL_REASON_REQUIRED)
    return _decide(locked, actor=actor, status=MoveInRequest.Status.REFUSED, note=reason,
                   action="people.move_in.refused")


@transaction.atomic
def move_in_request_withdraw(*, actor: User, request: MoveInRequest) -> MoveInRequest:
    """The requesting side takes back an open request."""
    if not actor.has_perm("people.add_person"):
        raise PermissionDenied(core_messages.PERMISSION_DENIED)
    locked = _locked_pending(request, side="to", actor=actor)
    return _decide(locked, actor=actor, status=MoveInRequest.Status.WITHDRAWN, note="",
                   action="people.move_in.withdrawn")
