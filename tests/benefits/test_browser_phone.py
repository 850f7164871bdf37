"""The benefits pages on a phone (390×844), in Debian's chromium: each fits the screen (nothing
wider than the viewport unless inside a box that scrolls on its own) and what a finger presses
is at least 44px high. The measure is the one the staff pages' phone test uses."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from decimal import Decimal

import pytest

from minzheng.benefits.applications import services
from minzheng.benefits.applications.models import Application
from minzheng.benefits.enrollments.services import enrollment_create
from minzheng.benefits.models import Program
from tests.benefits.applications.conftest import members_of
from tests.benefits.factories import household_with, programs_reseed
from tests.core.api.support import static_root_exists  # noqa: F401  (autouse fixture)
from tests.personas import build_personas
from tests.web.browser import chromium, log_in
from tests.web.test_browser_phone import MEASURE, PHONE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser(monkeypatch: pytest.MonkeyPatch) -> Iterator[object]:
    yield from chromium(monkeypatch)


def test_benefits_pages_fit_a_phone(browser, live_server) -> None:  # type: ignore[no-untyped-def]
    programs_reseed()  # seeded by migrations, flushed by any live-server test that ran before
    personas = build_personas()
    dibao = Program.objects.get(code="dibao")
    household = household_with("spouse", "child")
    township = personas.aishan_officer
    app = services.application_submit(actor=township, program=dibao, household=household, reason="因病致贫，长期医疗支出")
    services.application_check_start(actor=township, application=app)
    services.application_economic_check_record(actor=township, application=app,
                                               members=members_of(household, "1000", "0", "0"))
    app = services.application_notice_start(actor=township, application=app, opinion="经入户调查，情况属实")
    checking = services.application_submit(actor=township, program=dibao, household=household_with("spouse"))
    services.application_check_start(actor=township, application=checking)
    Application.objects.filter(pk=checking.pk).update(due_on=dt.date.today() - dt.timedelta(days=1))
    enrollment = enrollment_create(actor=None, program=dibao, household=household_with("child"),
                                   approved_on=dt.date(2023, 11, 20), monthly_amount=Decimal("1234.50"), persons=2)
    pages = {
        "aishan_officer": ["/benefits/applications/", f"/benefits/applications/{app.pk}/",
                           f"/benefits/applications/{checking.pk}/check/", "/benefits/applications/new/",
                           f"/benefits/applications/households/{household.pk}/", "/benefits/enrollments/reviews/",
                           f"/benefits/enrollments/{enrollment.pk}/"],
        "wuxing_officer": ["/benefits/applications/approvals/", f"/benefits/applications/{app.pk}/"],
        "city_admin": ["/benefits/programs/"],
    }
    context = browser.new_context(viewport=PHONE, locale="zh-CN")
    page = context.new_page()
    problems = {}
    for username, paths in pages.items():
        log_in(page, live_server.url, username)
        for path in paths:
            response = page.goto(f"{live_server.url}{path}")
            assert response is not None and response.status == 200, path
            found = page.evaluate(MEASURE)
            if found["scrollWidth"] > found["innerWidth"] or found["overflowing"] or found["small"]:
                problems[path] = found
        page.context.clear_cookies()
    context.close()
    assert problems == {}, json.dumps(problems, ensure_ascii=False, indent=1)
