"""The pages: registering on the form (the family code shown once), the list and the case in scope,
the officer's checklist form, and the family's page by code (masked, no ID number, rate limited)."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from minzheng.funeral.after_death.models import ChecklistItem
from minzheng.funeral.deaths import messages
from minzheng.funeral.deaths.models import DeathRegistration
from minzheng.people.models import Person
from tests.factories import PersonFactory
from tests.funeral.deaths.support import register
from tests.personas import MY_VILLAGE, Personas

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_hits() -> None:
    cache.clear()


def _as(client: Client, user) -> Client:  # type: ignore[no-untyped-def]
    client.force_login(user)
    return client


FORM = {"source": "home", "cause": "old_age", "death_date": "2025-03-10", "death_place": "家中",
        "informant_name": "王小明", "informant_relation": "儿子", "informant_phone": "13857200001"}


def test_registering_on_the_form_shows_the_family_code_once(client: Client, personas: Personas) -> None:
    person = PersonFactory(region_code=MY_VILLAGE, name="王大伯")
    page = _as(client, personas.wuxing_funeral_registrar).post(
        reverse("funeral_deaths:new"), {**FORM, "id_number": person.id_number})
    assert page.status_code == 201
    body = page.content.decode()
    assert "家属查询码" in body and person.id_number not in body
    again = client.post(reverse("funeral_deaths:new"), {**FORM, "id_number": person.id_number}, follow=True)
    assert "本次未作任何变更" in again.content.decode()
    assert DeathRegistration.objects.count() == 1


def test_bad_input_on_the_form_is_a_400_with_each_reason(client: Client, personas: Personas) -> None:
    page = _as(client, personas.wuxing_funeral_registrar).post(
        reverse("funeral_deaths:new"), {**FORM, "id_number": "", "death_date": "2025-02-30", "source": ""})
    assert page.status_code == 400
    body = page.content.decode()
    for message in (messages.ID_NUMBER_REQUIRED, messages.DEATH_DATE_INVALID, messages.SOURCE_INVALID):
        assert message in body
    assert not DeathRegistration.objects.exists()


def test_the_list_and_the_case_stay_in_scope(client: Client, personas: Personas) -> None:
    registration = register(personas.wuxing_funeral_registrar, PersonFactory(region_code=MY_VILLAGE)).registration
    mine = _as(client, personas.aishan_officer)
    assert registration.person.name in mine.get(reverse("funeral_deaths:list")).content.decode()
    assert mine.get(reverse("after_death:case", args=[registration.pk])).status_code == 200
    other = _as(Client(), personas.anji_officer)
    assert registration.person.name not in other.get(reverse("funeral_deaths:list")).content.decode()
    assert other.get(reverse("after_death:case", args=[registration.pk])).status_code == 404
    assert other.get(reverse("funeral_deaths:detail", args=[registration.pk])).status_code == 404


def test_a_village_worker_may_not_register(client: Client, personas: Personas) -> None:
    assert _as(client, personas.village_worker).get(reverse("funeral_deaths:new")).status_code == 403


def test_the_officer_updates_the_checklist_on_the_case_page(client: Client, personas: Personas) -> None:
    registration = register(personas.wuxing_funeral_registrar, PersonFactory(region_code=MY_VILLAGE)).registration
    item = ChecklistItem.objects.get(registration=registration, item__code="housing_fund")
    url = reverse("after_death:item_update", args=[registration.pk, item.pk])
    bad = _as(client, personas.aishan_officer).post(url, {f"i{item.pk}-status": "not_applicable",
                                                          f"i{item.pk}-note": ""})
    assert bad.status_code == 400 and "标记为不适用时请说明原因" in bad.content.decode()
    good = client.post(url, {f"i{item.pk}-status": "done", f"i{item.pk}-note": "已提取"})
    assert good.status_code == 302
    item.refresh_from_db()
    assert item.status == "done"


def test_a_revocation_on_the_page_lists_what_must_be_reopened(client: Client, personas: Personas) -> None:
    registration = register(personas.wuxing_funeral_registrar, PersonFactory(region_code=MY_VILLAGE)).registration
    page = _as(client, personas.wuxing_funeral_registrar).post(
        reverse("funeral_deaths:revoke", args=[registration.pk]), {"reason": ""})
    assert page.status_code == 400 and messages.REVOKE_REASON_REQUIRED in page.content.decode()
    done = client.post(reverse("funeral_deaths:revoke", args=[registration.pk]), {"reason": "医院报错"}, follow=True)
    assert done.status_code == 200 and "已撤销" in done.content.decode()
    assert Person.objects.get(pk=registration.person_id).status == Person.Status.ALIVE


def test_the_family_sees_every_affair_by_code_and_no_id_number(client: Client, personas: Personas) -> None:
    person = PersonFactory(region_code=MY_VILLAGE, name="王大伯")
    done = register(personas.wuxing_funeral_registrar, person)
    page = Client().post(reverse("after_death:family"), {"code": done.family_code.lower()})
    body = page.content.decode()
    assert page.status_code == 200
    assert "王*伯" in body and "王大伯" not in body and person.id_number_masked not in body
    assert "户籍注销" in body and "待通知" in body
    unknown = Client().post(reverse("after_death:family"), {"code": "NOPE"})
    assert unknown.status_code == 400 and "没有找到对应的办理记录" in unknown.content.decode()


def test_the_family_page_is_rate_limited(client: Client, personas: Personas, settings) -> None:  # type: ignore[no-untyped-def]
    settings.MINZHENG_FAMILY_PAGES_PER_HOUR = 2
    anonymous = Client()
    for _ in range(2):
        assert anonymous.post(reverse("after_death:family"), {"code": "ABC"}).status_code == 400
    assert anonymous.post(reverse("after_death:family"), {"code": "ABC"}).status_code == 429
