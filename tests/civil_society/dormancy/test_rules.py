"""The four dormancy criteria (2021 campaign), each firing and not firing, with their Chinese reasons."""

from __future__ import annotations

import datetime as dt

import pytest

from minzheng.civil_society.dormancy import rules
from minzheng.civil_society.registry import services as registry
from tests.civil_society.conftest import make_org

pytestmark = pytest.mark.django_db
DAY = dt.date(2024, 7, 1)  # 2023's reports were due by 31 May 2024


def found(user, org, day=DAY):
    by_org = {c.organization.pk: c for c in rules.dormancy_candidates(user=user, day=day)}
    return by_org[org.pk].rules if org.pk in by_org else []


def event(actor, org, day, within=True):
    registry.signal_record(actor=actor, organization=org, kind="event", occurred_on=day, within_scope=within)


def report(actor, org, year):
    registry.annual_report_record(
        actor=actor, organization=org, year=year, submitted_on=dt.date(year + 1, 3, 1)
    )


@pytest.fixture
def officer(personas):
    return personas.wuxing_officer


@pytest.fixture
def lively(officer):
    """Registered 2019, active every year, reports in: meets no rule."""
    org = make_org(officer, registered_on=dt.date(2019, 4, 1))
    event(officer, org, dt.date(2019, 9, 1))
    event(officer, org, dt.date(2024, 1, 10))
    for year in (2019, 2020, 2021, 2022, 2023):
        report(officer, org, year)
    return org


def test_a_lively_organization_is_no_candidate(officer, lively):
    assert found(officer, lively) == []


def test_missed_annual_inspection_two_years_running(officer, lively):
    org = make_org(officer, registered_on=dt.date(2019, 4, 1))
    event(officer, org, dt.date(2019, 9, 1))
    event(officer, org, dt.date(2024, 1, 10))
    report(officer, org, 2021)
    assert found(officer, org) == ["missed"]
    candidate = next(c for c in rules.dormancy_candidates(user=officer, day=DAY) if c.organization == org)
    assert candidate.reasons == ["连续两年（2022、2023年度）未参加年检（未报送年度报告）"]


def test_one_missed_year_is_not_enough(officer):
    org = make_org(officer, registered_on=dt.date(2019, 4, 1))
    event(officer, org, dt.date(2019, 9, 1))
    event(officer, org, dt.date(2024, 1, 10))
    report(officer, org, 2022)
    assert "missed" not in found(officer, org)


def test_no_activity_within_a_year_of_registration(officer):
    org = make_org(officer, registered_on=dt.date(2023, 6, 1))
    assert "no_start" not in found(officer, org, dt.date(2024, 5, 31))
    assert "no_start" in found(officer, org, dt.date(2024, 6, 1))


def test_an_activity_in_the_first_year_counts(officer):
    org = make_org(officer, registered_on=dt.date(2023, 6, 1))
    event(officer, org, dt.date(2024, 5, 30))
    assert "no_start" not in found(officer, org, dt.date(2024, 6, 1))


def test_no_activity_within_scope_for_two_years(officer, lively):
    org = make_org(officer, registered_on=dt.date(2019, 4, 1))
    event(officer, org, dt.date(2019, 9, 1))
    event(officer, org, dt.date(2023, 1, 10), within=False)  # outside the charter's scope
    for year in (2019, 2020, 2021, 2022, 2023):
        report(officer, org, year)
    assert found(officer, org) == ["no_scope"]
    event(officer, org, dt.date(2022, 7, 2))
    assert found(officer, org) == []


def test_uncontactable_at_the_address_and_through_the_legal_representative(officer, lively):
    registry.signal_record(
        actor=officer, organization=lively, kind="letter", occurred_on=dt.date(2024, 3, 1), outcome="returned"
    )
    assert found(officer, lively) == []  # the letter alone: the representative not yet tried
    registry.signal_record(
        actor=officer, organization=lively, kind="call", occurred_on=dt.date(2024, 3, 5), outcome="unreached"
    )
    assert found(officer, lively) == ["uncontactable"]
    registry.signal_record(
        actor=officer, organization=lively, kind="call", occurred_on=dt.date(2024, 4, 5), outcome="reached"
    )
    assert found(officer, lively) == []


def test_candidates_stay_in_scope(personas, officer):
    org = make_org(officer, registered_on=dt.date(2019, 4, 1))
    assert found(officer, org)
    assert found(personas.anji_officer, org) == []
