"""Charity recognition and the public fundraising qualification: their deadlines counted as
docs/DOMAIN.md counts periods, late decisions flagged, the one-year rule, scope and permission."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from minzheng.civil_society.charity import messages, selectors, services
from minzheng.civil_society.charity.models import CharityRecognition
from minzheng.civil_society.registry.models import Organization
from minzheng.core.models import AuditEntry
from tests.civil_society.charity.support import charity_make, org_make
from tests.personas import OTHER_COUNTY_VILLAGE

pytestmark = pytest.mark.django_db


def test_recognition_of_an_existing_organization_is_due_in_20_days_and_a_later_decision_is_flagged(
    personas,
) -> None:
    admin = personas.city_admin
    on_time = services.recognition_apply(actor=admin, organization=org_make(), applied_on=dt.date(2024, 3, 1))
    late = services.recognition_apply(actor=admin, organization=org_make(), applied_on=dt.date(2024, 3, 1))
    assert on_time.due_on == dt.date(2024, 3, 21)  # a Thursday: the 20th day after the application
    services.recognition_decide(
        actor=admin, recognition=on_time, decision="granted", decided_on=dt.date(2024, 3, 21)
    )
    services.recognition_decide(
        actor=admin, recognition=late, decision="granted", decided_on=dt.date(2024, 3, 22)
    )
    on_time.refresh_from_db()
    late.refresh_from_db()
    assert (on_time.decided_late, late.decided_late) == (False, True)
    assert AuditEntry.objects.filter(action="civil_society.charity_recognition.granted").count() == 2


def test_a_new_registration_has_30_days_and_a_last_day_on_a_sunday_moves_to_monday(personas) -> None:
    rec = services.recognition_apply(
        actor=personas.city_admin,
        organization=org_make(),
        applied_on=dt.date(2024, 3, 1),
        new_registration=True,
    )
    assert rec.due_on == dt.date(2024, 4, 1)  # the 30th day, 31 March, is a Sunday


def test_a_recognized_organization_is_a_charity_from_the_decision_date(personas) -> None:
    org = charity_make(personas.city_admin, recognized_on=dt.date(2024, 5, 20))
    assert not selectors.is_charity(org, on=dt.date(2024, 5, 19))
    assert selectors.is_charity(org, on=dt.date(2024, 5, 20))


def test_a_refusal_needs_a_reason_and_writes_nothing_without_one(personas) -> None:
    rec = services.recognition_apply(
        actor=personas.city_admin, organization=org_make(), applied_on=dt.date(2024, 3, 1)
    )
    with pytest.raises(ValidationError) as exc:
        services.recognition_decide(
            actor=personas.city_admin, recognition=rec, decision="refused", decided_on=dt.date(2024, 3, 5)
        )
    assert exc.value.message_dict["reason"] == [messages.REASON_REQUIRED]
    rec.refresh_from_db()
    assert rec.decision == CharityRecognition.Decision.PENDING


def test_a_second_application_while_one_is_pending_or_granted_is_refused(personas) -> None:
    org = charity_make(personas.city_admin)
    with pytest.raises(ValidationError) as exc:
        services.recognition_apply(
            actor=personas.city_admin, organization=org, applied_on=dt.date(2024, 3, 1)
        )
    assert "已认定为慈善组织" in exc.value.message_dict["organization"][0]


def test_community_organizations_cannot_be_recognized(personas) -> None:
    org = org_make(kind=Organization.Kind.COMMUNITY)
    with pytest.raises(ValidationError) as exc:
        services.recognition_apply(
            actor=personas.city_admin, organization=org, applied_on=dt.date(2024, 3, 1)
        )
    assert exc.value.message_dict["organization"] == [messages.ORGANIZATION_COMMUNITY]


def test_the_fundraising_qualification_is_refused_before_one_year_of_registration(personas) -> None:
    admin = personas.city_admin
    org = charity_make(admin, registered_on=dt.date(2023, 3, 15), recognized_on=dt.date(2023, 6, 1))
    with pytest.raises(ValidationError) as exc:
        services.qualification_apply(actor=admin, organization=org, applied_on=dt.date(2024, 3, 14))
    assert exc.value.message_dict["applied_on"] == [
        messages.QUALIFICATION_TOO_EARLY.format(date="2023-03-15", first="2024-03-15")
    ]
    qual = services.qualification_apply(actor=admin, organization=org, applied_on=dt.date(2024, 3, 15))
    assert qual.due_on == dt.date(2024, 4, 7)  # 20 days on is 4 April (清明); the next working day is 7 April
    services.qualification_decide(
        actor=admin, qualification=qual, decision="granted", decided_on=dt.date(2024, 4, 8)
    )
    qual.refresh_from_db()
    assert qual.decided_late
    assert selectors.holds_qualification(org, on=dt.date(2024, 4, 8))


def test_only_a_charity_may_apply_for_the_qualification(personas) -> None:
    with pytest.raises(ValidationError) as exc:
        services.qualification_apply(
            actor=personas.city_admin, organization=org_make(), applied_on=dt.date(2024, 3, 1)
        )
    assert exc.value.message_dict["organization"] == [messages.NOT_CHARITY]


def test_an_organization_outside_the_officers_county_answers_404(personas) -> None:
    org = org_make(region_code=OTHER_COUNTY_VILLAGE)
    with pytest.raises(Http404):
        services.recognition_apply(
            actor=personas.wuxing_officer, organization=org, applied_on=dt.date(2024, 3, 1)
        )
    services.recognition_apply(actor=personas.anji_officer, organization=org, applied_on=dt.date(2024, 3, 1))


def test_a_township_officer_may_not_recognize(personas) -> None:
    with pytest.raises(PermissionDenied):
        services.recognition_apply(
            actor=personas.aishan_officer, organization=org_make(), applied_on=dt.date(2024, 3, 1)
        )


def test_withdrawing_ends_the_charity_after_the_day(personas) -> None:
    admin = personas.city_admin
    org = charity_make(admin, recognized_on=dt.date(2020, 1, 10))
    rec = CharityRecognition.objects.get(organization=org)
    services.recognition_withdraw(
        actor=admin, recognition=rec, withdrawn_on=dt.date(2024, 6, 30), reason="注销登记"
    )
    assert selectors.is_charity(org, on=dt.date(2024, 6, 29))
    assert not selectors.is_charity(org, on=dt.date(2024, 6, 30))


def test_accounts_are_recorded_once_a_year_and_checked_in_the_list(personas) -> None:
    admin = personas.city_admin
    org = charity_make(admin)
    amounts = {
        "net_assets_prev_year": "12000000",
        "income_prev_year": "3000000",
        "income_avg_3y": "2500000",
        "charity_spending": "700000",
        "management_costs": "120000",
    }
    services.accounts_record(actor=admin, organization=org, year=2024, public_fundraising=False, **amounts)
    with pytest.raises(ValidationError) as exc:
        services.accounts_record(
            actor=admin, organization=org, year=2024, public_fundraising=False, **amounts
        )
    assert exc.value.message_dict["year"] == [messages.ACCOUNTS_EXIST.format(year=2024)]
    with pytest.raises(ValidationError) as exc:
        services.accounts_record(
            actor=admin,
            organization=org,
            year=2023,
            public_fundraising=False,
            **{**amounts, "management_costs": "-1"},
        )
    assert exc.value.message_dict["management_costs"] == [
        messages.AMOUNT_NEGATIVE.format(field="年度管理费用")
    ]
    rows = selectors.spending_checks(user=admin, year=2024)
    assert len(rows) == 1
    # 6% of 12,000,000 is 720,000; 120,000 of 820,000 is 14.63%, over 13%.
    assert rows[0].check.required_spending == 720_000 and not rows[0].check.spending_ok
    assert not rows[0].check.management_ok and len(rows[0].check.findings) == 2
    assert selectors.spending_checks(user=personas.anji_officer, year=2024) == []
