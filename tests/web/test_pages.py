"""Login and logout, the home page, navigation, error pages, and markup the CSP allows."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.test import Client, RequestFactory
from django.urls import reverse
from django.views.defaults import server_error

from minzheng.core import messages as core_messages
from minzheng.web import context
from tests.factories import PersonFactory
from tests.personas import MY_VILLAGE, PASSWORD
from tests.web.world import World, login

pytestmark = pytest.mark.django_db

LOGIN = reverse("web:login")
HOME = reverse("web:home")


# Login and logout -----------------------------------------------------------------------------------

def test_login_page_is_chinese(client: Client) -> None:
    response = client.get(LOGIN)
    assert response.status_code == 200
    assert "登录民政业务平台" in response.text
    assert 'lang="zh-Hans"' in response.text


def test_login_with_a_wrong_password_says_so_in_chinese(world: World, client: Client) -> None:
    response = client.post(LOGIN, {"username": "village_worker", "password": "wrong"})
    assert response.status_code == 200
    assert core_messages.BAD_CREDENTIALS in response.text
    assert 'value="village_worker"' in response.text  # the username stays filled in
    assert "_auth_user_id" not in client.session


def test_login_and_go_where_you_were_going(world: World, client: Client) -> None:
    target = reverse("people:household_list")
    response = client.get(target)
    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN}?next={target}"
    response = client.post(f"{LOGIN}?next={target}", {"username": "village_worker", "password": PASSWORD,
                                                       "next": target})
    assert response["Location"] == target
    assert client.get(target).status_code == 200


def test_logout_is_post_only(world: World) -> None:
    client = login(Client(), world.personas.village_worker)
    assert client.get(reverse("web:logout")).status_code == 405
    assert client.get(HOME).status_code == 200
    response = client.post(reverse("web:logout"))
    assert response["Location"] == LOGIN
    assert client.get(HOME).status_code == 302


def test_anonymous_htmx_request_is_sent_to_login_as_a_whole_page(world: World, client: Client) -> None:
    response = client.get(reverse("people:person_list"), {"q": "张"}, HTTP_HX_REQUEST="true",
                          HTTP_HX_CURRENT_URL="http://testserver/people/?q=张")
    assert response.status_code == 200
    assert response["HX-Redirect"].startswith(f"{LOGIN}?next=")


# Home ----------------------------------------------------------------------------------------------

def test_home_shows_who_where_and_how_many(world: World) -> None:
    response = login(Client(), world.personas.village_worker).get(HOME)
    assert response.status_code == 200
    text = response.text
    assert "村社网格员" in text
    assert "湖州市吴兴区爱山街道仪凤桥社区" in text
    assert "330502003001" in text
    assert response.context["counts"] == {"persons": 3, "households": 1}
    assert reverse("people:person_create") in text
    assert reverse("core:audit_list") not in text


def test_home_counts_follow_the_scope(world: World) -> None:
    assert login(Client(), world.personas.city_admin).get(HOME).context["counts"] == {"persons": 9, "households": 3}
    assert login(Client(), world.personas.anji_officer).get(HOME).context["counts"] == {"persons": 3, "households": 1}


def test_home_of_staff_without_a_region_says_why_it_is_empty(world: World) -> None:
    response = login(Client(), world.personas.nobody).get(HOME)
    assert response.context["counts"] == {"persons": 0, "households": 0}
    assert "尚未设置所属区划" in response.text
    assert "未分配角色" in response.text


def test_home_quick_links_follow_permissions(world: World) -> None:
    response = login(Client(), world.personas.auditor).get(HOME)
    urls = [link["url"] for link in response.context["links"]]
    assert reverse("core:audit_list") in urls
    assert reverse("people:person_create") not in urls


# Navigation ----------------------------------------------------------------------------------------

def nav(response) -> list[tuple[str, bool]]:  # type: ignore[no-untyped-def]
    return [(item["label"], item["active"]) for item in response.context["nav_items"]]


def test_navigation_of_a_village_worker(world: World) -> None:
    response = login(Client(), world.personas.village_worker).get(reverse("people:household_list"))
    labels = [label for label, _ in nav(response)]
    assert labels[:3] == ["工作台", "人员查询", "家庭户"]
    assert "审计日志" not in labels
    # Only the most specific item is lit: /people/households/ is not also 人员查询.
    assert [label for label, active in nav(response) if active] == ["家庭户"]


def test_navigation_of_an_auditor_has_the_audit_log(world: World) -> None:
    response = login(Client(), world.personas.auditor).get(reverse("core:audit_list"))
    assert ("审计日志", True) in nav(response)
    assert "数据导入" not in [label for label, _ in nav(response)]  # no import power


def test_navigation_skips_pages_that_are_not_mounted(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(context, "NAVIGATION", [*context.NAVIGATION, context.NavItem("未来", "nowhere:page")])
    response = login(Client(), world.personas.city_admin).get(HOME)
    assert "未来" not in [label for label, _ in nav(response)]
    assert ("工作台", True) in nav(response)


def test_anonymous_visitors_see_no_navigation(client: Client) -> None:
    assert client.get(LOGIN).context["nav_items"] == []


# Error pages ---------------------------------------------------------------------------------------

def test_404_page_is_chinese_and_does_not_say_whether_the_record_exists(world: World) -> None:
    client = login(Client(), world.personas.village_worker)
    elsewhere = client.get(reverse("people:person_detail", args=[world.villages["330523001001"].head.pk]))
    missing = client.get(reverse("people:person_detail", args=[999999]))
    assert elsewhere.status_code == missing.status_code == 404
    assert "404 · 未找到" in elsewhere.text
    def page(response) -> str:  # type: ignore[no-untyped-def]  # minus the per-render CSRF mask and request id
        return re.sub(r'"X-CSRFToken": "[^"]+"|name="csrfmiddlewaretoken" value="[^"]+"|请求编号：[0-9a-f]+', "",
                      response.text)

    assert page(elsewhere) == page(missing)


def test_403_page_is_chinese(world: World) -> None:
    response = login(Client(), world.personas.village_worker).get(reverse("core:audit_list"))
    assert response.status_code == 403
    assert "403 · 无权访问" in response.text


def test_500_page_is_chinese_and_needs_no_request_context() -> None:
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert "500 · 系统错误" in response.content.decode()


# Markup the CSP allows -----------------------------------------------------------------------------

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I)
INLINE_STYLE = re.compile(r"<style\b|\sstyle=", re.I)
EVENT_HANDLER = re.compile(r"\son[a-z]+=", re.I)
EXTERNAL = re.compile(r"""(src|href)=["']https?://""", re.I)


