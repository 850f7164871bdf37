"""The demo's registry of marriages (``minzheng.demo.marriage``) on a small city: the rules hold on
it (no one married twice, ages at registration, divorces inside their windows), certificate numbers
run without gaps in each series, some divorces are in the cooling-off now, and a second build
writes nothing."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

import pytest
from django.db import transaction
from django.db.models import Count, Q

from minzheng.demo import facilities
from minzheng.demo import marriage as demo
from minzheng.demo.build import demo_build
from minzheng.marriage.registrations.models import (
    Certificate,
    CertificateCounter,
    DivorceApplication,
    MaritalStatus,
    Marriage,
)
from minzheng.marriage.rules.ages import age_on
from minzheng.marriage.rules.timeline import divorce_timeline
from tests.demo.conftest import SEED

SCALE = 0.01
TODAY = dt.date(2026, 12, 6)


@pytest.fixture(scope="module")
def _built(django_db_setup, django_db_blocker):  # type: ignore[no-untyped-def]
    with django_db_blocker.unblock(), transaction.atomic():
        demo_build(seed=SEED, scale=SCALE, progress=False)
        facilities.demo_facilities_build(seed=SEED, scale=SCALE)
        yield demo.demo_marriage_build(seed=SEED, scale=SCALE, today=TODAY)
        transaction.set_rollback(True)


@pytest.fixture
def built(_built, db):  # type: ignore[no-untyped-def]
    return _built


def test_the_year_has_its_scaled_marriages_and_divorces(built) -> None:
    assert built["marriages"] == demo.scaled(demo.MARRIAGES, SCALE)
    assert built["divorces_registered"] == demo.scaled(demo.DIVORCES, SCALE)
    assert built["divorces_pending"] > 0 and built["couples_married_before"] > 0
    registered = Marriage.objects.filter(source="registered")
    assert registered.count() == built["marriages"]
    assert not registered.filter(Q(registered_on__gt=TODAY) | Q(registered_on__lte=TODAY - dt.timedelta(days=365)))


def test_nobody_is_married_to_two_people(built) -> None:
    valid = Marriage.objects.filter(status="valid")
    for field in ("husband", "wife"):
        assert not valid.values(field).annotate(n=Count("id")).filter(n__gt=1).exists()
    married = MaritalStatus.objects.filter(status="married")
    assert not married.values("spouse").annotate(n=Count("id")).filter(n__gt=1).exists()
    # Each married status names a spouse whose own status names them back (or who is widowed... never both).
    pairs = dict(married.values_list("person_id", "spouse_id"))
    assert all(pairs.get(spouse) == person for person, spouse in pairs.items() if spouse in pairs)


def test_ages_at_registration_obey_the_law(built) -> None:
    for m in Marriage.objects.select_related("husband", "wife"):
        assert age_on(m.husband.birth_date, m.registered_on) == m.husband_age >= 22
        assert age_on(m.wife.birth_date, m.registered_on) == m.wife_age >= 20
        assert m.husband.gender == "M" and m.wife.gender == "F"


def test_certificate_numbers_run_without_gaps_up_to_the_counters(built) -> None:
    series: dict[tuple[int, int, str], list[int]] = defaultdict(list)
    for office, year, kind, serial in Certificate.objects.values_list("office_id", "year", "kind", "serial"):
        series[(office, year, kind)].append(serial)
    assert series
    for key, serials in series.items():
        assert sorted(serials) == list(range(1, len(serials) + 1)), key
        assert CertificateCounter.objects.get(office_id=key[0], year=key[1], kind=key[2]).last == len(serials)


def test_divorces_follow_their_timelines(built) -> None:
    for d in DivorceApplication.objects.all():
        timeline = divorce_timeline(d.applied_on)
        assert (d.cooling_off_ends, d.appear_by) == (timeline.cooling_off_ends, timeline.appear_by)
        if d.status == "registered":
            assert d.cooling_off_ends < d.closed_on <= d.appear_by and d.closed_on <= TODAY
        elif d.status == "pending":
            assert d.appear_by >= TODAY
        elif d.status == "withdrawn":
            assert d.closed_on <= d.cooling_off_ends
        elif d.status == "lapsed":
            assert d.closed_on == d.appear_by + dt.timedelta(days=1) <= TODAY
    divorced = Marriage.objects.filter(status="divorced")
    assert divorced.count() == DivorceApplication.objects.filter(status="registered").count()
    assert not MaritalStatus.objects.filter(status="divorced").exclude(
        person__in=divorced.values("husband")).exclude(person__in=divorced.values("wife")).exists()


def test_a_second_build_writes_nothing(built) -> None:
    before = Marriage.objects.count()
    assert demo.demo_marriage_build(seed=SEED, scale=SCALE, today=TODAY) == {}
    assert Marriage.objects.count() == before
