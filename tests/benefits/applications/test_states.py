"""Every transition of the application state machine, legal and illegal, through the services."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from minzheng.benefits import messages
from minzheng.benefits.applications import services
from minzheng.benefits.applications.models import Application, Objection, TimelineEntry
from minzheng.benefits.applications.states import TRANSITIONS
from minzheng.benefits.models import Enrollment
from minzheng.core.models import AuditEntry
from tests.benefits.applications.conftest import members_of

S = Application.Status


def actions(app: Application) -> list[str]:
    return list(AuditEntry.objects.filter(object_type="benefits.application", object_id=str(app.pk))
                .order_by("id").values_list("action", flat=True))


def test_a_dibao_case_from_submission_to_enrollment(personas, make_application, later) -> None:
    app = make_application(S.PUBLIC_NOTICE)
    assert app.notice_ends_on == app.notice_started_on + dt.timedelta(days=7)
    later(8)
    app = services.application_approve(actor=personas.wuxing_officer, application=app)
    assert app.status == S.ENROLLED and app.approved_amount == Decimal("2435.00")
    enrollment = app.enrollment
    assert enrollment.monthly_amount == Decimal("2435.00") and enrollment.persons == 3
    assert enrollment.status == Enrollment.Status.ACTIVE
    assert enrollment.start_month.day == 1 and enrollment.start_month > app.decided_at.date()
    assert actions(app) == ["benefits.application.submitted", "benefits.application.check_started",
                            "benefits.application.checked", "benefits.application.notice_started",
                            "benefits.application.approved"]
    steps = list(TimelineEntry.objects.filter(application=app).values_list("action", "from_status", "to_status"))
    assert steps == [("submitted", "", S.SUBMITTED), ("check_started", S.SUBMITTED, S.ECONOMIC_CHECK),
                     ("checked", S.ECONOMIC_CHECK, S.TOWNSHIP_REVIEW),
                     ("notice_started", S.TOWNSHIP_REVIEW, S.PUBLIC_NOTICE),
                     ("approved", S.PUBLIC_NOTICE, S.ENROLLED)]


def test_an_objection_sends_the_case_back_to_review_and_a_second_notice(personas, make_application) -> None:
    app = make_application(S.PUBLIC_NOTICE)
    objection = services.application_objection_record(actor=personas.aishan_officer, application=app,
                                                      content="家中有经营性收入未申报", raised_by="邻居")
    app.refresh_from_db()
    assert app.status == S.TOWNSHIP_REVIEW and objection.notice_round == 1
    household = app.household
    services.application_economic_check_record(actor=personas.aishan_officer, application=app,
                                               members=members_of(household, "1000", "500", "0"))
    app = services.application_notice_start(actor=personas.aishan_officer, application=app, opinion="重新公示")
    assert app.status == S.PUBLIC_NOTICE and app.notice_round == 2
    assert app.economic_check.monthly_amount == Decimal("1935.00")
    assert Objection.objects.filter(application=app).count() == 1
    assert "benefits.application.objected" in actions(app)


def test_refusal_needs_a_written_reason_and_sets_the_notice_deadline(personas, make_application) -> None:
    app = make_application(S.TOWNSHIP_REVIEW)
    with pytest.raises(ValidationError) as exc:
        services.application_refuse(actor=personas.wuxing_officer, application=app, reason="  ")
    assert exc.value.message_dict == {"reason": [messages.APPLICATION_REFUSAL_REASON_REQUIRED]}
    app = services.application_refuse(actor=personas.wuxing_officer, application=app, reason="人均收入超过标准")
    assert app.status == S.REFUSED and app.refusal_notice_due_on > app.decided_at.date()
    app = services.application_refusal_notify(actor=personas.aishan_officer, application=app)
    assert app.refusal_notified_at is not None
    with pytest.raises(ValidationError):
        services.application_refusal_notify(actor=personas.aishan_officer, application=app)


def test_approval_waits_for_the_end_of_the_notice(personas, make_application, later) -> None:
    app = make_application(S.PUBLIC_NOTICE)
    later(7)  # the 7th day is still inside the notice
    with pytest.raises(ValidationError) as exc:
        services.application_approve(actor=personas.wuxing_officer, application=app)
    assert "公示期满后方可审批" in exc.value.message_dict["status"][0]


def test_an_ineligible_case_cannot_be_approved(personas, make_application, later) -> None:
    app = make_application(S.PUBLIC_NOTICE, incomes=("5000", "0", "0"))
    later(8)
    with pytest.raises(ValidationError) as exc:
        services.application_approve(actor=personas.wuxing_officer, application=app)
    assert exc.value.message_dict["status"][0].startswith("经济状况核对结论为不符合条件")
    assert not Enrollment.objects.exists()


def test_only_a_county_officer_decides(personas, make_application, later) -> None:
    app = make_application(S.PUBLIC_NOTICE)
    later(8)
    with pytest.raises(PermissionDenied):
        services.application_approve(actor=personas.aishan_officer, application=app)
    with pytest.raises(PermissionDenied):
        services.application_refuse(actor=personas.aishan_officer, application=app, reason="不符合")


LEGAL = {(verb, status) for verb, (sources, _) in TRANSITIONS.items() for status in sources}
SETUP_STATUSES = [S.SUBMITTED, S.ECONOMIC_CHECK, S.TOWNSHIP_REVIEW, S.PUBLIC_NOTICE, S.REFUSED]


def _call(verb: str, personas, app: Application) -> object:  # type: ignore[no-untyped-def]
    township, county = personas.aishan_officer, personas.wuxing_officer
    calls = {
        "check_started": lambda: services.application_check_start(actor=township, application=app),
        "checked": lambda: services.application_economic_check_record(
            actor=township, application=app, members=members_of(app.household, "0")),
        "notice_started": lambda: services.application_notice_start(actor=township, application=app),
        "objected": lambda: services.application_objection_record(actor=township, application=app, content="异议"),
        "approved": lambda: services.application_approve(actor=county, application=app),
        "refused": lambda: services.application_refuse(actor=county, application=app, reason="不符合"),
        "refusal_notified": lambda: services.application_refusal_notify(actor=township, application=app),
    }
    return calls[verb]()


@pytest.mark.parametrize("status", SETUP_STATUSES)
@pytest.mark.parametrize("verb", list(TRANSITIONS))
def test_every_verb_in_every_status(personas, make_application, later, verb, status) -> None:
    app = make_application(status)
    later(8)
    if (verb, status) in LEGAL:
        _call(verb, personas, app)
        app.refresh_from_db()
        _, target = TRANSITIONS[verb]
        assert app.status == (target or S.ENROLLED)
        assert actions(app)[-1] == f"benefits.application.{verb}"
        return
    before = actions(app)
    with pytest.raises(ValidationError) as exc:
        _call(verb, personas, app)
    assert exc.value.message_dict == {"status": [messages.APPLICATION_ILLEGAL_TRANSITION.format(
        status=Application.Status(status).label, action=messages.ACTION_NAMES[verb])]}
    app.refresh_from_db()
    assert app.status == status and actions(app) == before


def test_enrolled_cases_accept_no_further_transition(personas, make_application, later) -> None:
    app = make_application(S.PUBLIC_NOTICE)
    later(8)
    app = services.application_approve(actor=personas.wuxing_officer, application=app)
    for verb in TRANSITIONS:
        with pytest.raises(ValidationError):
            _call(verb, personas, app)
