"""A bed holds one person at a time and a person one bed: the database refuses a second open stay
of a bed or of a person (partial unique indexes, the same on SQLite and PostgreSQL), and the
check-in service refuses a back-dated stay that would overlap a closed one. Stays are half-open:
the day of check-out is free for the next stay."""

from __future__ import annotations

import contextlib
import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404

from minzheng.core.models import AccessLog, AuditEntry
from minzheng.eldercare.beds import messages
from minzheng.eldercare.beds.models import Occupancy
from minzheng.eldercare.beds.services import bed_check_in, bed_check_out
from minzheng.people.models import Person
from tests.eldercare.beds.conftest import Homes, fresh
from tests.eldercare.factories import elder
from tests.personas import Personas

pytestmark = pytest.mark.django_db

D = dt.date


def stay_row(homes: Homes, bed_index: int, person: Person, start: dt.date, end: dt.date | None = None) -> Occupancy:
    """A stay written straight to the table, past the service: what the constraints alone allow."""
    bed = homes.beds[bed_index]
    return Occupancy.objects.create(bed=bed, facility=homes.mine, person=person, region_code=bed.region_code,
                                    checked_in_on=start, checked_out_on=end, check_out_reason="discharged" if end else "")


# ---- the database ---------------------------------------------------------------------------------


