"""The engine's economic check page asks the officer what only they know for tekun (supporters,
self-care items) and temporary aid (kind, need), and the policy reads it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.test import Client

from minzheng.benefits.applications import services
from minzheng.benefits.applications.models import EconomicCheck
from minzheng.benefits.models import Program
from tests.assistance.factories import person_born
from tests.personas import Personas

MEMBER = {"m0_relationship": "self", "m0_lives_together": "on", "m0_income_stable": "on", "m0_wage": "300",
          "m0_business": "0", "m0_property": "0", "m0_transfer": "0", "deposits": "0", "vehicles": "0",
          "houses": "1"}


def started(personas: Personas, code: str, birth: dt.date):  # type: ignore[no-untyped-def]
    person, _ = person_born(birth)
    app = services.application_submit(actor=personas.aishan_officer, program=Program.objects.get(code=code),
                                      person=person)
    return services.application_check_start(actor=personas.aishan_officer, application=app)


def test_the_tekun_check_asks_for_supporters_and_self_care(personas: Personas) -> None:
    app = started(personas, "tekun", dt.date(1945, 1, 1))
    client = Client()
    client.force_login(personas.aishan_officer)
    url = f"/benefits/applications/{app.pk}/check/"
    page = client.get(url).content.decode()
    assert "法定赡养、抚养、扶养义务人" in page and "能自理：洗澡" in page
    items = {f"f_{item}": "on" for item in ("eating", "dressing", "bed_transfer", "toileting")}
    answer = client.post(url, {**MEMBER, "f_supporters": "none", "f_self_care_assessed": "on", **items})
    assert answer.status_code == 302, answer.content.decode()
    check = EconomicCheck.objects.get(application=app)
    # 1,950 + the seeded partial-loss care (2 items failed: 室内行走 and 洗澡).
    assert check.eligible and check.monthly_amount == Decimal("2550.00")


def test_the_temporary_aid_check_asks_for_kind_and_need(personas: Personas) -> None:
    app = started(personas, "temporary_aid", dt.date(1985, 1, 1))
    client = Client()
    client.force_login(personas.aishan_officer)
    url = f"/benefits/applications/{app.pk}/check/"
    refused = client.post(url, MEMBER)
    assert refused.status_code == 400 and "临时救助类型应为急难型或支出型" in refused.content.decode()
    assert client.post(url, {**MEMBER, "f_aid_kind": "emergency", "f_aid_need": "30000"}).status_code == 302
    assert EconomicCheck.objects.get(application=app).monthly_amount == Decimal("11450.00")


def test_the_dibao_check_asks_nothing_more(personas: Personas) -> None:
    from tests.benefits.factories import household_with

    household = household_with()
    app = services.application_submit(actor=personas.aishan_officer, program=Program.objects.get(code="dibao"),
                                      household=household)
    services.application_check_start(actor=personas.aishan_officer, application=app)
    client = Client()
    client.force_login(personas.aishan_officer)
    assert "认定情况" not in client.get(f"/benefits/applications/{app.pk}/check/").content.decode()
