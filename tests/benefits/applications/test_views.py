"""The application pages: who may open them, scope (404 outside), the whole flow through the
forms, and Chinese messages on the field they are about."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from minzheng.benefits import messages
from minzheng.benefits.applications.models import Application
from minzheng.benefits.models import Enrollment
from tests.benefits.factories import household_with

S = Application.Status


def client_for(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize(("persona", "queue", "approvals", "submit"), [
    ("aishan_officer", 200, 403, 200),
    ("wuxing_officer", 200, 200, 200),
    ("city_admin", 403, 403, 403),
    ("village_worker", 403, 403, 403),
    ("auditor", 403, 403, 403),
])
def test_pages_open_for_the_right_roles(personas, persona, queue, approvals, submit) -> None:
    client = client_for(getattr(personas, persona))
    assert client.get(reverse("benefit_applications:queue")).status_code == queue
    assert client.get(reverse("benefit_applications:approvals")).status_code == approvals
    assert client.get(reverse("benefit_applications:submit")).status_code == submit


def test_anonymous_visitors_go_to_the_login_page(db) -> None:
    response = Client().get(reverse("benefit_applications:queue"))
    assert response.status_code == 302 and "login" in response["Location"]


def test_a_township_officer_cannot_touch_another_townships_application(personas, make_application) -> None:
    elsewhere = make_application(S.SUBMITTED, region_code="330502100201")  # 织里镇, not 爱山街道
    client = client_for(personas.aishan_officer)
    assert client.get(reverse("benefit_applications:detail", args=[elsewhere.pk])).status_code == 404
    assert client.post(reverse("benefit_applications:act", args=[elsewhere.pk, "check_started"])).status_code == 404
    assert client.get(reverse("benefit_applications:check", args=[elsewhere.pk])).status_code == 404
    elsewhere.refresh_from_db()
    assert elsewhere.status == S.SUBMITTED
    # the county officer of 吴兴区 sees both townships
    assert client_for(personas.wuxing_officer).get(
        reverse("benefit_applications:detail", args=[elsewhere.pk])).status_code == 200
    assert client_for(personas.anji_officer).get(
        reverse("benefit_applications:detail", args=[elsewhere.pk])).status_code == 404


def test_the_service_itself_refuses_out_of_scope_with_404(personas, make_application) -> None:
    from django.http import Http404

    from minzheng.benefits.applications import services

    elsewhere = make_application(S.SUBMITTED, region_code="330502100201")
    with pytest.raises(Http404):
        services.application_check_start(actor=personas.aishan_officer, application=elsewhere)


def test_a_dibao_case_through_the_pages(personas, dibao, monkeypatch) -> None:
    household = household_with("spouse", "child")
    township, county = client_for(personas.aishan_officer), client_for(personas.wuxing_officer)
    response = township.post(reverse("benefit_applications:submit"),
                             {"program": dibao.pk, "household": household.pk, "channel": "township", "reason": "因病致贫"})
    app = Application.objects.get(household=household)
    assert response.status_code == 302 and response["Location"] == reverse("benefit_applications:detail", args=[app.pk])
    queue = township.get(reverse("benefit_applications:queue")).content.decode()
    assert reverse("benefit_applications:detail", args=[app.pk]) in queue
    township.post(reverse("benefit_applications:act", args=[app.pk, "check_started"]))
    check_page = township.get(reverse("benefit_applications:check", args=[app.pk]))
    assert check_page.status_code == 200 and household.head.name in check_page.content.decode()
    data = {"deposits": "0", "vehicles": "0", "houses": "1"}
    for i in range(3):
        data |= {f"m{i}_relationship": ["self", "spouse", "child"][i], f"m{i}_lives_together": "on",
                 f"m{i}_dependent": "on", f"m{i}_income_stable": "on", f"m{i}_wage": "1000" if i == 0 else "0",
                 f"m{i}_business": "0", f"m{i}_property": "0", f"m{i}_transfer": "0"}
    assert township.post(reverse("benefit_applications:check", args=[app.pk]), data).status_code == 302
    detail = township.get(reverse("benefit_applications:detail", args=[app.pk])).content.decode()
    assert "2,435.00元" in detail and "333.33元" in detail
    township.post(reverse("benefit_applications:act", args=[app.pk, "notice_started"]), {"opinion": "属实"})
    app.refresh_from_db()
    assert app.status == S.PUBLIC_NOTICE
    from minzheng.benefits.applications import services

    later = dt.date.today() + dt.timedelta(days=8)
    monkeypatch.setattr(services, "_today", lambda: later)
    approvals = county.get(reverse("benefit_applications:approvals")).content.decode()
    assert reverse("benefit_applications:detail", args=[app.pk]) in approvals or app.notice_ends_on >= dt.date.today()
    assert county.post(reverse("benefit_applications:act", args=[app.pk, "approved"])).status_code == 302
    app.refresh_from_db()
    assert app.status == S.ENROLLED
    assert Enrollment.objects.get(household=household).monthly_amount == Decimal("2435.00")
    history = township.get(reverse("benefit_applications:household", args=[household.pk]))
    assert history.status_code == 200 and "2,435.00元" in history.content.decode()


def test_the_township_officer_cannot_approve(personas, make_application) -> None:
    app = make_application(S.PUBLIC_NOTICE)
    response = client_for(personas.aishan_officer).post(reverse("benefit_applications:act", args=[app.pk, "approved"]))
    assert response.status_code == 403


def test_bad_submission_names_the_field_in_chinese(personas, dibao, tekun) -> None:
    client = client_for(personas.aishan_officer)
    response = client.post(reverse("benefit_applications:submit"), {"program": dibao.pk, "channel": "township"})
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["household"] == [messages.APPLICATION_HOUSEHOLD_REQUIRED.format(program="最低生活保障")]
    response = client.post(reverse("benefit_applications:submit"),
                           {"program": tekun.pk, "channel": "township", "id_number": "330502198001010000"})
    assert response.context["form"].errors["id_number"] == [messages.APPLICATION_PERSON_UNKNOWN]
    outside = household_with(region_code="330523001001")
    response = client.post(reverse("benefit_applications:submit"),
                           {"program": dibao.pk, "channel": "township", "household": outside.pk})
    assert response.context["form"].errors["household"] == [messages.APPLICATION_HOUSEHOLD_UNKNOWN]
    assert not Application.objects.exists()


def test_negative_income_is_refused_on_its_field(personas, make_application) -> None:
    app = make_application(S.ECONOMIC_CHECK)
    client = client_for(personas.aishan_officer)
    data = {"deposits": "-5", "vehicles": "0", "houses": "0"}
    for i in range(3):
        data |= {f"m{i}_relationship": "self" if i == 0 else "spouse", f"m{i}_wage": "-1", f"m{i}_business": "0",
                 f"m{i}_property": "0", f"m{i}_transfer": "0"}
    response = client.post(reverse("benefit_applications:check", args=[app.pk]), data)
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert errors["m0_wage"] == [messages.CHECK_INCOME_NEGATIVE]
    assert errors["deposits"] == [messages.CHECK_INCOME_NEGATIVE]
    app.refresh_from_db()
    assert app.status == S.ECONOMIC_CHECK


def test_a_refusal_without_reason_is_refused_on_the_reason(personas, make_application) -> None:
    app = make_application(S.TOWNSHIP_REVIEW)
    response = client_for(personas.wuxing_officer).post(
        reverse("benefit_applications:act", args=[app.pk, "refused"]), {"reason": ""})
    assert response.status_code == 400
    assert response.context["refuse_form"].errors["reason"] == [messages.APPLICATION_REFUSAL_REASON_REQUIRED]


def test_an_illegal_transition_from_the_page_says_why(personas, make_application) -> None:
    app = make_application(S.SUBMITTED)
    client = client_for(personas.aishan_officer)
    response = client.post(reverse("benefit_applications:act", args=[app.pk, "notice_started"]), {"opinion": ""},
                           follow=True)
    text = response.content.decode()
    assert messages.APPLICATION_ILLEGAL_TRANSITION.format(status="已受理", action="开始公示") in text


def test_overdue_cases_are_flagged_in_the_queue(personas, make_application) -> None:
    app = make_application(S.ECONOMIC_CHECK)
    Application.objects.filter(pk=app.pk).update(due_on=dt.date.today() - dt.timedelta(days=1))
    page = client_for(personas.aishan_officer).get(reverse("benefit_applications:queue"))
    assert [a.pk for a in page.context["queue"].overdue] == [app.pk]
    assert "已超期" in page.content.decode()


def test_the_detail_page_costs_the_same_few_queries_whatever_the_household(personas, make_application,
                                                                         django_assert_max_num_queries) -> None:
    app = make_application(S.PUBLIC_NOTICE, incomes=("1000", "200", "0"))
    client = client_for(personas.aishan_officer)
    client.get(reverse("benefit_applications:detail", args=[app.pk]))
    # the application with its check and checker, the members, their income items, the timeline,
    # the objections
    with django_assert_max_num_queries(5):
        page = client.get(reverse("benefit_applications:detail", args=[app.pk]))
    text = page.content.decode()
    assert "开始公示" in text and "工资性收入 1,000.00" in text
