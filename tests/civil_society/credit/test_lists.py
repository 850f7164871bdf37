"""The credit lists: entry for a late annual report and for being uncontactable (two unsigned
registered letters 20–60 days apart), the move to the serious list after 2 years on the abnormal
list (both sides of the day), coming off after 2 clean years and on correction, and the status
that follows."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from minzheng.civil_society.credit import services
from minzheng.civil_society.credit.models import CreditEntry
from minzheng.civil_society.registry import messages
from minzheng.civil_society.registry import services as registry
from minzheng.civil_society.registry.models import Organization
from minzheng.core.models import AuditEntry
from tests.civil_society.conftest import make_org

pytestmark = pytest.mark.django_db


def reports(actor, org, *years):
    for year in years:
        registry.annual_report_record(
            actor=actor, organization=org, year=year, submitted_on=dt.date(year + 1, 3, 1)
        )


def open_entries(org):
    return list(
        CreditEntry.objects.filter(organization=org, removed_on__isnull=True).values_list("list", "reason")
    )


def test_no_report_after_the_deadline_enters_the_abnormal_list(personas, org):
    officer = personas.wuxing_officer
    reports(officer, org, 2019, 2020, 2021, 2022)
    assert services.credit_lists_apply(actor=officer, as_of=dt.date(2024, 5, 31))["late_report"] == 0
    counts = services.credit_lists_apply(actor=officer, as_of=dt.date(2024, 6, 1))
    assert counts["late_report"] == 1
    assert open_entries(org) == [("abnormal", "late_report")]
    org.refresh_from_db()
    assert org.status == Organization.Status.ABNORMAL and org.status_since == dt.date(2024, 6, 1)
    assert AuditEntry.objects.filter(action="civil_society.credit_lists.applied").count() == 2


def test_the_run_is_idempotent(personas, org):
    services.credit_lists_apply(actor=personas.wuxing_officer, as_of=dt.date(2024, 6, 1))
    again = services.credit_lists_apply(actor=personas.wuxing_officer, as_of=dt.date(2024, 6, 1))
    assert again == {
        "late_report": 0,
        "uncontactable": 0,
        "to_serious": 0,
        "serious_removed": 0,
        "status_changed": 0,
    }
    assert CreditEntry.objects.count() == 1


@pytest.mark.parametrize(("gap", "listed"), [(19, False), (20, True), (60, True), (61, False)])
def test_two_unsigned_letters_20_to_60_days_apart_make_it_uncontactable(personas, org, gap, listed):
    officer = personas.wuxing_officer
    reports(officer, org, 2019, 2020, 2021, 2022, 2023)
    first = dt.date(2024, 3, 1)
    registry.signal_record(
        actor=officer, organization=org, kind="letter", occurred_on=first, outcome="unsigned"
    )
    registry.signal_record(
        actor=officer,
        organization=org,
        kind="letter",
        occurred_on=first + dt.timedelta(days=gap),
        outcome="returned",
    )
    counts = services.credit_lists_apply(actor=officer, as_of=dt.date(2024, 6, 1))
    assert counts["uncontactable"] == int(listed)
    assert open_entries(org) == ([("abnormal", "uncontactable")] if listed else [])


def test_a_signed_letter_between_them_means_it_can_be_reached(personas, org):
    officer = personas.wuxing_officer
    reports(officer, org, 2019, 2020, 2021, 2022, 2023)
    registry.signal_record(
        actor=officer, organization=org, kind="letter", occurred_on=dt.date(2024, 3, 1), outcome="unsigned"
    )
    registry.signal_record(
        actor=officer, organization=org, kind="letter", occurred_on=dt.date(2024, 3, 10), outcome="signed"
    )
    registry.signal_record(
        actor=officer, organization=org, kind="letter", occurred_on=dt.date(2024, 4, 1), outcome="unsigned"
    )
    assert services.credit_lists_apply(actor=officer, as_of=dt.date(2024, 6, 1))["uncontactable"] == 0


@pytest.mark.parametrize(("as_of", "moved"), [(dt.date(2024, 3, 9), False), (dt.date(2024, 3, 10), True)])
def test_two_years_on_the_abnormal_list_moves_it_to_the_serious_list(personas, org, as_of, moved):
    officer = personas.wuxing_officer
    reports(officer, org, 2019, 2020, 2021, 2022)
    services.credit_entry_enter(
        actor=officer, organization=org, list="abnormal", reason="correction", entered_on=dt.date(2022, 3, 10)
    )
    counts = services.credit_lists_apply(actor=officer, as_of=as_of)
    assert counts["to_serious"] == int(moved)
    org.refresh_from_db()
    if moved:
        assert open_entries(org) == [("serious", "two_years")]
        closed = CreditEntry.objects.get(organization=org, list="abnormal")
        assert closed.removed_on == as_of and closed.removal_reason == messages.MOVED_TO_SERIOUS
        assert org.status == Organization.Status.SERIOUS
    else:
        assert open_entries(org) == [("abnormal", "correction")]
        assert org.status == Organization.Status.ABNORMAL


@pytest.mark.parametrize(("as_of", "off"), [(dt.date(2026, 3, 9), False), (dt.date(2026, 3, 10), True)])
def test_two_clean_years_take_it_off_the_serious_list(personas, org, as_of, off):
    officer = personas.wuxing_officer
    reports(officer, org, 2019, 2020, 2021, 2022, 2023, 2024, 2025)
    services.credit_entry_enter(
        actor=officer, organization=org, list="serious", reason="fraud", entered_on=dt.date(2024, 3, 10)
    )
    counts = services.credit_lists_apply(actor=officer, as_of=as_of)
    assert counts["serious_removed"] == int(off)
    org.refresh_from_db()
    assert org.status == (Organization.Status.ACTIVE if off else Organization.Status.SERIOUS)


def test_a_later_entry_means_the_years_were_not_clean(personas, org):
    officer = personas.wuxing_officer
    reports(officer, org, 2019, 2020, 2021, 2022, 2023, 2024, 2025)
    services.credit_entry_enter(
        actor=officer, organization=org, list="serious", reason="fraud", entered_on=dt.date(2024, 3, 10)
    )
    services.credit_entry_enter(
        actor=officer, organization=org, list="abnormal", reason="correction", entered_on=dt.date(2025, 1, 10)
    )
    assert services.credit_lists_apply(actor=officer, as_of=dt.date(2026, 3, 10))["serious_removed"] == 0


def test_removal_on_correction_restores_the_status(personas, org):
    officer = personas.wuxing_officer
    entry = services.credit_entry_enter(
        actor=officer, organization=org, list="abnormal", reason="late_report", entered_on=dt.date(2024, 6, 1)
    )
    services.credit_entry_remove(
        actor=officer, entry=entry, removed_on=dt.date(2024, 7, 1), removal_reason="已补报年度报告"
    )
    org.refresh_from_db()
    assert org.status == Organization.Status.ACTIVE
    assert AuditEntry.objects.filter(action="civil_society.credit_entry.removed").count() == 1
    with pytest.raises(ValidationError):
        services.credit_entry_remove(
            actor=officer, entry=entry, removed_on=dt.date(2024, 7, 2), removal_reason="再次"
        )


def test_a_reason_of_the_other_list_is_refused(personas, org):
    with pytest.raises(ValidationError) as exc:
        services.credit_entry_enter(
            actor=personas.wuxing_officer,
            organization=org,
            list="abnormal",
            reason="fraud",
            entered_on=dt.date(2024, 6, 1),
        )
    assert "reason" in exc.value.message_dict


def test_a_township_cannot_list(personas):
    community = make_org(personas.aishan_officer, kind="community", uscc="")
    with pytest.raises(PermissionDenied):
        services.credit_entry_enter(
            actor=personas.aishan_officer,
            organization=community,
            list="abnormal",
            reason="correction",
            entered_on=dt.date(2024, 6, 1),
        )
