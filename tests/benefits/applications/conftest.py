"""An application of the personas' township taken to any status through the real services."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

import pytest
from django.utils import timezone

from minzheng.benefits.applications import services
from minzheng.benefits.applications.models import Application
from minzheng.benefits.applications.services import MemberInput
from minzheng.people.models import Household
from tests.benefits.factories import household_with

S = Application.Status


def members_of(household: Household, *incomes: str) -> list[MemberInput]:
    """The household's registry members in order, with the given monthly wages. The factory's
    children are adults; they are taken as full-time students, so they count."""
    memberships = list(household.memberships.select_related("person").order_by("id"))
    return [MemberInput(person=m.person, relationship=m.relationship, dependent=m.relationship == "child",
                        incomes={"wage": Decimal(incomes[i] if i < len(incomes) else "0")})
            for i, m in enumerate(memberships)]


@pytest.fixture
def later(monkeypatch) -> Callable[[int], None]:  # type: ignore[no-untyped-def]
    """Move the services' today forward by ``days`` (a notice must have ended before approval)."""

    def move(days: int) -> None:
        day = timezone.localdate() + dt.timedelta(days=days)
        monkeypatch.setattr(services, "_today", lambda: day)

    return move


@pytest.fixture
def make_application(personas, dibao) -> Callable[..., Application]:  # type: ignore[no-untyped-def]
    def make(status: str = S.SUBMITTED, *, incomes: tuple[str, ...] = ("1000", "0", "0"),
             region_code: str = "330502003001") -> Application:
        household = household_with("spouse", "child", region_code=region_code)
        officer = personas.aishan_officer if region_code.startswith("330502003") else personas.wuxing_officer
        app = services.application_submit(actor=officer, program=dibao, household=household)
        if status == S.SUBMITTED:
            return app
        app = services.application_check_start(actor=officer, application=app)
        if status == S.ECONOMIC_CHECK:
            return app
        services.application_economic_check_record(actor=officer, application=app,
                                                   members=members_of(household, *incomes))
        app.refresh_from_db()
        if status == S.TOWNSHIP_REVIEW:
            return app
        app = services.application_notice_start(actor=officer, application=app, opinion="情况属实")
        if status == S.PUBLIC_NOTICE:
            return app
        if status == S.REFUSED:
            return services.application_refuse(actor=personas.wuxing_officer, application=app, reason="收入超标")
        raise ValueError(status)

    return make
