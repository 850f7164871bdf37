from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from minzheng.benefits import messages
from minzheng.benefits.models import Standard


def client_for(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize(("persona", "status"), [
    ("city_admin", 200), ("wuxing_officer", 403), ("aishan_officer", 403), ("village_worker", 403), ("auditor", 403),
])
def test_the_program_admin_page_is_the_city_administrators(personas, persona, status) -> None:
    assert client_for(getattr(personas, persona)).get(reverse("benefit_programs:admin")).status_code == status


def test_the_page_lists_every_program_with_its_standard(personas) -> None:
    text = client_for(personas.city_admin).get(reverse("benefit_programs:admin")).content.decode()
    for name in ("最低生活保障", "特困人员救助供养", "临时救助", "重度残疾人护理补贴", "困难失能老年人养老护理补贴"):
        assert name in text
    assert "1,145.00元/月" in text and "1,950.00元/月" in text


def test_the_city_administrator_adds_a_standard_from_the_page(personas, dibao) -> None:
    response = client_for(personas.city_admin).post(reverse("benefit_programs:admin"), {
        "program": dibao.pk, "region_prefix": "3305", "effective_from": "2025-01", "amount": "1200", "note": "2025年"})
    assert response.status_code == 302
    standard = Standard.objects.get(program=dibao, effective_from=dt.date(2025, 1, 1))
    assert standard.amount == Decimal("1200.00") and standard.created_by == personas.city_admin


def test_bad_standard_input_names_the_field_in_chinese(personas, dibao) -> None:
    response = client_for(personas.city_admin).post(reverse("benefit_programs:admin"), {
        "program": dibao.pk, "region_prefix": "3305", "effective_from": "2025-13", "amount": "-3"})
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert errors["effective_from"] == [messages.STANDARD_MONTH_INVALID]
    response = client_for(personas.city_admin).post(reverse("benefit_programs:admin"), {
        "program": dibao.pk, "region_prefix": "3305", "effective_from": "2025-01", "amount": "-3"})
    assert response.context["form"].errors["amount"] == [messages.STANDARD_AMOUNT_NEGATIVE]
    assert Standard.objects.filter(program=dibao).count() == 1
