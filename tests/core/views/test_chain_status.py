"""The auditors' pages show what the last verification of each log's hash chain found."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from minzheng.core.audit_verify import audit_chain_verify
from tests.core.tamper import raw
from tests.web.world import World, login

pytestmark = pytest.mark.django_db

PAGES = [reverse("core:audit_list"), reverse("core:access_log_list")]


@pytest.mark.parametrize("url", PAGES)
def test_the_page_says_when_no_verification_has_run(world: World, url: str) -> None:
    response = login(Client(), world.personas.auditor).get(url)
    assert response.status_code == 200
    assert response.context["verifications"] == [("审计日志", None), ("个人信息访问日志", None)]
    assert response.text.count("尚未核验过") == 2


@pytest.mark.parametrize("url", PAGES)
def test_the_page_shows_the_last_verification_of_each_log(world: World, url: str) -> None:
    audit_chain_verify(actor=None, table="audit")
    raw("core_auditentry", "UPDATE core_auditentry SET object_repr = '改过' "
        "WHERE id = (SELECT MIN(id) FROM core_auditentry)")
    broken = audit_chain_verify(actor=world.personas.auditor, table="audit")
    clean = audit_chain_verify(actor=None, table="access")
    assert not broken.ok and clean.ok
    response = login(Client(), world.personas.auditor).get(url)
    assert response.context["verifications"] == [("审计日志", broken), ("个人信息访问日志", clean)]
    assert f"{timezone.localtime(broken.started_at):%Y-%m-%d %H:%M} 核验（auditor）" in response.text
    assert f"发现问题</span> {broken.reason}" in response.text
    assert f"完好</span> 共 {clean.rows_checked} 条记录" in response.text
    assert "命令行" in response.text


def test_the_htmx_search_leaves_the_verification_out(world: World) -> None:
    response = login(Client(), world.personas.auditor).get(PAGES[0], HTTP_HX_REQUEST="true", HTTP_HX_TARGET="results")
    assert "防篡改核验" not in response.text
