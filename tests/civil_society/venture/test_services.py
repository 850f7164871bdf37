"""Venture philanthropy: the caps (20万 registered, 3万 filed community), eligibility (not on either
list, not revoked), reviews and their average, public notice, funding within request, cap and
budget, outcomes; awards."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from minzheng.civil_society.credit.services import credit_entry_enter
from minzheng.civil_society.registry import messages
from minzheng.civil_society.venture import selectors, services
from minzheng.civil_society.venture.models import OrgAward
from tests.civil_society.conftest import adult, make_org

pytestmark = pytest.mark.django_db


@pytest.fixture
def venture_round(personas):
    return services.venture_round_create(
        actor=personas.city_admin, year=2024, name="2024年湖州市公益创投", budget="300000"
    )


def apply(officer, venture_round, org, requested="150000", budget="180000", project="助老服务项目"):
    return services.venture_apply(
        actor=officer,
        venture_round=venture_round,
        organization=org,
        project=project,
        budget_total=budget,
        requested=requested,
    )


def test_a_registered_organization_may_ask_up_to_200000(personas, venture_round, org):
    officer = personas.wuxing_officer
    with pytest.raises(ValidationError) as exc:
        apply(officer, venture_round, org, requested="200000.01", budget="300000")
    assert exc.value.message_dict["requested"] == [
        messages.APP_REQUEST_CAP.format(kind="社会团体", cap="200,000")
    ]
    assert apply(officer, venture_round, org, requested="200000", budget="300000").requested == Decimal(
        "200000.00"
    )


def test_a_community_organization_may_ask_up_to_30000(personas, venture_round):
    community = make_org(personas.aishan_officer, kind="community", uscc="")
    officer = personas.wuxing_officer
    with pytest.raises(ValidationError) as exc:
        apply(officer, venture_round, community, requested="30000.01", budget="40000")
    assert "requested" in exc.value.message_dict
    apply(officer, venture_round, community, requested="30000", budget="40000")


def test_an_organization_on_a_list_is_not_eligible(personas, venture_round, org):
    officer = personas.wuxing_officer
    credit_entry_enter(
        actor=officer, organization=org, list="abnormal", reason="correction", entered_on=dt.date(2024, 1, 5)
    )
    with pytest.raises(ValidationError) as exc:
        apply(officer, venture_round, org)
    assert exc.value.message_dict["organization"] == [
        messages.APP_INELIGIBLE_LIST.format(list="活动异常名录")
    ]


def test_the_request_may_not_exceed_the_budget(personas, venture_round, org):
    with pytest.raises(ValidationError) as exc:
        apply(personas.wuxing_officer, venture_round, org, requested="100000", budget="90000")
    assert "requested" in exc.value.message_dict


def test_reviews_average_then_notice_then_funding(personas, venture_round, org):
    officer = personas.wuxing_officer
    application = apply(officer, venture_round, org)
    services.venture_review_add(actor=officer, application=application, score="80")
    services.venture_review_add(actor=personas.city_admin, application=application, score="91")
    with pytest.raises(ValidationError) as exc:
        services.venture_review_add(actor=officer, application=application, score="70")
    assert exc.value.message_dict["score"] == [messages.REVIEW_TWICE]
    assert selectors.application_get(user=officer, pk=application.pk).avg_score == Decimal("85.5")
    with pytest.raises(ValidationError) as exc:
        services.venture_fund(
            actor=officer, application=application, amount="100000", funded_on=dt.date(2024, 5, 1)
        )
    assert exc.value.message_dict["round"] == [messages.FUND_NOT_NOTICED]
    services.venture_round_notice(
        actor=personas.city_admin, venture_round=venture_round, noticed_on=dt.date(2024, 4, 20)
    )
    with pytest.raises(ValidationError) as exc:
        services.venture_fund(
            actor=officer, application=application, amount="150000.01", funded_on=dt.date(2024, 5, 1)
        )
    assert "amount" in exc.value.message_dict
    funded = services.venture_fund(
        actor=officer, application=application, amount="150000", funded_on=dt.date(2024, 5, 1)
    )
    assert funded.status == "funded"
    services.venture_outcome_record(
        actor=officer, application=funded, outcome="good", outcome_note="服务老人1200人次"
    )


def test_funding_stays_within_the_round_budget(personas, venture_round, org):
    officer = personas.wuxing_officer
    first = apply(officer, venture_round, org, requested="200000", budget="200000", project="甲")
    second = apply(officer, venture_round, org, requested="200000", budget="200000", project="乙")
    for application in (first, second):
        services.venture_review_add(actor=officer, application=application, score="90")
    services.venture_round_notice(actor=officer, venture_round=venture_round, noticed_on=dt.date(2024, 4, 20))
    services.venture_fund(actor=officer, application=first, amount="200000", funded_on=dt.date(2024, 5, 1))
    with pytest.raises(ValidationError) as exc:
        services.venture_fund(
            actor=officer, application=second, amount="100000.01", funded_on=dt.date(2024, 5, 1)
        )
    assert exc.value.message_dict["amount"] == [
        messages.FUND_BUDGET_EXCEEDED.format(left=Decimal("100000.00"))
    ]


def test_applications_close_at_the_notice(personas, venture_round, org):
    services.venture_round_notice(
        actor=personas.city_admin, venture_round=venture_round, noticed_on=dt.date(2024, 4, 20)
    )
    with pytest.raises(ValidationError) as exc:
        apply(personas.wuxing_officer, venture_round, org)
    assert exc.value.message_dict["round"] == [messages.APP_NOT_OPEN]


def test_a_leader_award_names_a_person_and_others_do_not(personas, org):
    officer = personas.wuxing_officer
    with pytest.raises(ValidationError):
        services.award_add(actor=officer, organization=org, kind="leader", year=2024, level="provincial")
    person, _ = adult()
    services.award_add(
        actor=officer, organization=org, kind="leader", year=2024, level="provincial", person=person
    )
    services.award_add(actor=officer, organization=org, kind="integrity", year=2024, level="provincial")
    with pytest.raises(ValidationError):
        services.award_add(
            actor=officer, organization=org, kind="brand", year=2024, level="provincial", person=person
        )
    assert OrgAward.objects.count() == 2
