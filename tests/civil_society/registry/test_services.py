"""The registry's writes: registering the three types and filed community organizations, the USCC
check (python-stdnum), the funds minimums, who may register what, annual reports with their
deadlines and late flags, the missing-report finding, and activity signals."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from minzheng.civil_society.registry import messages, selectors, services
from minzheng.civil_society.registry.models import AnnualReport, Organization
from minzheng.core.models import AuditEntry
from minzheng.facilities import messages as facility_messages
from tests.civil_society.conftest import address_in, make_org, org_values, uscc_for, wrong_check
from tests.personas import OTHER_COUNTY_VILLAGE

pytestmark = pytest.mark.django_db


def test_county_officer_registers_an_association_with_an_audit_entry(personas):
    org = make_org(personas.wuxing_officer, name="湖州市志愿者协会")
    assert org.status == Organization.Status.ACTIVE
    assert org.authority_code == "330502000000"
    assert org.region_code == org.address.region_code
    entry = AuditEntry.objects.get(action="civil_society.organization.registered")
    assert entry.object_id == str(org.pk)


def test_a_wrong_uscc_check_character_is_refused_in_chinese(personas):
    with pytest.raises(ValidationError) as exc:
        make_org(personas.wuxing_officer, uscc=wrong_check(uscc_for(77)))
    assert exc.value.message_dict["uscc"] == [facility_messages.OPERATOR_USCC_CHECKSUM]
    assert not Organization.objects.exists()


def test_a_taken_uscc_is_refused(personas):
    code = uscc_for(5)
    make_org(personas.wuxing_officer, uscc=code, name="甲")
    with pytest.raises(ValidationError) as exc:
        make_org(personas.wuxing_officer, uscc=code, name="乙")
    assert "uscc" in exc.value.message_dict


def test_an_association_needs_thirty_thousand_yuan(personas):
    with pytest.raises(ValidationError) as exc:
        make_org(personas.wuxing_officer, funds=Decimal("29999.99"))
    assert exc.value.message_dict["funds"] == [messages.FUNDS_ASSOCIATION]
    assert make_org(personas.wuxing_officer, funds=Decimal("30000")).funds == Decimal("30000.00")


@pytest.mark.parametrize(
    ("kind", "minimum"),
    [("national_public", "8000000"), ("local_public", "4000000"), ("non_public", "2000000")],
)
def test_a_foundation_needs_the_minimum_of_its_kind(personas, kind, minimum):
    low = Decimal(minimum) - Decimal("0.01")
    with pytest.raises(ValidationError) as exc:
        make_org(personas.wuxing_officer, kind="foundation", foundation_kind=kind, funds=low)
    assert "funds" in exc.value.message_dict
    org = make_org(personas.wuxing_officer, kind="foundation", foundation_kind=kind, funds=Decimal(minimum))
    assert org.foundation_kind == kind


def test_a_foundation_must_say_its_kind(personas):
    with pytest.raises(ValidationError) as exc:
        make_org(personas.wuxing_officer, kind="foundation", funds=Decimal("9000000"))
    assert exc.value.message_dict["foundation_kind"] == [messages.FOUNDATION_KIND_REQUIRED]


def test_a_township_files_a_community_organization_without_uscc(personas):
    org = make_org(personas.aishan_officer, kind="community", uscc="", funds=Decimal("0"))
    assert org.uscc == "" and org.authority_code == "330502003000"


def test_a_township_cannot_register_an_association(personas):
    with pytest.raises(PermissionDenied):
        make_org(personas.aishan_officer)


def test_a_community_organization_has_no_uscc(personas):
    with pytest.raises(ValidationError) as exc:
        make_org(personas.aishan_officer, kind="community", uscc=uscc_for(9))
    assert exc.value.message_dict["uscc"] == [messages.USCC_NOT_FOR_COMMUNITY]


def test_an_address_outside_the_scope_is_refused_on_its_field(personas):
    with pytest.raises(ValidationError) as exc:
        make_org(personas.wuxing_officer, address=address_in(OTHER_COUNTY_VILLAGE))
    assert exc.value.message_dict["address"] == [messages.ADDRESS_NOT_FOUND]


def test_a_minor_cannot_be_legal_representative(personas):
    from tests.assistance.factories import person_born

    child, _ = person_born(dt.date.today().replace(year=dt.date.today().year - 10))
    with pytest.raises(ValidationError) as exc:
        make_org(personas.wuxing_officer, legal_representative=child)
    assert "legal_representative" in exc.value.message_dict


def test_every_fault_is_named_at_once(personas):
    values = org_values(name="", scope="", funds="-1", registered_on="2019-13-01")
    with pytest.raises(ValidationError) as exc:
        services.organization_create(actor=personas.wuxing_officer, **values)
    assert {"name", "scope", "funds", "registered_on"} <= set(exc.value.message_dict)


def test_another_county_cannot_edit_it(personas, org):
    with pytest.raises(Http404):
        services.organization_update(actor=personas.anji_officer, organization=org, **org_values())


def test_annual_report_after_the_deadline_is_late(personas, org):
    on_time = services.annual_report_record(
        actor=personas.wuxing_officer, organization=org, year=2022, submitted_on=dt.date(2023, 5, 31)
    )
    late = services.annual_report_record(
        actor=personas.wuxing_officer, organization=org, year=2023, submitted_on=dt.date(2024, 6, 1)
    )
    assert (on_time.late, late.late) == (False, True)
    assert on_time.due_on == dt.date(2023, 5, 31)


def test_a_foundation_report_is_due_on_31_march(personas):
    org = make_org(
        personas.wuxing_officer, kind="foundation", foundation_kind="non_public", funds=Decimal("2000000")
    )
    report = services.annual_report_record(
        actor=personas.wuxing_officer, organization=org, year=2023, submitted_on=dt.date(2024, 4, 1)
    )
    assert report.due_on == dt.date(2024, 3, 31) and report.late


def test_a_second_report_for_a_year_is_refused(personas, org):
    services.annual_report_record(
        actor=personas.wuxing_officer, organization=org, year=2022, submitted_on=dt.date(2023, 3, 1)
    )
    with pytest.raises(ValidationError) as exc:
        services.annual_report_record(
            actor=personas.wuxing_officer, organization=org, year=2022, submitted_on=dt.date(2023, 3, 2)
        )
    assert exc.value.message_dict["year"] == [messages.REPORT_EXISTS.format(year=2022)]
    assert AnnualReport.objects.count() == 1


def test_a_missing_report_after_the_deadline_is_a_finding(personas, org):
    assert (
        list(selectors.reports_missing(user=personas.wuxing_officer, year=2022, day=dt.date(2023, 5, 31)))
        == []
    )
    assert list(
        selectors.reports_missing(user=personas.wuxing_officer, year=2022, day=dt.date(2023, 6, 1))
    ) == [org]
    services.annual_report_record(
        actor=personas.wuxing_officer, organization=org, year=2022, submitted_on=dt.date(2023, 6, 10)
    )
    assert (
        list(selectors.reports_missing(user=personas.wuxing_officer, year=2022, day=dt.date(2023, 7, 1)))
        == []
    )


def test_a_letter_needs_its_outcome_and_an_event_has_none(personas, org):
    with pytest.raises(ValidationError) as exc:
        services.signal_record(
            actor=personas.wuxing_officer, organization=org, kind="letter", occurred_on=dt.date(2024, 1, 5)
        )
    assert "outcome" in exc.value.message_dict
    with pytest.raises(ValidationError):
        services.signal_record(
            actor=personas.wuxing_officer,
            organization=org,
            kind="event",
            occurred_on=dt.date(2024, 1, 5),
            outcome="signed",
        )
    signal = services.signal_record(
        actor=personas.wuxing_officer,
        organization=org,
        kind="letter",
        occurred_on=dt.date(2024, 1, 5),
        outcome="returned",
    )
    assert signal.region_code == org.region_code
