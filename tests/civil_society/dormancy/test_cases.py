"""The cleanup case: filing, advance notice (public notice, the notice period a setting), decision;
illegal transitions refused in Chinese; each step audited; the decision flows to the registry."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from minzheng.civil_society.credit.models import CreditEntry
from minzheng.civil_society.dormancy import services
from minzheng.civil_society.dormancy.models import CleanupCase
from minzheng.civil_society.registry import messages
from minzheng.civil_society.registry.models import Organization
from minzheng.core.models import AuditEntry

pytestmark = pytest.mark.django_db
FILED = dt.date(2024, 1, 10)
NOTICED = dt.date(2024, 1, 15)


def filed(officer, org):
    return services.cleanup_case_file(
        actor=officer, organization=org, filed_on=FILED, reasons="连续两年未年检"
    )


def noticed(officer, org):
    return services.cleanup_case_notice(actor=officer, case=filed(officer, org), noticed_on=NOTICED)


def test_a_case_reaches_revocation_and_the_registry_follows(personas, org):
    officer = personas.wuxing_officer
    case = noticed(officer, org)
    assert case.notice_days == 60 and case.notice_ends_on == dt.date(2024, 3, 15)
    case = services.cleanup_case_decide(
        actor=officer, case=case, decision="revoke", decided_on=dt.date(2024, 3, 15)
    )
    org.refresh_from_db()
    assert (case.state, org.status, org.status_since) == ("decided", "revoked", dt.date(2024, 3, 15))
    assert CreditEntry.objects.filter(organization=org, list="serious", reason="revocation").exists()
    actions = set(
        AuditEntry.objects.filter(object_type="civil_society.cleanupcase").values_list("action", flat=True)
    )
    assert actions == {
        "civil_society.cleanup_case.filed",
        "civil_society.cleanup_case.noticed",
        "civil_society.cleanup_case.decided",
    }


def test_deciding_before_the_notice_period_ends_is_refused(personas, org):
    case = noticed(personas.wuxing_officer, org)
    with pytest.raises(ValidationError) as exc:
        services.cleanup_case_decide(
            actor=personas.wuxing_officer, case=case, decision="revoke", decided_on=dt.date(2024, 3, 14)
        )
    assert exc.value.message_dict["decided_on"] == [
        messages.CASE_NOTICE_NOT_OVER.format(days=60, end=dt.date(2024, 3, 15))
    ]
    org.refresh_from_db()
    assert org.status == "active"


def test_the_notice_period_is_a_setting(personas, org, settings):
    settings.CIVIL_SOCIETY_NOTICE_DAYS = 5
    case = noticed(personas.wuxing_officer, org)
    case = services.cleanup_case_decide(
        actor=personas.wuxing_officer, case=case, decision="deregister", decided_on=dt.date(2024, 1, 20)
    )
    org.refresh_from_db()
    assert org.status == Organization.Status.DEREGISTERED


def test_deciding_without_notice_is_refused(personas, org):
    case = filed(personas.wuxing_officer, org)
    with pytest.raises(ValidationError) as exc:
        services.cleanup_case_decide(
            actor=personas.wuxing_officer, case=case, decision="revoke", decided_on=dt.date(2024, 6, 1)
        )
    assert exc.value.message_dict["state"] == [messages.CASE_STATE.format(state="已立案", step="作出决定")]


def test_noticing_twice_or_deciding_twice_is_refused(personas, org):
    officer = personas.wuxing_officer
    case = noticed(officer, org)
    with pytest.raises(ValidationError):
        services.cleanup_case_notice(actor=officer, case=case, noticed_on=NOTICED)
    case = services.cleanup_case_decide(
        actor=officer, case=case, decision="withdraw", decided_on=dt.date(2024, 4, 1)
    )
    with pytest.raises(ValidationError):
        services.cleanup_case_decide(
            actor=officer, case=case, decision="deregister", decided_on=dt.date(2024, 4, 2)
        )


def test_a_notice_before_filing_is_refused(personas, org):
    case = filed(personas.wuxing_officer, org)
    with pytest.raises(ValidationError) as exc:
        services.cleanup_case_notice(
            actor=personas.wuxing_officer, case=case, noticed_on=FILED - dt.timedelta(days=1)
        )
    assert "noticed_on" in exc.value.message_dict


def test_one_open_case_per_organization(personas, org):
    filed(personas.wuxing_officer, org)
    with pytest.raises(ValidationError) as exc:
        filed(personas.wuxing_officer, org)
    assert "organization" in exc.value.message_dict
    assert CleanupCase.objects.count() == 1


def test_a_revoked_organization_gets_no_new_case(personas, org):
    case = noticed(personas.wuxing_officer, org)
    services.cleanup_case_decide(
        actor=personas.wuxing_officer, case=case, decision="revoke", decided_on=dt.date(2024, 4, 1)
    )
    org.refresh_from_db()
    with pytest.raises(ValidationError):
        filed(personas.wuxing_officer, org)


def test_rectify_needs_a_later_deadline_and_keeps_the_status(personas, org):
    officer = personas.wuxing_officer
    case = noticed(officer, org)
    with pytest.raises(ValidationError) as exc:
        services.cleanup_case_decide(
            actor=officer, case=case, decision="rectify", decided_on=dt.date(2024, 4, 1)
        )
    assert "rectify_by" in exc.value.message_dict
    case = services.cleanup_case_decide(
        actor=officer,
        case=case,
        decision="rectify",
        decided_on=dt.date(2024, 4, 1),
        rectify_by=dt.date(2024, 6, 30),
    )
    org.refresh_from_db()
    assert org.status == "active" and case.rectify_by == dt.date(2024, 6, 30)


def test_an_unmet_deadline_puts_it_on_the_abnormal_list_once(personas, org):
    officer = personas.wuxing_officer
    case = services.cleanup_case_decide(
        actor=officer,
        case=noticed(officer, org),
        decision="rectify",
        decided_on=dt.date(2024, 4, 1),
        rectify_by=dt.date(2024, 6, 30),
    )
    assert services.rectify_overdue_apply(actor=officer, as_of=dt.date(2024, 6, 30)) == 0
    assert services.rectify_overdue_apply(actor=officer, as_of=dt.date(2024, 7, 1)) == 1
    assert services.rectify_overdue_apply(actor=officer, as_of=dt.date(2024, 7, 2)) == 0
    org.refresh_from_db()
    assert org.status == "abnormal"
    assert CreditEntry.objects.filter(organization=org, reason="correction").count() == 1
    case.refresh_from_db()
    assert case.overdue_listed_on == dt.date(2024, 7, 1)


def test_a_correction_done_in_time_keeps_it_off_the_list(personas, org):
    officer = personas.wuxing_officer
    case = services.cleanup_case_decide(
        actor=officer,
        case=noticed(officer, org),
        decision="rectify",
        decided_on=dt.date(2024, 4, 1),
        rectify_by=dt.date(2024, 6, 30),
    )
    services.cleanup_case_rectified(actor=officer, case=case, rectified_on=dt.date(2024, 6, 1))
    assert services.rectify_overdue_apply(actor=officer, as_of=dt.date(2024, 7, 1)) == 0


def test_a_township_cannot_open_a_case_and_another_county_cannot_see_it(personas, org):
    with pytest.raises(PermissionDenied):
        filed(personas.aishan_officer, org)
    with pytest.raises(Http404):
        filed(personas.anji_officer, org)
