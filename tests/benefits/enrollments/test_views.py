from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from minzheng.benefits import messages
from minzheng.benefits.enrollments import services
from minzheng.benefits.models import Enrollment, Review
from tests.benefits.factories import household_with


def client_for(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def enrolled(program, region_code="330502003001", approved_on=dt.date(2023, 12, 1)) -> Enrollment:  # type: ignore[no-untyped-def]
    return services.enrollment_create(actor=None, program=program, household=household_with(region_code=region_code),
                                      approved_on=approved_on, monthly_amount=Decimal("600.00"))


@pytest.mark.parametrize(("persona", "status"), [
    ("village_worker", 200), ("aishan_officer", 200), ("wuxing_officer", 200), ("city_admin", 200), ("auditor", 403),
])
def test_the_review_due_list_opens_for_workers(personas, persona, status) -> None:
    assert client_for(getattr(personas, persona)).get(reverse("benefit_enrollments:reviews")).status_code == status


def test_each_worker_sees_the_reviews_due_in_their_own_scope(personas, dibao) -> None:
    mine = enrolled(dibao)  # due 2024-12-01: overdue today
    neighbour = enrolled(dibao, region_code="330502003002")
    elsewhere = enrolled(dibao, region_code="330523001001")
    not_due = enrolled(dibao, approved_on=dt.date.today())

    def due(persona: str) -> set[int]:
        page = client_for(getattr(personas, persona)).get(reverse("benefit_enrollments:reviews"))
        return {e.pk for e in page.context["page"]}

    assert due("village_worker") == {mine.pk}
    assert due("aishan_officer") == {mine.pk, neighbour.pk}
    assert due("wuxing_officer") == {mine.pk, neighbour.pk}
    assert due("anji_officer") == {elsewhere.pk}
    assert not_due.pk not in due("aishan_officer")


def test_a_review_through_the_page_changes_the_amount(personas, dibao) -> None:
    enrollment = enrolled(dibao)
    response = client_for(personas.aishan_officer).post(
        reverse("benefit_enrollments:detail", args=[enrollment.pk]),
        {"outcome": "change_amount", "monthly_amount": "480.50", "reason": "收入增加"})
    assert response.status_code == 302
    enrollment.refresh_from_db()
    assert enrollment.monthly_amount == Decimal("480.50")
    assert Review.objects.get(enrollment=enrollment).outcome == "change_amount"


def test_the_village_worker_sees_an_enrollment_but_cannot_review_it(personas, dibao) -> None:
    enrollment = enrolled(dibao)
    client = client_for(personas.village_worker)
    page = client.get(reverse("benefit_enrollments:detail", args=[enrollment.pk]))
    assert page.status_code == 200 and page.context["form"] is None
    assert client.post(reverse("benefit_enrollments:detail", args=[enrollment.pk]),
                       {"outcome": "terminate", "reason": "x"}).status_code == 403


def test_an_enrollment_outside_the_scope_is_404(personas, dibao) -> None:
    elsewhere = enrolled(dibao, region_code="330523001001")
    client = client_for(personas.aishan_officer)
    assert client.get(reverse("benefit_enrollments:detail", args=[elsewhere.pk])).status_code == 404
    assert client.post(reverse("benefit_enrollments:detail", args=[elsewhere.pk]),
                       {"outcome": "terminate", "reason": "x"}).status_code == 404


def test_a_review_without_its_amount_names_the_field(personas, dibao) -> None:
    enrollment = enrolled(dibao)
    response = client_for(personas.aishan_officer).post(
        reverse("benefit_enrollments:detail", args=[enrollment.pk]), {"outcome": "change_amount"})
    assert response.status_code == 400
    assert response.context["form"].errors["monthly_amount"] == [messages.REVIEW_AMOUNT_REQUIRED]


def test_the_review_due_list_costs_one_query_whatever_its_length(personas, dibao,
                                                                  django_assert_max_num_queries) -> None:
    rows = [enrolled(dibao) for _ in range(4)]
    Enrollment.objects.filter(pk=rows[0].pk).update(monthly_amount=Decimal("12345.60"))
    client = client_for(personas.aishan_officer)
    client.get(reverse("benefit_enrollments:reviews"))
    with django_assert_max_num_queries(2):  # the rows, with program and head; and one to spare
        page = client.get(reverse("benefit_enrollments:reviews"))
    text = page.content.decode()
    assert f'<a href="/benefits/enrollments/{rows[0].pk}/">' in text
    assert "12,345.60元" in text and "2024-12-01 <strong class=\"overdue\">已到期</strong>" in text
