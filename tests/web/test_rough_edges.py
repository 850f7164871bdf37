"""Small things of the staff pages: counts read with thousands separators, a label's suffix is the
full-width colon, and the start page offers each role only what it can do."""

from __future__ import annotations

import pytest
from django import forms
from django.test import Client
from django.urls import reverse
from django.utils import translation

from minzheng.web import views
from tests.web.world import World, login

pytestmark = pytest.mark.django_db

HOME = reverse("web:home")


def test_start_page_counts_have_thousands_separators(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(views, "registry_counts", lambda *, user: {"persons": 34015, "households": 1310224})
    text = login(Client(), world.personas.city_admin).get(HOME).text
    assert '<p class="stat" id="count-persons">34,015</p>' in text
    assert '<p class="stat" id="count-households">1,310,224</p>' in text


def test_a_label_suffix_is_the_full_width_colon() -> None:
    class Form(forms.Form):
        id_number = forms.CharField(label="居民身份证号")

    with translation.override("zh-hans"):
        assert Form()["id_number"].label_tag() == '<label for="id_id_number">居民身份证号：</label>'


def test_forms_that_show_a_label_suffix_show_the_full_width_colon(world: World) -> None:
    text = login(Client(), world.personas.wuxing_officer).get(reverse("addresses:create")).text
    assert "：</label>" in text
    assert ":</label>" not in text


def test_the_auditors_start_page_describes_no_household_changes(world: World) -> None:
    response = login(Client(), world.personas.auditor).get(HOME)
    hints = {link["label"]: link["hint"] for link in response.context["links"]}
    assert set(hints) == {"人员查询", "家庭户", "审计日志"}
    assert hints["家庭户"] == views.HOUSEHOLDS_READ_HINT
    for verb in ("添加", "调整", "迁移", "新建", "新增", "导入"):
        assert all(verb not in hint for hint in hints.values()), verb


def test_a_village_worker_is_told_what_they_can_change(world: World) -> None:
    response = login(Client(), world.personas.village_worker).get(HOME)
    hints = {link["label"]: link["hint"] for link in response.context["links"]}
    assert hints["家庭户"] == "查看家庭户，添加、调整、迁移成员"
    assert "新建家庭户" in hints
