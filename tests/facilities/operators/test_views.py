"""The service-provider pages: register an operator, open an operator account, remove it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from minzheng.core.models import User
from minzheng.facilities import messages
from minzheng.facilities.models import Operator, OperatorMember
from tests.facilities.conftest import PASSWORD, Providers
from tests.facilities.factories import USCC_D
from tests.personas import Personas

pytestmark = pytest.mark.django_db


def test_register_an_operator_through_the_form(personas: Personas, login) -> None:  # type: ignore[no-untyped-def]
    client = login(personas.wuxing_officer)
    response = client.post(reverse("facility_operators:create"),
                           {"name": "织里镇康养中心", "uscc": USCC_D, "region_code": "330502100000"})
    assert response.status_code == 302
    operator = Operator.objects.get(uscc=USCC_D)
    assert "织里镇康养中心" in client.get(reverse("facility_operators:list")).content.decode()
    bad = client.post(reverse("facility_operators:create"),
                      {"name": "x", "uscc": USCC_D[:-1] + "0", "region_code": "330502100000"})
    assert bad.status_code == 400 and bad.context["form"].errors["uscc"] == [messages.OPERATOR_USCC_CHECKSUM]
    assert operator.pk


def test_open_and_remove_an_operator_account(personas: Personas, providers: Providers, login) -> None:  # type: ignore[no-untyped-def]
    client = login(personas.city_admin)
    page = client.get(reverse("facility_operators:detail", args=[providers.a.pk])).content.decode()
    assert "op_a" in page and "开设新账号" in page
    response = client.post(reverse("facility_operators:account_create", args=[providers.a.pk]),
                           {"username": "op_a2", "display_name": "张师傅", "password": PASSWORD})
    assert response.status_code == 302
    member = OperatorMember.objects.get(user__username="op_a2")
    assert member.operator == providers.a and member.user.region_id is None
    weak = client.post(reverse("facility_operators:account_create", args=[providers.a.pk]),
                       {"username": "op_a3", "password": "123"})
    assert weak.status_code == 400 and not User.objects.filter(username="op_a3").exists()
    client.post(reverse("facility_operators:member_remove", args=[providers.a.pk, member.pk]))
    assert not OperatorMember.objects.filter(pk=member.pk).exists()


def test_an_operator_sees_only_their_own_operator_and_no_accounts(providers: Providers, login) -> None:  # type: ignore[no-untyped-def]
    client = login(providers.op_a)
    assert client.get(reverse("facility_operators:detail", args=[providers.b.pk])).status_code == 404
    page = client.get(reverse("facility_operators:detail", args=[providers.a.pk])).content.decode()
    assert "开设新账号" not in page and "op_a" not in page
    assert client.post(reverse("facility_operators:account_create", args=[providers.a.pk]),
                       {"username": "x1", "password": PASSWORD}).status_code == 403
