"""The caregiver registry's writes: registering, a new certificate, leaving and awards, each
audited; every bad input refused on its field in Chinese with nothing written; jurisdiction (an
officer elsewhere and another provider's operator get 404) and the employer's kind."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from minzheng.core.models import AuditEntry
from minzheng.eldercare.caregivers import messages, selectors, services
from minzheng.eldercare.caregivers.models import Caregiver, CaregiverAward
from minzheng.people.models import Person
from tests.eldercare.beds.conftest import fresh
from tests.eldercare.caregivers.conftest import Sites, caregiver, worker
from tests.personas import Personas

pytestmark = pytest.mark.django_db


def errors_of(exc: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return exc.value.message_dict


def test_an_officer_registers_a_certified_caregiver_at_a_care_home_with_its_region_and_an_audit_entry(
    personas: Personas, sites: Sites
) -> None:
    person, _ = worker()
    found = services.caregiver_register(
        actor=personas.aishan_officer,
        person=person,
        employer=sites.home,
        started_on=dt.date(2018, 6, 1),
        level="senior",
        certificate_number="hl-2018-001",
        certified_on=dt.date(2019, 1, 5),
    )
    assert (found.region_code, found.level, found.certificate_number) == (
        sites.home.region_code,
        "senior",
        "HL-2018-001",
    )
    entry = AuditEntry.objects.get(action="eldercare.caregiver.registered")
    assert entry.object_id == str(found.pk) and entry.after["level"] == "senior"


def test_an_uncertified_care_worker_is_registered_with_no_certificate(
    personas: Personas, sites: Sites
) -> None:
    found = caregiver(personas.aishan_officer, sites.home, level="")
    assert (found.level, found.certificate_number, found.certified_on) == ("", "", None)


def test_every_bad_field_of_a_registration_is_named_at_once_and_nothing_is_written(
    personas: Personas, sites: Sites
) -> None:
    person, _ = worker()
    with pytest.raises(ValidationError) as exc:
        services.caregiver_register(
            actor=personas.aishan_officer,
            person=person,
            employer=sites.meal_site,
            started_on="2030-01-01",
            level="master",
            certificate_number="!!",
            certified_on="2024-13-01",
        )
    errors = errors_of(exc)
    assert errors["employer"] == [messages.EMPLOYER_KIND.format(kind="老年助餐点")]
    assert errors["started_on"] == [messages.DATE_FUTURE.format(field="从业起始日期")]
    assert errors["level"] == [messages.LEVEL_INVALID]
    assert errors["certificate_number"] == [messages.NUMBER_INVALID]
    assert errors["certified_on"] == [messages.DATE_INVALID.format(field="发证日期")]
    assert (
        not Caregiver.objects.exists()
        and not AuditEntry.objects.filter(action__startswith="eldercare.").exists()
    )


def test_a_certificate_is_its_level_number_and_date_together_or_none(
    personas: Personas, sites: Sites
) -> None:
    with pytest.raises(ValidationError) as exc:
        services.caregiver_register(
            actor=personas.aishan_officer,
            person=worker()[0],
            employer=sites.home,
            started_on=dt.date(2020, 1, 1),
            level="junior",
        )
    assert errors_of(exc)["certificate_number"] == [messages.NUMBER_REQUIRED]
    assert errors_of(exc)["certified_on"] == [messages.CERTIFIED_REQUIRED]
    with pytest.raises(ValidationError) as exc:
        services.caregiver_register(
            actor=personas.aishan_officer,
            person=worker()[0],
            employer=sites.home,
            started_on=dt.date(2020, 1, 1),
            certificate_number="HL1",
        )
    assert errors_of(exc)["certificate_number"] == [messages.NUMBER_WITHOUT_LEVEL]


def test_a_person_in_post_elsewhere_a_dead_person_and_a_start_before_16_are_refused(
    personas: Personas, sites: Sites
) -> None:
    first = caregiver(personas.aishan_officer, sites.home)
    with pytest.raises(ValidationError) as exc:
        caregiver(personas.anji_officer, sites.centre, person=first.person)
    assert errors_of(exc)["person"] == [
        messages.PERSON_ACTIVE.format(name=first.person.name, employer=sites.home.name, pk=first.pk)
    ]
    dead, _ = worker()
    Person.objects.filter(pk=dead.pk).update(status=Person.Status.DECEASED, death_date=dt.date(2023, 1, 1))
    dead.refresh_from_db()
    with pytest.raises(ValidationError) as exc:
        caregiver(personas.aishan_officer, sites.home, person=dead)
    assert errors_of(exc)["person"] == [messages.PERSON_DECEASED.format(name=dead.name)]
    young, _ = worker(dt.date(2000, 6, 2))
    with pytest.raises(ValidationError) as exc:
        caregiver(personas.aishan_officer, sites.home, person=young, started_on=dt.date(2016, 6, 1))
    assert errors_of(exc)["started_on"] == [messages.PERSON_TOO_YOUNG.format(age=16)]
    # On the 16th birthday they may start.
    assert caregiver(personas.aishan_officer, sites.home, person=young, started_on=dt.date(2016, 6, 2)).pk


def test_a_certificate_number_is_registered_once(personas: Personas, sites: Sites) -> None:
    first = caregiver(personas.aishan_officer, sites.home)
    with pytest.raises(ValidationError) as exc:
        services.caregiver_register(
            actor=personas.aishan_officer,
            person=worker()[0],
            employer=sites.home,
            started_on=dt.date(2020, 1, 1),
            level="junior",
            certificate_number=first.certificate_number,
            certified_on=dt.date(2020, 2, 1),
        )
    assert errors_of(exc)["certificate_number"] == [
        messages.NUMBER_TAKEN.format(name=first.person.name, pk=first.pk)
    ]


def test_an_officer_elsewhere_and_another_providers_operator_get_404_and_a_village_worker_403(
    personas: Personas, sites: Sites
) -> None:
    with pytest.raises(Http404):
        caregiver(personas.anji_officer, sites.home)
    with pytest.raises(Http404):
        caregiver(fresh(sites.op_b), sites.home)
    with pytest.raises(PermissionDenied):
        caregiver(personas.village_worker, sites.home)
    mine = caregiver(fresh(sites.op_a), sites.home)
    with pytest.raises(Http404):
        services.caregiver_leave(actor=fresh(sites.op_b), caregiver=mine, left_on=dt.date(2024, 1, 1))


def test_provider_operators_see_only_their_own_sites_caregivers_and_officers_their_region(
    personas: Personas, sites: Sites
) -> None:
    home = caregiver(personas.aishan_officer, sites.home)
    centre = caregiver(personas.anji_officer, sites.centre)
    assert list(selectors.caregivers_visible(user=fresh(sites.op_a))) == [home]
    assert list(selectors.caregivers_visible(user=fresh(sites.op_b))) == [centre]
    assert list(selectors.caregivers_visible(user=personas.wuxing_officer)) == [home]
    assert set(selectors.caregivers_visible(user=personas.city_admin)) == {home, centre}
    assert not selectors.caregivers_visible(user=personas.nobody).exists()
    with pytest.raises(Http404):
        selectors.caregiver_get(user=personas.anji_officer, pk=home.pk)


def test_a_level_change_is_audited_with_before_and_after_and_the_same_certificate_again_is_refused(
    personas: Personas, sites: Sites
) -> None:
    found = caregiver(personas.aishan_officer, sites.home)
    services.caregiver_level_change(
        actor=personas.aishan_officer,
        caregiver=found,
        level="intermediate",
        certificate_number="HL-Z-0001",
        certified_on=dt.date(2022, 5, 1),
    )
    found.refresh_from_db()
    assert found.level == "intermediate"
    entry = AuditEntry.objects.get(action="eldercare.caregiver.level_changed")
    assert (entry.before["level"], entry.after["level"]) == ("junior", "intermediate")
    with pytest.raises(ValidationError) as exc:
        services.caregiver_level_change(
            actor=personas.aishan_officer,
            caregiver=found,
            level="intermediate",
            certificate_number="HL-Z-0001",
            certified_on=dt.date(2022, 5, 1),
        )
    assert errors_of(exc)["level"] == [messages.LEVEL_SAME.format(level="中级", number="HL-Z-0001")]


def test_leaving_keeps_the_row_refuses_a_day_before_the_start_and_a_second_leaving(
    personas: Personas, sites: Sites
) -> None:
    found = caregiver(personas.aishan_officer, sites.home, started_on=dt.date(2020, 4, 1))
    with pytest.raises(ValidationError) as exc:
        services.caregiver_leave(actor=personas.aishan_officer, caregiver=found, left_on=dt.date(2020, 3, 31))
    assert errors_of(exc)["left_on"] == [messages.LEFT_BEFORE_START.format(date="2020-04-01")]
    with pytest.raises(ValidationError) as exc:
        services.caregiver_leave(actor=personas.aishan_officer, caregiver=found, left_on=None)
    assert errors_of(exc)["left_on"] == [messages.LEFT_REQUIRED]
    services.caregiver_leave(actor=personas.aishan_officer, caregiver=found, left_on=dt.date(2024, 6, 15))
    with pytest.raises(ValidationError) as exc:
        services.caregiver_leave(actor=personas.aishan_officer, caregiver=found, left_on=dt.date(2024, 7, 1))
    assert errors_of(exc)["left_on"] == [messages.NOT_ACTIVE.format(date="2024-06-15")]
    assert Caregiver.objects.get(pk=found.pk).left_on == dt.date(2024, 6, 15)
    assert AuditEntry.objects.filter(action="eldercare.caregiver.left").count() == 1
    # Once left, they may be registered again, at another employer.
    assert caregiver(personas.anji_officer, sites.centre, person=found.person, level="").pk


def test_an_award_is_recorded_once_and_bad_fields_are_named(personas: Personas, sites: Sites) -> None:
    found = caregiver(personas.aishan_officer, sites.home)
    award = services.caregiver_award_add(
        actor=personas.aishan_officer,
        caregiver=found,
        name="湖州市养老护理职业技能大赛",
        level="city",
        rank="一等奖",
        awarded_on=dt.date(2024, 10, 18),
    )
    assert award.region_code == found.region_code
    assert AuditEntry.objects.filter(
        action="eldercare.caregiver_award.added", object_id=str(award.pk)
    ).exists()
    with pytest.raises(ValidationError) as exc:
        services.caregiver_award_add(
            actor=personas.aishan_officer,
            caregiver=found,
            name="湖州市养老护理职业技能大赛",
            level="city",
            rank="一等奖",
            awarded_on=dt.date(2024, 10, 18),
        )
    assert errors_of(exc)["name"] == [
        messages.AWARD_EXISTS.format(date="2024-10-18", name="湖州市养老护理职业技能大赛")
    ]
    with pytest.raises(ValidationError) as exc:
        services.caregiver_award_add(
            actor=personas.aishan_officer,
            caregiver=found,
            name="",
            level="galaxy",
            rank="",
            awarded_on="yesterday",
        )
    assert set(errors_of(exc)) == {"name", "level", "rank", "awarded_on"}
    assert errors_of(exc)["level"] == [messages.AWARD_LEVEL_INVALID]
    assert CaregiverAward.objects.count() == 1
