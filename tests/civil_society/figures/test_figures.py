"""The civil-society figures: each ``orgs.*`` key counted from the records (cleanup decisions of the
year with 撤销/吊销/注销 only, funded venture projects and their amounts, awards by kind), the
charity keys shown as — until the charity sub-domain gives them, scoping, the page and the API."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from minzheng.civil_society.dormancy import services as cleanup
from minzheng.civil_society.figures.selectors import civil_society_figures
from minzheng.civil_society.venture import services as venture
from tests.civil_society.conftest import adult, make_org

pytestmark = pytest.mark.django_db


def decided(officer, org, decision, day, **extra):
    case = cleanup.cleanup_case_file(
        actor=officer, organization=org, filed_on=day - dt.timedelta(days=90), reasons="僵尸"
    )
    case = cleanup.cleanup_case_notice(actor=officer, case=case, noticed_on=day - dt.timedelta(days=80))
    return cleanup.cleanup_case_decide(actor=officer, case=case, decision=decision, decided_on=day, **extra)


@pytest.fixture
def records(personas):
    officer = personas.wuxing_officer
    for decision in ("revoke", "withdraw", "deregister"):
        decided(officer, make_org(officer), decision, dt.date(2024, 6, 1))
    decided(officer, make_org(officer), "rectify", dt.date(2024, 6, 1), rectify_by=dt.date(2024, 9, 1))
    decided(officer, make_org(officer), "revoke", dt.date(2023, 12, 31))
    rnd = venture.venture_round_create(
        actor=personas.city_admin, year=2024, name="2024年公益创投", budget="1000000"
    )
    org = make_org(officer)
    apps = [
        venture.venture_apply(
            actor=officer,
            venture_round=rnd,
            organization=org,
            project=f"项目{i}",
            budget_total="100000",
            requested="80000",
        )
        for i in range(3)
    ]
    for application in apps:
        venture.venture_review_add(actor=officer, application=application, score="88")
    venture.venture_round_notice(actor=officer, venture_round=rnd, noticed_on=dt.date(2024, 4, 1))
    venture.venture_fund(actor=officer, application=apps[0], amount="80000", funded_on=dt.date(2024, 5, 1))
    venture.venture_fund(actor=officer, application=apps[1], amount="50000.50", funded_on=dt.date(2024, 5, 1))
    venture.venture_reject(actor=officer, application=apps[2])
    person, _ = adult()
    venture.award_add(
        actor=officer, organization=org, kind="leader", year=2024, level="provincial", person=person
    )
    venture.award_add(actor=officer, organization=org, kind="brand", year=2024, level="provincial")
    venture.award_add(actor=officer, organization=org, kind="integrity", year=2024, level="provincial")
    venture.award_add(actor=officer, organization=org, kind="typical_case", year=2023, level="provincial")
    return org


def test_the_orgs_figures_are_counted_from_the_records(personas, records):
    values = civil_society_figures(actor=personas.wuxing_officer, year=2024)
    assert values["orgs.zombie_cleaned"] == 3
    assert values["orgs.venture_projects"] == 2
    assert values["orgs.venture_funding"] == Decimal("130000.50")
    assert (
        values["orgs.brand_orgs_new"],
        values["orgs.leaders_new"],
        values["orgs.integrity_examples"],
        values["orgs.typical_cases"],
    ) == (1, 1, 1, 0)
    assert "charity.orgs_new" in values


def test_the_figures_stay_in_scope(personas, records):
    values = civil_society_figures(actor=personas.anji_officer, year=2024)
    assert values["orgs.zombie_cleaned"] == 0 and values["orgs.venture_projects"] == 0


def test_the_page_and_the_api(personas, login, api, records):
    page = login(personas.wuxing_officer).get("/civil-society/figures/?year=2024").content.decode()
    assert "清理“僵尸型”社会组织" in page
    body = api(personas.wuxing_officer).get("/api/civil-society/figures/?year=2024").json()
    assert body["orgs"]["zombie_cleaned"] == 3 and body["orgs"]["venture_funding"] == "130000.50"
    assert api(personas.wuxing_officer).get("/api/civil-society/figures/?year=abc").status_code == 400
    assert api(personas.village_worker).get("/api/civil-society/figures/?year=2024").status_code == 403
