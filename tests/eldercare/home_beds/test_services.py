"""Signing, ending and devices of home eldercare beds: the good paths, each refusal with its
Chinese message on its field and nothing written, the audit entry of every write, and who may."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from minzheng.core.models import AuditEntry
from minzheng.eldercare.beds.services import bed_check_in
from minzheng.eldercare.home_beds import messages, services
from minzheng.eldercare.home_beds.models import HomeBed, HomeBedDevice, HomeBedPlanItem
from minzheng.people.services import person_record_death
from tests.eldercare.factories import elder
from tests.eldercare.home_beds.conftest import START, Providers, dibao, disabled, fresh, sign
from tests.personas import OTHER_COUNTY_VILLAGE, Personas

pytestmark = pytest.mark.django_db

D = dt.date


def refusal(call, **kwargs) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as exc:
        call(**kwargs)
    return exc.value.message_dict


# ---- signing ----------------------------------------------------------------------------------------


def test_an_officer_signs_a_disabled_elder_with_a_plan_and_it_is_audited(
    personas: Personas, providers: Providers
) -> None:
    person = disabled(personas.aishan_officer, level="severe")
    bed = sign(personas.aishan_officer, person, providers.home)
    assert (
        bed.person,
        bed.provider,
        bed.region_code,
        bed.started_on,
        bed.status,
        bed.eligibility,
        bed.ability_level,
    ) == (person, providers.home, person.region_code, START, "active", "fully_disabled", "severe")
    assert bed.signed_by == personas.aishan_officer
    assert sorted(HomeBedPlanItem.objects.filter(home_bed=bed).values_list("kind", "visits_per_month")) == [
        ("cleaning", 4),
        ("meal", 8),
        ("medical", 2),
    ]
    entry = AuditEntry.objects.get(action="eldercare.home_bed.signed")
    assert entry.object_id == str(bed.pk) and entry.region_code == person.region_code
    assert entry.after["plan"] == {"cleaning": 4, "meal": 8, "medical": 2}
    assert entry.after["eligibility"] == "fully_disabled"


def test_partly_disabled_and_low_income_elders_qualify_with_their_ground(
    personas: Personas, providers: Providers
) -> None:
    partly = disabled(personas.aishan_officer, level="moderate")
    mild = disabled(personas.aishan_officer, level="mild")
    poor = dibao()
    assert sign(personas.aishan_officer, partly, providers.home).eligibility == "partly_disabled"
    assert sign(personas.aishan_officer, mild, providers.home).eligibility == "partly_disabled"
    bed = sign(personas.aishan_officer, poor, providers.home)
    assert (bed.eligibility, bed.ability_level) == ("low_income", "")


def test_an_able_elder_without_assistance_is_refused_on_the_person(
    personas: Personas, providers: Providers
) -> None:
    able = disabled(personas.aishan_officer, level="intact")
    never = elder()[0]
    suspended = dibao(status="suspended")
    errors = refusal(
        services.home_bed_sign,
        actor=personas.aishan_officer,
        provider=providers.home,
        person=able,
        started_on=START,
        plan={"meal": 4},
    )
    assert errors == {
        "person": [
            messages.PERSON_NOT_ELIGIBLE.format(
                name=able.name, level=messages.LEVEL_OF.format(level="能力完好")
            )
        ]
    }
    errors = refusal(
        services.home_bed_sign,
        actor=personas.aishan_officer,
        provider=providers.home,
        person=never,
        started_on=START,
        plan={"meal": 4},
    )
    assert errors == {
        "person": [messages.PERSON_NOT_ELIGIBLE.format(name=never.name, level=messages.LEVEL_NONE)]
    }
    assert "person" in refusal(
        services.home_bed_sign,
        actor=personas.aishan_officer,
        provider=providers.home,
        person=suspended,
        started_on=START,
        plan={"meal": 4},
    )
    assert (
        not HomeBed.objects.exists()
        and not AuditEntry.objects.filter(action__startswith="eldercare.home_bed").exists()
    )


def test_a_dibao_enrollment_that_starts_after_the_start_day_does_not_qualify(
    personas: Personas, providers: Providers
) -> None:
    poor = dibao()  # from January 2024
    errors = refusal(
        services.home_bed_sign,
        actor=personas.aishan_officer,
        provider=providers.home,
        person=poor,
        started_on=D(2023, 12, 1),
        plan={"meal": 4},
    )
    assert list(errors) == ["person"]


def test_an_elder_under_60_or_dead_by_the_start_is_refused(personas: Personas, providers: Providers) -> None:
    young = elder(D(1970, 1, 1))[0]
    assert refusal(
        services.home_bed_sign,
        actor=personas.aishan_officer,
        provider=providers.home,
        person=young,
        started_on=START,
        plan={"meal": 4},
    ) == {"person": [messages.PERSON_UNDER_AGE.format(name=young.name, age=60)]}
    dead = disabled(personas.aishan_officer)
    person_record_death(actor=personas.aishan_officer, person=dead, death_date=D(2024, 2, 10))
    dead.refresh_from_db()
    assert refusal(
        services.home_bed_sign,
        actor=personas.aishan_officer,
        provider=providers.home,
        person=dead,
        started_on=START,
        plan={"meal": 4},
    ) == {"person": [messages.PERSON_DECEASED.format(name=dead.name, date="2024-02-10")]}


def test_one_open_contract_per_elder(personas: Personas, providers: Providers) -> None:
    person = disabled(personas.aishan_officer)
    first = sign(personas.aishan_officer, person, providers.home)
    errors = refusal(
        services.home_bed_sign,
        actor=personas.aishan_officer,
        provider=providers.home,
        person=person,
        started_on=D(2024, 4, 1),
        plan={"meal": 4},
    )
    assert errors == {
        "person": [
            messages.PERSON_HAS_HOME_BED.format(
                name=person.name, provider=providers.home.name, start="2024-03-01"
            )
        ]
    }
    services.home_bed_end(
        actor=personas.aishan_officer, home_bed=first, ended_on=D(2024, 4, 1), reason="provider"
    )
    second = sign(personas.aishan_officer, person, providers.home, on=D(2024, 4, 1))
    assert HomeBed.objects.filter(person=person).count() == 2 and second.is_open


def test_an_elder_in_a_care_home_bed_that_day_is_refused(personas: Personas, providers: Providers) -> None:
    person = disabled(personas.aishan_officer)
    bed = providers.beds[0]
    bed_check_in(actor=personas.aishan_officer, bed=bed, person=person, on=D(2024, 2, 1))
    assert refusal(
        services.home_bed_sign,
        actor=personas.aishan_officer,
        provider=providers.home,
        person=person,
        started_on=START,
        plan={"meal": 4},
    ) == {
        "person": [
            messages.PERSON_IN_CARE_HOME.format(
                name=person.name, home=providers.home.name, start="2024-02-01"
            )
        ]
    }


def test_the_provider_must_be_a_care_home_or_centre_and_open(
    personas: Personas, providers: Providers
) -> None:
    person = disabled(personas.aishan_officer)
    assert refusal(
        services.home_bed_sign,
        actor=personas.aishan_officer,
        provider=providers.meal_site,
        person=person,
        started_on=START,
        plan={"meal": 4},
    ) == {"provider": [messages.PROVIDER_KIND.format(kind="老年助餐点")]}
    providers.home.status = "suspended"
    providers.home.save()
    assert refusal(
        services.home_bed_sign,
        actor=personas.aishan_officer,
        provider=providers.home,
        person=person,
        started_on=START,
        plan={"meal": 4},
    ) == {"provider": [messages.PROVIDER_CLOSED.format(name=providers.home.name, status="暂停服务")]}


@pytest.mark.parametrize(
    ("plan", "message"),
    [
        ({}, messages.PLAN_REQUIRED),
        ({"meal": 0, "cleaning": ""}, messages.PLAN_REQUIRED),
        ({"meal": 63}, messages.PLAN_VISITS_INVALID.format(kind="助餐", max=62)),
        ({"meal": "-1"}, messages.PLAN_VISITS_INVALID.format(kind="助餐", max=62)),
        ({"meal": "三"}, messages.PLAN_VISITS_INVALID.format(kind="助餐", max=62)),
        ({"meal": True}, messages.PLAN_VISITS_INVALID.format(kind="助餐", max=62)),
        ({"massage": 2}, messages.PLAN_KIND_INVALID.format(kind="massage")),
    ],
)
def test_a_bad_plan_is_refused_on_the_plan(personas: Personas, providers: Providers, plan, message) -> None:  # type: ignore[no-untyped-def]
    person = disabled(personas.aishan_officer)
    assert refusal(
        services.home_bed_sign,
        actor=personas.aishan_officer,
        provider=providers.home,
        person=person,
        started_on=START,
        plan=plan,
    ) == {"plan": [message]}
    assert not HomeBed.objects.exists()


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", messages.STARTED_ON_REQUIRED),
        ("2024-13-01", messages.STARTED_ON_INVALID),
        ("2018-12-31", messages.STARTED_ON_TOO_EARLY.format(earliest="2019-01-01")),
        ("2099-01-01", messages.STARTED_ON_TOO_LATE.format(days=62)),
    ],
)
def test_a_bad_start_day_is_refused_on_its_field(
    personas: Personas, providers: Providers, value, message
) -> None:  # type: ignore[no-untyped-def]
    person = disabled(personas.aishan_officer)
    assert refusal(
        services.home_bed_sign,
        actor=personas.aishan_officer,
        provider=providers.home,
        person=person,
        started_on=value,
        plan={"meal": 4},
    ) == {"started_on": [message]}


def test_no_person_is_refused_with_the_other_faults_at_once(personas: Personas, providers: Providers) -> None:
    errors = refusal(
        services.home_bed_sign,
        actor=personas.aishan_officer,
        provider=providers.home,
        person=None,
        started_on="x",
        plan={},
    )
    assert errors == {
        "person": [messages.PERSON_REQUIRED],
        "started_on": [messages.STARTED_ON_INVALID],
        "plan": [messages.PLAN_REQUIRED],
    }


def test_scope_an_officer_signs_only_for_elders_and_providers_they_see(
    personas: Personas, providers: Providers
) -> None:
    anji_elder = disabled(personas.anji_officer, region_code=OTHER_COUNTY_VILLAGE)
    # A provider in another county is not found at all.
    with pytest.raises(Http404):
        sign(personas.aishan_officer, anji_elder, providers.anji)
    # A provider in view, an elder living elsewhere: refused on the person.
    assert refusal(
        services.home_bed_sign,
        actor=personas.aishan_officer,
        provider=providers.home,
        person=anji_elder,
        started_on=START,
        plan={"meal": 4},
    ) == {"person": [messages.PERSON_OUT_OF_SCOPE.format(name=anji_elder.name)]}
    # A provider operator signs for any elder with their own site, never another operator's.
    bed = sign(fresh(providers.op_a), anji_elder, providers.home)
    assert bed.region_code == OTHER_COUNTY_VILLAGE
    with pytest.raises(Http404):
        sign(fresh(providers.op_a), disabled(personas.aishan_officer), providers.anji)


def test_a_user_without_the_power_is_refused(personas: Personas, providers: Providers) -> None:
    person = disabled(personas.aishan_officer)
    with pytest.raises(PermissionDenied):
        sign(personas.village_worker, person, providers.home)
    assert not HomeBed.objects.exists()


# ---- ending -----------------------------------------------------------------------------------------


def test_ending_a_contract_removes_its_devices_and_is_audited(
    personas: Personas, providers: Providers
) -> None:
    bed = sign(personas.aishan_officer, disabled(personas.aishan_officer), providers.home)
    device = services.home_bed_device_add(
        actor=personas.aishan_officer,
        home_bed=bed,
        kind="fall_alarm",
        serial="fa-2024-001",
        installed_on=D(2024, 3, 2),
    )
    ended = services.home_bed_end(
        actor=personas.aishan_officer, home_bed=bed, ended_on=D(2024, 9, 1), reason="died"
    )
    assert (ended.status, ended.ended_on, ended.end_reason, ended.ended_by) == (
        "ended",
        D(2024, 9, 1),
        "died",
        personas.aishan_officer,
    )
    device.refresh_from_db()
    assert device.removed_on == D(2024, 9, 1)
    entry = AuditEntry.objects.get(action="eldercare.home_bed.ended")
    assert entry.before["status"] == "active" and entry.after["status"] == "ended"
    assert entry.after["devices_removed"] == 1
    # The serial is free for another home once removed.
    other = sign(personas.aishan_officer, dibao(), providers.home)
    services.home_bed_device_add(
        actor=personas.aishan_officer,
        home_bed=other,
        kind="fall_alarm",
        serial="FA-2024-001",
        installed_on=D(2024, 9, 5),
    )


@pytest.mark.parametrize(
    ("kwargs", "errors"),
    [
        (
            {"ended_on": "2024-02-01", "reason": "died"},
            {"ended_on": [messages.ENDED_ON_BEFORE_START.format(start="2024-03-01")]},
        ),
        ({"ended_on": "2099-01-01", "reason": "died"}, {"ended_on": [messages.ENDED_ON_FUTURE]}),
        ({"ended_on": "", "reason": "died"}, {"ended_on": [messages.ENDED_ON_REQUIRED]}),
        ({"ended_on": "2024-05-01", "reason": "bored"}, {"end_reason": [messages.END_REASON_INVALID]}),
        ({"ended_on": "2024-05-01", "reason": "other"}, {"end_note": [messages.END_NOTE_REQUIRED]}),
        (
            {"ended_on": "2024-05-01", "reason": "other", "note": "长" * 201},
            {"end_note": [messages.NOTE_TOO_LONG.format(max=200)]},
        ),
    ],
)
def test_a_bad_end_is_refused_on_its_field(personas: Personas, providers: Providers, kwargs, errors) -> None:  # type: ignore[no-untyped-def]
    bed = sign(personas.aishan_officer, disabled(personas.aishan_officer), providers.home)
    assert refusal(services.home_bed_end, actor=personas.aishan_officer, home_bed=bed, **kwargs) == errors
    bed.refresh_from_db()
    assert (
        bed.status == "active" and not AuditEntry.objects.filter(action="eldercare.home_bed.ended").exists()
    )


def test_a_contract_ends_once(personas: Personas, providers: Providers) -> None:
    bed = sign(personas.aishan_officer, disabled(personas.aishan_officer), providers.home)
    services.home_bed_end(actor=personas.aishan_officer, home_bed=bed, ended_on=D(2024, 5, 1), reason="moved")
    assert refusal(
        services.home_bed_end,
        actor=personas.aishan_officer,
        home_bed=bed,
        ended_on=D(2024, 6, 1),
        reason="died",
    ) == {"__all__": [messages.ALREADY_ENDED.format(date="2024-05-01")]}


def test_another_operator_cannot_end_a_contract(personas: Personas, providers: Providers) -> None:
    bed = sign(personas.aishan_officer, disabled(personas.aishan_officer), providers.home)
    with pytest.raises(Http404):
        services.home_bed_end(
            actor=fresh(providers.op_b), home_bed=bed, ended_on=D(2024, 5, 1), reason="moved"
        )
    with pytest.raises(Http404):
        services.home_bed_end(
            actor=personas.anji_officer, home_bed=bed, ended_on=D(2024, 5, 1), reason="moved"
        )
    services.home_bed_end(actor=fresh(providers.op_a), home_bed=bed, ended_on=D(2024, 5, 1), reason="moved")


# ---- devices ----------------------------------------------------------------------------------------


def test_a_device_is_recorded_and_audited(personas: Personas, providers: Providers) -> None:
    bed = sign(personas.aishan_officer, disabled(personas.aishan_officer), providers.home)
    device = services.home_bed_device_add(
        actor=fresh(providers.op_a), home_bed=bed, kind="smoke", serial=" sm-77 ", installed_on="2024-03-05"
    )
    assert (device.kind, device.serial, device.installed_on, device.removed_on) == (
        "smoke",
        "SM-77",
        D(2024, 3, 5),
        None,
    )
    entry = AuditEntry.objects.get(action="eldercare.home_bed_device.installed")
    assert entry.after["serial"] == "SM-77" and entry.region_code == bed.region_code


@pytest.mark.parametrize(
    ("kwargs", "errors"),
    [
        (
            {"kind": "tv", "serial": "A1", "installed_on": "2024-03-05"},
            {"kind": [messages.DEVICE_KIND_INVALID]},
        ),
        ({"kind": "gas", "serial": "", "installed_on": "2024-03-05"}, {"serial": [messages.SERIAL_REQUIRED]}),
        (
            {"kind": "gas", "serial": "A 1", "installed_on": "2024-03-05"},
            {"serial": [messages.SERIAL_INVALID.format(max=40)]},
        ),
        (
            {"kind": "gas", "serial": "A1", "installed_on": "2024-02-05"},
            {"installed_on": [messages.INSTALLED_ON_RANGE.format(start="2024-03-01")]},
        ),
        (
            {"kind": "gas", "serial": "A1", "installed_on": "bad"},
            {"installed_on": [messages.INSTALLED_ON_INVALID]},
        ),
    ],
)
def test_a_bad_device_is_refused_on_its_field(
    personas: Personas, providers: Providers, kwargs, errors
) -> None:  # type: ignore[no-untyped-def]
    bed = sign(personas.aishan_officer, disabled(personas.aishan_officer), providers.home)
    assert (
        refusal(services.home_bed_device_add, actor=personas.aishan_officer, home_bed=bed, **kwargs) == errors
    )
    assert not HomeBedDevice.objects.exists()


def test_a_serial_in_use_elsewhere_and_a_device_on_an_ended_contract_are_refused(
    personas: Personas, providers: Providers
) -> None:
    one = sign(personas.aishan_officer, disabled(personas.aishan_officer), providers.home)
    two = sign(personas.aishan_officer, dibao(), providers.home)
    services.home_bed_device_add(
        actor=personas.aishan_officer, home_bed=one, kind="gas", serial="G1", installed_on=D(2024, 3, 3)
    )
    assert refusal(
        services.home_bed_device_add,
        actor=personas.aishan_officer,
        home_bed=two,
        kind="gas",
        serial="g1",
        installed_on=D(2024, 3, 3),
    ) == {"serial": [messages.SERIAL_IN_USE.format(kind="燃气泄漏报警器", serial="G1")]}
    services.home_bed_end(
        actor=personas.aishan_officer, home_bed=two, ended_on=D(2024, 4, 1), reason="withdrawn"
    )
    assert refusal(
        services.home_bed_device_add,
        actor=personas.aishan_officer,
        home_bed=two,
        kind="smoke",
        serial="S1",
        installed_on=D(2024, 3, 3),
    ) == {"__all__": [messages.DEVICE_ON_ENDED]}


def test_a_device_removed_frees_its_serial_and_is_audited(personas: Personas, providers: Providers) -> None:
    one = sign(personas.aishan_officer, disabled(personas.aishan_officer), providers.home)
    two = sign(personas.aishan_officer, dibao(), providers.home)
    device = services.home_bed_device_add(
        actor=personas.aishan_officer, home_bed=one, kind="gas", serial="G1", installed_on=D(2024, 3, 3)
    )
    removed = services.home_bed_device_remove(
        actor=fresh(providers.op_a), device=device, removed_on="2024-04-01"
    )
    assert removed.removed_on == D(2024, 4, 1)
    entry = AuditEntry.objects.get(action="eldercare.home_bed_device.removed")
    assert entry.before["removed_on"] is None and entry.after["removed_on"] == "2024-04-01"
    services.home_bed_device_add(
        actor=personas.aishan_officer, home_bed=two, kind="gas", serial="G1", installed_on=D(2024, 4, 2)
    )
    assert refusal(
        services.home_bed_device_remove,
        actor=personas.aishan_officer,
        device=device,
        removed_on=D(2024, 5, 1),
    ) == {"__all__": [messages.DEVICE_ALREADY_REMOVED.format(date="2024-04-01")]}


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", messages.REMOVED_ON_REQUIRED),
        ("2024-04-31", messages.REMOVED_ON_INVALID),
        ("2024-03-02", messages.REMOVED_ON_RANGE.format(installed="2024-03-03")),
        ("2099-01-01", messages.REMOVED_ON_RANGE.format(installed="2024-03-03")),
    ],
)
def test_a_bad_removal_day_is_refused_on_its_field(
    personas: Personas, providers: Providers, value, message
) -> None:  # type: ignore[no-untyped-def]
    bed = sign(personas.aishan_officer, disabled(personas.aishan_officer), providers.home)
    device = services.home_bed_device_add(
        actor=personas.aishan_officer, home_bed=bed, kind="gas", serial="G1", installed_on=D(2024, 3, 3)
    )
    assert refusal(
        services.home_bed_device_remove, actor=personas.aishan_officer, device=device, removed_on=value
    ) == {"removed_on": [message]}
    device.refresh_from_db()
    assert device.removed_on is None
    with pytest.raises(Http404):
        services.home_bed_device_remove(actor=fresh(providers.op_b), device=device, removed_on="2024-04-01")