def test_the_database_refuses_a_second_open_stay_in_one_bed(homes: Homes) -> None:
    first, second = elder()[0], elder()[0]
    stay_row(homes, 0, first, D(2024, 1, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        stay_row(homes, 0, second, D(2024, 2, 1))


def test_the_database_refuses_a_second_open_stay_of_one_person(homes: Homes) -> None:
    person = elder()[0]
    stay_row(homes, 0, person, D(2024, 1, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        stay_row(homes, 1, person, D(2024, 2, 1))


def test_the_database_takes_stays_of_a_bed_one_after_another(homes: Homes) -> None:
    first, second, third = elder()[0], elder()[0], elder()[0]
    stay_row(homes, 0, first, D(2024, 1, 1), D(2024, 2, 1))
    stay_row(homes, 0, second, D(2024, 2, 1), D(2024, 3, 1))  # handed over the same day
    stay_row(homes, 0, third, D(2024, 3, 1))
    assert Occupancy.objects.filter(bed=homes.beds[0]).count() == 3


def test_the_database_refuses_a_check_out_before_the_check_in(homes: Homes) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        stay_row(homes, 0, elder()[0], D(2024, 3, 1), D(2024, 2, 28))


def test_the_database_refuses_a_check_out_without_its_reason(homes: Homes) -> None:
    stay = stay_row(homes, 0, elder()[0], D(2024, 3, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        Occupancy.objects.filter(pk=stay.pk).update(checked_out_on=D(2024, 4, 1))


# ---- checking in and out ----------------------------------------------------------------------------


def test_a_check_in_is_a_stay_with_its_audit_entry(personas: Personas, homes: Homes) -> None:
    person = elder()[0]
    stay = bed_check_in(actor=personas.aishan_officer, bed=homes.beds[0], person=person, on=D(2024, 5, 6))
    assert (stay.bed, stay.facility, stay.person, stay.checked_in_on, stay.checked_out_on) == (
        homes.beds[0], homes.mine, person, D(2024, 5, 6), None)
    assert stay.region_code == homes.mine.region_code and stay.checked_in_by == personas.aishan_officer
    entry = AuditEntry.objects.get(action="eldercare.occupancy.checked_in", object_id=str(stay.pk))
    assert entry.after["person"] == person.pk and entry.after["checked_in_on"] == "2024-05-06"
    assert entry.region_code == homes.mine.region_code


def test_a_bed_in_use_takes_nobody_else(personas: Personas, homes: Homes) -> None:
    bed_check_in(actor=personas.aishan_officer, bed=homes.beds[0], person=elder()[0], on=D(2024, 5, 6))
    with pytest.raises(ValidationError) as caught:
        bed_check_in(actor=personas.aishan_officer, bed=homes.beds[0], person=elder()[0], on=D(2024, 6, 1))
    assert caught.value.message_dict == {"bed": [messages.BED_IN_USE.format(since="2024-05-06")]}


def test_a_person_in_a_bed_cannot_take_a_second_one_even_in_another_home(personas: Personas, homes: Homes) -> None:
    person = elder()[0]
    bed_check_in(actor=personas.aishan_officer, bed=homes.beds[0], person=person, on=D(2024, 5, 6))
    with pytest.raises(ValidationError) as caught:
        bed_check_in(actor=personas.anji_officer, bed=homes.anji_beds[0], person=person, on=D(2024, 6, 1))
    assert caught.value.message_dict == {"person": [messages.PERSON_IN_BED.format(
        home=homes.mine.name, bed="101房1床", since="2024-05-06")]}
    assert Occupancy.objects.filter(person=person).count() == 1


# Existing closed stay [2024-03-01, 2024-06-01); a new stay from the given day (open-ended).
@pytest.mark.parametrize(("start", "overlaps"), [
    (D(2024, 1, 1), True),    # before it: the open stay would run over it
    (D(2024, 3, 1), True),    # the same first day
    (D(2024, 4, 15), True),   # inside it
    (D(2024, 5, 31), True),   # its last night
    (D(2024, 6, 1), False),   # its check-out day: free again
    (D(2024, 7, 1), False),   # after it
])
def test_a_back_dated_check_in_may_not_overlap_a_closed_stay_of_the_person(
        personas: Personas, homes: Homes, start: dt.date, overlaps: bool) -> None:
    person = elder()[0]
    earlier = bed_check_in(actor=personas.aishan_officer, bed=homes.beds[0], person=person, on=D(2024, 3, 1))
    bed_check_out(actor=personas.aishan_officer, occupancy=earlier, on=D(2024, 6, 1), reason="transferred")
    if overlaps:
        with pytest.raises(ValidationError) as caught:
            bed_check_in(actor=personas.aishan_officer, bed=homes.beds[1], person=person, on=start)
        assert caught.value.message_dict == {"checked_in_on": [messages.PERSON_OVERLAP.format(
            start="2024-03-01", end="2024-06-01", home=homes.mine.name, bed="101房1床")]}
        assert Occupancy.objects.filter(person=person).count() == 1
    else:
        stay = bed_check_in(actor=personas.aishan_officer, bed=homes.beds[1], person=person, on=start)
        assert stay.checked_in_on == start


@pytest.mark.parametrize(("start", "overlaps"), [
    (D(2024, 2, 1), True),
    (D(2024, 4, 15), True),
    (D(2024, 6, 1), False),
])
def test_a_back_dated_check_in_may_not_overlap_a_closed_stay_in_the_bed(
        personas: Personas, homes: Homes, start: dt.date, overlaps: bool) -> None:
    earlier = bed_check_in(actor=personas.aishan_officer, bed=homes.beds[0], person=elder()[0], on=D(2024, 3, 1))
    bed_check_out(actor=personas.aishan_officer, occupancy=earlier, on=D(2024, 6, 1), reason="died")
    person = elder()[0]
    if overlaps:
        with pytest.raises(ValidationError) as caught:
            bed_check_in(actor=personas.aishan_officer, bed=homes.beds[0], person=person, on=start)
        assert caught.value.message_dict == {"checked_in_on": [messages.BED_OVERLAP.format(
            start="2024-03-01", end="2024-06-01")]}
    else:
        assert bed_check_in(actor=personas.aishan_officer, bed=homes.beds[0], person=person, on=start).pk


def test_no_two_stays_of_a_person_or_a_bed_overlap_after_any_sequence_of_services(
        personas: Personas, homes: Homes) -> None:
    """Whatever the services accept, the stays of each bed and each person stay disjoint."""
    actor = personas.aishan_officer
    people = [elder()[0] for _ in range(3)]
    days = [D(2024, 1, 1) + dt.timedelta(days=9 * n) for n in range(12)]
    for n, day in enumerate(days):
        person, bed = people[n % 3], homes.beds[(n * 2) % 3]
        open_stay = Occupancy.objects.filter(person=person, checked_out_on__isnull=True).first()
        if open_stay is not None and open_stay.checked_in_on <= day:
            bed_check_out(actor=actor, occupancy=open_stay, on=day, reason="transferred")
        with contextlib.suppress(ValidationError):  # refusals are part of the sequence
            bed_check_in(actor=actor, bed=bed, person=person, on=day - dt.timedelta(days=20))
    stays = list(Occupancy.objects.all())
    far = D(9999, 1, 1)
    for a in stays:
        for b in stays:
            if a.pk < b.pk and (a.bed_id == b.bed_id or a.person_id == b.person_id):
                assert not (a.checked_in_on < (b.checked_out_on or far) and b.checked_in_on < (a.checked_out_on or far))


def test_a_deceased_person_cannot_be_checked_in(personas: Personas, homes: Homes) -> None:
    person = elder()[0]
    Person.objects.filter(pk=person.pk).update(status=Person.Status.DECEASED, death_date=D(2024, 2, 3))
    person.refresh_from_db()
    with pytest.raises(ValidationError) as caught:
        bed_check_in(actor=personas.aishan_officer, bed=homes.beds[0], person=person, on=D(2024, 1, 5))
    assert caught.value.message_dict == {"person": [messages.PERSON_DECEASED.format(name=person.name,
                                                                                   date="2024-02-03")]}
    assert not Occupancy.objects.exists()


def test_a_check_in_date_in_the_future_or_before_the_home_opened_is_refused(personas: Personas, homes: Homes) -> None:
    with pytest.raises(ValidationError) as caught:
        bed_check_in(actor=personas.aishan_officer, bed=homes.beds[0], person=elder()[0], on=D(2099, 1, 1))
    assert caught.value.message_dict == {"checked_in_on": [messages.ON_FUTURE.format(field="入住日期")]}
    with pytest.raises(ValidationError) as caught:
        bed_check_in(actor=personas.aishan_officer, bed=homes.beds[0], person=elder()[0], on=D(2014, 1, 1))
    assert caught.value.message_dict == {"checked_in_on": [messages.ON_BEFORE_OPENED.format(date="2015-03-01")]}
    with pytest.raises(ValidationError) as caught:
        bed_check_in(actor=personas.aishan_officer, bed=homes.beds[0], person=elder()[0], on="2024-13-01")
    assert caught.value.message_dict == {"checked_in_on": [messages.ON_INVALID.format(field="入住日期")]}


def test_a_person_not_found_is_named_on_the_id_number(personas: Personas, homes: Homes) -> None:
    with pytest.raises(ValidationError) as caught:
        bed_check_in(actor=personas.aishan_officer, bed=homes.beds[0], person=None, on=D(2024, 1, 5))
    assert caught.value.message_dict == {"id_number": [messages.ID_NUMBER_UNKNOWN]}


def test_a_check_out_closes_the_stay_with_its_reason_and_audit_entry(personas: Personas, homes: Homes) -> None:
    stay = bed_check_in(actor=personas.aishan_officer, bed=homes.beds[0], person=elder()[0], on=D(2024, 5, 6))
    stay = bed_check_out(actor=personas.aishan_officer, occupancy=stay, on=D(2024, 8, 1), reason="discharged")
    assert (stay.checked_out_on, stay.check_out_reason, stay.checked_out_by) == (
        D(2024, 8, 1), "discharged", personas.aishan_officer)
    entry = AuditEntry.objects.get(action="eldercare.occupancy.checked_out", object_id=str(stay.pk))
    assert entry.diff["checked_out_on"] == [None, "2024-08-01"]
    assert entry.diff["check_out_reason"] == ["", "discharged"]


def test_a_check_out_is_checked_field_by_field(personas: Personas, homes: Homes) -> None:
    stay = bed_check_in(actor=personas.aishan_officer, bed=homes.beds[0], person=elder()[0], on=D(2024, 5, 6))
    with pytest.raises(ValidationError) as caught:
        bed_check_out(actor=personas.aishan_officer, occupancy=stay, on=D(2024, 5, 5), reason="left")
    assert caught.value.message_dict == {
        "checked_out_on": [messages.CHECK_OUT_BEFORE_IN.format(date="2024-05-06")],
        "check_out_reason": [messages.REASON_INVALID]}
    with pytest.raises(ValidationError) as caught:
        bed_check_out(actor=personas.aishan_officer, occupancy=stay, on=D(2024, 6, 1), reason="other")
    assert caught.value.message_dict == {"note": [messages.REASON_NOTE_REQUIRED]}
    bed_check_out(actor=personas.aishan_officer, occupancy=stay, on=D(2024, 6, 1), reason="other", note="回老家")
    with pytest.raises(ValidationError) as caught:
        bed_check_out(actor=personas.aishan_officer, occupancy=stay, on=D(2024, 6, 2), reason="discharged")
    assert caught.value.message_dict == {"checked_out_on": [messages.ALREADY_CHECKED_OUT.format(date="2024-06-01")]}


def test_a_same_day_check_out_and_check_in_hands_the_bed_over(personas: Personas, homes: Homes) -> None:
    actor = personas.aishan_officer
    stay = bed_check_in(actor=actor, bed=homes.beds[0], person=elder()[0], on=D(2024, 5, 6))
    bed_check_out(actor=actor, occupancy=stay, on=D(2024, 7, 1), reason="discharged")
    assert bed_check_in(actor=actor, bed=homes.beds[0], person=elder()[0], on=D(2024, 7, 1)).pk


# ---- who may ---------------------------------------------------------------------------------------


def test_an_officer_of_another_county_gets_404_for_a_bed(personas: Personas, homes: Homes) -> None:
    with pytest.raises(Http404):
        bed_check_in(actor=personas.anji_officer, bed=homes.beds[0], person=elder()[0], on=D(2024, 5, 6))


def test_a_village_worker_in_scope_lacks_the_power(personas: Personas, homes: Homes) -> None:
    with pytest.raises(PermissionDenied):
        bed_check_in(actor=personas.village_worker, bed=homes.beds[0], person=elder()[0], on=D(2024, 5, 6))


def test_a_provider_operator_keeps_the_beds_of_their_own_homes_only(personas: Personas, homes: Homes) -> None:
    person = elder()[0]
    stay = bed_check_in(actor=fresh(homes.op_a), bed=homes.beds[0], person=person, on=D(2024, 5, 6))
    assert stay.checked_in_by == homes.op_a
    with pytest.raises(Http404):
        bed_check_in(actor=fresh(homes.op_b), bed=homes.beds[1], person=elder()[0], on=D(2024, 5, 6))
    with pytest.raises(Http404):
        bed_check_out(actor=fresh(homes.op_b), occupancy=stay, on=D(2024, 6, 6), reason="discharged")
    # An operator has no region: checking in writes no access row of its own, the page does.
    assert not AccessLog.objects.filter(actor=homes.op_a).exists()
