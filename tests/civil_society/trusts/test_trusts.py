"""Charitable trusts: the filing is due within 7 days of signing (day 7 on time, day 8 late), a last
day on a holiday moves to the next working day (and a make-up working Sunday does not move), a
trustee change is re-filed within 7 days, trust companies are named with a checked USCC, and the
cumulative total and its growth per year."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from minzheng.civil_society.figures.charity import charity_figures
from minzheng.civil_society.trusts import messages, selectors, services
from minzheng.civil_society.trusts.models import CharitableTrust
from minzheng.core.scope import scope_for
from tests.civil_society.charity.support import charity_make, uscc_for

pytestmark = pytest.mark.django_db


def file(actor, *, signed_on, filed_on, amount="1000000.00", **kwargs):
    values = {
        "name": "湖州共富慈善信托",
        "settlors": "湖州某某集团、张某",
        "amount": amount,
        "signed_on": signed_on,
        "filed_on": filed_on,
        "purpose": "扶贫济困、助学",
        "trustee_kind": "company",
        "trustee_name": "某某信托有限责任公司",
        "trustee_uscc": uscc_for(9001),
        **kwargs,
    }
    return services.trust_file(actor=actor, **values)


@pytest.mark.parametrize(
    ("signed", "filed", "due", "late"),
    [
        (dt.date(2024, 5, 6), dt.date(2024, 5, 13), dt.date(2024, 5, 13), False),  # day 7
        (dt.date(2024, 5, 6), dt.date(2024, 5, 14), dt.date(2024, 5, 13), True),  # day 8
        # Day 7 is 1 October (National Day): the period ends on 8 October, the next working day.
        (dt.date(2024, 9, 24), dt.date(2024, 10, 8), dt.date(2024, 10, 8), False),
        (dt.date(2024, 9, 24), dt.date(2024, 10, 9), dt.date(2024, 10, 8), True),
        # Day 7 is Sunday 29 September, a make-up working day: it does not move.
        (dt.date(2024, 9, 22), dt.date(2024, 9, 30), dt.date(2024, 9, 29), True),
    ],
)
def test_the_filing_is_due_seven_days_after_signing(personas, signed, filed, due, late) -> None:
    trust = file(personas.city_admin, signed_on=signed, filed_on=filed)
    assert (trust.due_on, trust.filed_late) == (due, late)


def test_a_trust_company_files_with_the_city_and_its_uscc_is_checked(personas) -> None:
    trust = file(personas.wuxing_officer, signed_on=dt.date(2024, 5, 6), filed_on=dt.date(2024, 5, 8))
    assert trust.region_code == "330500000000"
    bad = uscc_for(9002)[:-1] + ("0" if uscc_for(9002)[-1] != "0" else "1")
    with pytest.raises(ValidationError) as exc:
        file(
            personas.city_admin, signed_on=dt.date(2024, 5, 6), filed_on=dt.date(2024, 5, 8), trustee_uscc=bad
        )
    assert exc.value.message_dict["trustee_uscc"][0].startswith("受托人")
    assert CharitableTrust.objects.count() == 1


def test_a_charity_trustee_gives_its_region_and_must_be_a_charity_on_signing(personas) -> None:
    admin = personas.city_admin
    charity = charity_make(admin, recognized_on=dt.date(2024, 3, 1))
    trust = file(
        admin,
        signed_on=dt.date(2024, 5, 6),
        filed_on=dt.date(2024, 5, 8),
        trustee_kind="charity",
        trustee_organization=charity.pk,
    )
    assert (trust.region_code, trust.trustee_name, trust.trustee_uscc) == (
        charity.region_code,
        charity.name,
        charity.uscc,
    )
    with pytest.raises(ValidationError) as exc:
        file(
            admin,
            signed_on=dt.date(2024, 2, 1),
            filed_on=dt.date(2024, 2, 5),
            trustee_kind="charity",
            trustee_organization=charity.pk,
        )
    assert exc.value.message_dict["trustee_organization"] == [
        messages.TRUSTEE_NOT_CHARITY.format(date="2024-02-01")
    ]


def test_a_trustee_change_is_refiled_within_seven_days(personas) -> None:
    admin = personas.city_admin
    trust = file(admin, signed_on=dt.date(2023, 5, 6), filed_on=dt.date(2023, 5, 8))
    change = services.trustee_change(
        actor=admin,
        trust=trust,
        trustee_kind="company",
        trustee_name="另一信托公司",
        trustee_uscc=uscc_for(9003),
        changed_on=dt.date(2024, 5, 6),
        filed_on=dt.date(2024, 5, 14),
    )
    trust.refresh_from_db()
    assert change.filed_late and change.previous_trustee == "某某信托有限责任公司"
    assert trust.trustee_name == "另一信托公司"


def test_reports_once_a_year(personas) -> None:
    admin = personas.city_admin
    trust = file(admin, signed_on=dt.date(2023, 5, 6), filed_on=dt.date(2023, 5, 8))
    services.trust_report(
        actor=admin,
        trust=trust,
        year=2023,
        submitted_on=dt.date(2024, 3, 1),
        spending="50000",
        balance="950000",
    )
    with pytest.raises(ValidationError) as exc:
        services.trust_report(
            actor=admin, trust=trust, year=2023, submitted_on=dt.date(2024, 3, 2), spending="0", balance="0"
        )
    assert exc.value.message_dict["year"] == [messages.REPORT_EXISTS.format(year=2023)]


def test_the_cumulative_total_and_its_growth_by_year(personas) -> None:
    admin = personas.city_admin
    file(admin, signed_on=dt.date(2023, 5, 6), filed_on=dt.date(2023, 5, 8), amount="3000000.00")
    file(admin, signed_on=dt.date(2024, 5, 6), filed_on=dt.date(2024, 5, 8), amount="1000000.00")
    rows = selectors.trust_totals(user=admin, years=[2023, 2024])
    assert rows[1] == {
        "year": 2024,
        "new": Decimal("1000000.00"),
        "total": Decimal("4000000.00"),
        "growth": Decimal("33.3"),
    }
    assert rows[0]["growth"] is None  # nothing before 2023
    figures = charity_figures(scope=scope_for(admin), year=2024)
    assert (
        figures["charity.trust_new"],
        figures["charity.trust_total"],
        figures["charity.trust_growth"],
    ) == (Decimal("1000000.00"), Decimal("4000000.00"), Decimal("33.3"))
    assert charity_figures(scope=scope_for(personas.anji_officer), year=2024)["charity.trust_total"] == 0
