"""The living allowances on the benefits engine: a month granted from the active profiles
(孤儿基本生活费 for orphans, 事实无人抚养儿童基本生活补贴 for the de-facto unsupported), idempotent, paid
by a run that another officer approves; a profile ended stops its allowance from the next month."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from minzheng.benefits.enrollments.models import Enrollment
from minzheng.benefits.payments.models import PaymentRun
from minzheng.benefits.payments.services import payment_run_approve
from minzheng.children.allowances.services import child_allowance_grant, child_allowance_pay
from minzheng.children.profiles.models import ChildProfile
from minzheng.children.profiles.services import ParentInput
from minzheng.core.models import Region
from minzheng.core.roles import Role
from minzheng.core.services import staff_create
from tests.assistance.factories import person_born
from tests.children.conftest import MakeProfile
from tests.personas import PASSWORD, Personas

pytestmark = pytest.mark.django_db
OPENED = dt.date(2024, 3, 10)
DE_FACTO = [ParentInput(role="father", status="seriously_ill"), ParentInput(role="mother", status="dead")]


def test_a_month_is_granted_from_the_active_profiles_and_paid_by_a_run(
    personas: Personas, make_profile: MakeProfile
) -> None:
    orphan = make_profile(personas.aishan_officer, person_born(dt.date(2014, 1, 1))[0], opened_on=OPENED)
    make_profile(
        personas.aishan_officer,
        person_born(dt.date(2013, 1, 1))[0],
        categories=("de_facto_unsupported",),
        parents=DE_FACTO,
        opened_on=OPENED,
    )
    make_profile(
        personas.aishan_officer,
        person_born(dt.date(2012, 1, 1))[0],
        categories=("migrant",),
        opened_on=OPENED,
    )
    assert (
        child_allowance_grant(
            actor=personas.city_admin, program_code="orphan_living", month=dt.date(2024, 2, 1)
        ).eligible
        == 0
    )  # opened in March
    grant, run = child_allowance_pay(
        actor=personas.city_admin, program_code="orphan_living", month=dt.date(2024, 3, 1)
    )
    assert (grant.eligible, grant.created, grant.total) == (1, 1, Decimal("2100.00"))
    assert run.status == PaymentRun.Status.COMPUTED and run.line_count == 1
    enrollment = Enrollment.objects.get(program__code="orphan_living")
    assert enrollment.person_id == orphan.person_id and enrollment.start_month == dt.date(2024, 3, 1)
    again = child_allowance_grant(
        actor=personas.city_admin, program_code="orphan_living", month=dt.date(2024, 3, 1)
    )
    assert (again.created, again.stopped) == (0, 0)
    assert (
        child_allowance_grant(
            actor=personas.city_admin, program_code="de_facto_living", month=dt.date(2024, 3, 1)
        ).created
        == 1
    )
    with pytest.raises(ValidationError):
        payment_run_approve(actor=personas.city_admin, run=run)  # maker ≠ checker
    checker = staff_create(
        actor=None,
        username="city_checker",
        password=PASSWORD,
        role=Role.CITY_ADMIN,
        region=Region.objects.get(code="330500000000"),
        display_name="复核员",
    )
    assert payment_run_approve(actor=checker, run=run).status == PaymentRun.Status.APPROVED


def test_an_ended_profile_is_paid_its_last_month_then_stopped(
    personas: Personas, make_profile: MakeProfile
) -> None:
    orphan = make_profile(personas.aishan_officer, person_born(dt.date(2014, 1, 1))[0], opened_on=OPENED)
    child_allowance_grant(actor=personas.city_admin, program_code="orphan_living", month=dt.date(2024, 4, 1))
    ChildProfile.objects.filter(pk=orphan.pk).update(
        status="ended", ended_on=dt.date(2024, 5, 20), end_reason="not_eligible"
    )
    may = child_allowance_grant(
        actor=personas.city_admin, program_code="orphan_living", month=dt.date(2024, 5, 1)
    )
    assert (may.eligible, may.stopped) == (1, 0)
    june = child_allowance_grant(
        actor=personas.city_admin, program_code="orphan_living", month=dt.date(2024, 6, 1)
    )
    assert (june.eligible, june.stopped) == (0, 1)
    assert Enrollment.objects.get(program__code="orphan_living").stop_month == dt.date(2024, 6, 1)


def test_granting_needs_the_payments_permission_and_a_known_program(personas: Personas) -> None:
    with pytest.raises(PermissionDenied):
        child_allowance_grant(
            actor=personas.aishan_officer, program_code="orphan_living", month=dt.date(2024, 3, 1)
        )
    with pytest.raises(ValidationError):
        child_allowance_grant(actor=personas.city_admin, program_code="dibao", month=dt.date(2024, 3, 1))