def test_pages_carry_no_inline_script_style_or_handlers(world: World) -> None:
    client = login(Client(), world.personas.city_admin)
    mine = world.mine
    urls = [
        HOME,
        reverse("people:person_list"),
        reverse("people:person_create"),
        reverse("people:person_detail", args=[mine.head.pk]),
        reverse("people:person_detail", args=[mine.loner.pk]),
        reverse("people:person_update", args=[mine.head.pk]),
        reverse("people:person_record_death", args=[mine.head.pk]),
        reverse("people:household_list"),
        reverse("people:household_create"),
        reverse("people:household_detail", args=[mine.household.pk]),
    ]
    auditor = login(Client(), world.personas.auditor)
    pages = [(url, client.get(url)) for url in urls]
    pages += [(url, auditor.get(url)) for url in (reverse("core:audit_list"), reverse("core:access_log_list"))]
    pages += [("login", Client().get(LOGIN)), ("404", client.get("/people/999999/"))]
    for url, response in pages:
        assert response.status_code in (200, 404), url
        html = response.text
        assert not INLINE_SCRIPT.search(html), url
        assert not INLINE_STYLE.search(html), url
        assert not EVENT_HANDLER.search(html), url
        assert not EXTERNAL.search(html), url


def test_navigation_lights_address_matching_on_its_own_page(world: World) -> None:
    response = login(Client(), world.personas.village_worker).get(reverse("matching:match"))
    assert [label for label, active in nav(response) if active] == ["地址匹配"]


def test_start_page_counts_are_kept_for_a_minute_per_scope(world: World) -> None:
    client = login(Client(), world.personas.city_admin)
    before = client.get(HOME).context["counts"]["persons"]
    PersonFactory(region_code=MY_VILLAGE)
    assert client.get(HOME).context["counts"]["persons"] == before  # the minute has not passed
    cache.clear()
    assert client.get(HOME).context["counts"]["persons"] == before + 1
