"""Divorce by agreement through its timeline, in frozen time: withdrawal in the cooling-off,
registration by both in the window, lapse (deemed withdrawn) by the scheduled job, idempotently."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.management import call_command

from minzheng.core.models import AuditEntry
from minzheng.marriage import messages
from minzheng.marriage.registrations import services
from minzheng.marriage.registrations.models import Certificate, DivorceApplication, MaritalStatus, Marriage
from tests.marriage.registrations.conftest import person, register

D = dt.date
APPLIED = D(2025, 6, 2)  # cooling-off to 2025-07-02, appear by 2025-08-01


@pytest.fixture
def marriage(registrar, wuxing_office) -> Marriage:
    return register(registrar, wuxing_office, person("M"), person("F"), on=D(2020, 5, 20))


@pytest.fixture
def application(registrar, wuxing_office, marriage) -> DivorceApplication:
    with time_machine.travel(dt.datetime(2025, 6, 2, 10, tzinfo=dt.UTC)):
        return services.divorce_apply(actor=registrar, marriage=marriage, office=wuxing_office, applied_on=APPLIED,
                                      agreement="离婚协议书（编号 XY-2025-001）：财产与子女抚养已协商一致")


def test_an_application_carries_its_timeline(application) -> None:
    assert (application.cooling_off_ends, application.appear_by) == (D(2025, 7, 2), D(2025, 8, 1))
    assert application.status == "pending"


def test_either_party_may_withdraw_on_the_last_day_of_the_cooling_off(registrar, application) -> None:
    with time_machine.travel(dt.datetime(2025, 7, 2, 9, tzinfo=dt.UTC)):
        row = services.divorce_withdraw(actor=registrar, application=application, party="wife")
    assert (row.status, row.closed_on, row.withdrawn_by) == ("withdrawn", D(2025, 7, 2), application.marriage.wife)
    assert Marriage.objects.get(pk=application.marriage_id).status == "valid"


def test_withdrawal_after_the_cooling_off_is_refused(registrar, application) -> None:
    with time_machine.travel(dt.datetime(2025, 7, 3, 9, tzinfo=dt.UTC)), pytest.raises(ValidationError) as exc:
        services.divorce_withdraw(actor=registrar, application=application, party="husband")
    assert exc.value.message_dict == {"withdrawn_on": [messages.WITHDRAW_AFTER_COOLING.format(date=D(2025, 7, 2))]}


def test_registration_in_the_window_divorces_both(registrar, application) -> None:
    with time_machine.travel(dt.datetime(2025, 7, 3, 9, tzinfo=dt.UTC)):
        certificate = services.divorce_register(actor=registrar, application=application, both_present=True)
    assert certificate.number == f"L330502-{application.marriage.office_id:04d}-2025-000001"
    marriage = Marriage.objects.get(pk=application.marriage_id)
    assert (marriage.status, marriage.ended_on) == ("divorced", D(2025, 7, 3))
    for p in (marriage.husband, marriage.wife):
        status = MaritalStatus.objects.get(person=p)
        assert (status.status, status.spouse_id, status.since) == ("divorced", None, D(2025, 7, 3))
    assert AuditEntry.objects.filter(action="marriage.divorce.registered").count() == 1


def test_registration_during_the_cooling_off_is_refused(registrar, application) -> None:
    with time_machine.travel(dt.datetime(2025, 7, 2, 9, tzinfo=dt.UTC)), pytest.raises(ValidationError) as exc:
        services.divorce_register(actor=registrar, application=application, both_present=True)
    assert exc.value.message_dict == {"registered_on": [messages.REGISTER_BEFORE_WINDOW.format(date=D(2025, 7, 2))]}


def test_registration_needs_both_present_and_the_window(registrar, application) -> None:
    with time_machine.travel(dt.datetime(2025, 7, 10, 9, tzinfo=dt.UTC)), pytest.raises(ValidationError) as exc:
        services.divorce_register(actor=registrar, application=application, both_present=False)
    assert exc.value.message_dict == {"both_present": [messages.BOTH_PRESENT_REQUIRED]}
    with time_machine.travel(dt.datetime(2025, 8, 2, 9, tzinfo=dt.UTC)), pytest.raises(ValidationError) as exc:
        services.divorce_register(actor=registrar, application=application, both_present=True)
    assert exc.value.message_dict == {"registered_on": [messages.REGISTER_AFTER_WINDOW.format(date=D(2025, 8, 1))]}
    assert not Certificate.objects.filter(kind="L").exists()


def test_the_job_marks_an_application_lapsed_only_after_the_window_and_once(application) -> None:
    assert services.divorces_lapse(as_of=D(2025, 8, 1)) == 0
    out = StringIO()
    call_command("marriage_divorces_lapse", "--as-of", "2025-08-02", stdout=out)
    assert "1" in out.getvalue()
    row = DivorceApplication.objects.get(pk=application.pk)
    assert (row.status, row.closed_on) == ("lapsed", D(2025, 8, 2))
    assert services.divorces_lapse(as_of=D(2025, 9, 1)) == 0
    assert AuditEntry.objects.filter(action="marriage.divorce.lapsed").count() == 1
    assert Marriage.objects.get(pk=application.marriage_id).status == "valid"


def test_a_lapsed_application_cannot_be_registered(registrar, application) -> None:
    services.divorces_lapse(as_of=D(2025, 8, 2))
    with time_machine.travel(dt.datetime(2025, 8, 5, 9, tzinfo=dt.UTC)), pytest.raises(ValidationError) as exc:
        services.divorce_register(actor=registrar, application=application, both_present=True)
    assert exc.value.message_dict == {"application": [messages.NOT_PENDING.format(status="逾期视为撤回")]}


def test_a_second_application_while_one_is_pending_is_refused(registrar, wuxing_office, application) -> None:
    with time_machine.travel(dt.datetime(2025, 6, 10, 9, tzinfo=dt.UTC)), pytest.raises(ValidationError) as exc:
        services.divorce_apply(actor=registrar, marriage=application.marriage, office=wuxing_office,
                               applied_on=D(2025, 6, 10), agreement="协议")
    assert exc.value.message_dict == {"marriage": [messages.DIVORCE_PENDING.format(applied_on=APPLIED)]}


def test_an_application_without_the_agreement_is_refused(registrar, wuxing_office, marriage) -> None:
    with pytest.raises(ValidationError) as exc:
        services.divorce_apply(actor=registrar, marriage=marriage, office=wuxing_office, applied_on=D(2025, 6, 2),
                               agreement="  ")
    assert exc.value.message_dict == {"agreement": [messages.AGREEMENT_REQUIRED]}
    assert not DivorceApplication.objects.exists()
