"""The demo city's social assistance (``minzheng.demo.assistance``): beneficiaries who are
people of the registry at their standard addresses, amounts from the programs' own policies,
the 2024 payment runs made and approved by two different people, and the summary's figures read
back from the records at the build's scale."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import transaction
from django.db.models import Count, Sum

from minzheng.assistance.low_income.selectors import assistance_figures
from minzheng.benefits.models import Application, EconomicCheck, Enrollment, PaymentLine, PaymentRun
from minzheng.benefits.programs.policy import AssetFacts, Facts, MemberFacts, policy_for
from minzheng.core.models import User
from minzheng.demo import assistance
from minzheng.demo.build import demo_build
from minzheng.demo.staff import PAYMENTS_CHECKER, PAYMENTS_MAKER, demo_staff_ensure
from minzheng.people.models import Membership, Person
from minzheng.places.models import HouseholdAddress
from tests.benefits.factories import programs_reseed
from tests.demo.conftest import SEED

SCALE = 0.002  # about 6,800 residents: a few of every kind of beneficiary


@pytest.fixture(scope="module")
def _seeded(django_db_setup, django_db_blocker):  # type: ignore[no-untyped-def]
    with django_db_blocker.unblock(), transaction.atomic():
        programs_reseed()
        demo_build(seed=SEED, scale=SCALE, progress=False)
        demo_staff_ensure()
        counts = assistance.demo_assistance_build(seed=SEED, scale=SCALE,
                                                  maker=User.objects.get(username=PAYMENTS_MAKER),
                                                  checker=User.objects.get(username=PAYMENTS_CHECKER))
        yield counts
        transaction.set_rollback(True)


@pytest.fixture
def seeded(_seeded, db):  # type: ignore[no-untyped-def]
    return _seeded


def test_the_figures_read_back_from_the_records_are_the_summary_at_the_build_scale(seeded) -> None:
    figures = assistance_figures(user=User.objects.get(username=PAYMENTS_MAKER), year=2024)
    assert figures["dibao_standard"] == Decimal("1145.00") and figures["tekun_standard"] == Decimal("1950.00")
    assert figures["temporary_aid_cases"] == round(assistance.TEMPORARY_AID_CASES * SCALE)
    assert figures["dibian_new_households"] == round(assistance.DIBIAN_NEW_HOUSEHOLDS * SCALE)
    assert figures["dibian_new_people"] == round(assistance.DIBIAN_NEW_PEOPLE * SCALE)
    target = assistance.MONITORED * SCALE
    assert target <= figures["low_income_monitored"] <= target + 6  # the last household tips it over
    spent = assistance.BASIC_AID_SPENT * Decimal(SCALE)
    # Dibao households are added until the spend reaches its share: it passes by less than one
    # household's year (at most 6 people × the standard × 12 months).
    assert spent <= figures["basic_aid_spent"] < spent + 6 * Decimal("1145") * 12


def test_beneficiaries_are_living_people_of_the_registry_at_their_standard_addresses(seeded) -> None:
    enrollments = Enrollment.objects.filter(program__code__in=["dibao", "dibian"])
    households = list(enrollments.values_list("household_id", "region_code"))
    assert households
    linked = dict(HouseholdAddress.objects.values_list("household_id", "region_code"))
    assert all(linked.get(h) == code for h, code in households)
    members = Membership.objects.filter(household_id__in=[h for h, _ in households])
    assert not members.exclude(person__status=Person.Status.ALIVE).exists()
    assert not Enrollment.objects.filter(person__status=Person.Status.DECEASED).exists()
    both = (enrollments.values("household_id").annotate(n=Count("program", distinct=True)).filter(n__gt=1))
    assert not both.exists()  # on dibao or dibian, never both


def test_tekun_persons_were_sixty_when_approved_and_live_alone(seeded) -> None:
    tekun = Enrollment.objects.filter(program__code="tekun").select_related("person")
    assert tekun.exists()
    for e in tekun:
        born = e.person.birth_date
        assert (e.approved_on.year - born.year - ((e.approved_on.month, e.approved_on.day) < (born.month, born.day))
                >= 60)
        assert Membership.objects.filter(household=e.person.membership.household).count() == 1


def test_the_years_new_cases_have_their_application_check_and_timeline(seeded) -> None:
    new = Enrollment.objects.filter(approved_on__year=2024)
    assert new.count() == Application.objects.count() > 0
    for app in Application.objects.select_related("enrollment", "economic_check", "program"):
        assert app.enrollment.approved_on == app.decided_at.date()
        assert app.economic_check.monthly_amount == app.approved_amount == app.enrollment.monthly_amount
        steps = list(app.timeline.values_list("action", flat=True))
        assert steps == ["submitted", "check_started", "checked", "notice_started", "approved"]
        assert app.notice_ends_on < app.decided_at.date()


def test_a_dibao_amount_is_the_policys_on_the_checked_incomes(seeded) -> None:
    checks = EconomicCheck.objects.filter(application__program__code="dibao").prefetch_related("members")
    assert checks.exists()
    policy = policy_for("dibao")
    for check in checks:
        facts = Facts(members=[MemberFacts(monthly_income=m.monthly_income, work_capable=m.work_capable,
                                           income_stable=m.income_stable) for m in check.members.all()],
                      assets=AssetFacts(deposits=check.deposits, vehicles=check.vehicles, houses=check.houses))
        result = policy.assess(facts, standard=check.standard, params=check.params)
        assert result.eligible and result.monthly_amount == check.monthly_amount


def test_the_2024_runs_were_made_and_approved_by_two_people_and_reconcile(seeded) -> None:
    runs = PaymentRun.objects.filter(period__year=2024)
    assert runs.count() == 36 == seeded["payment_runs"]
    for run in runs:
        assert run.status == PaymentRun.Status.EXPORTED and run.created_by_id != run.approved_by_id
        total = PaymentLine.objects.filter(run=run).aggregate(total=Sum("amount"))["total"] or Decimal("0.00")
        assert total == run.total_amount
    assert not PaymentLine.objects.exclude(status=PaymentLine.Status.PAID).exists()


def test_no_line_is_paid_outside_an_enrollments_months(seeded) -> None:
    for line in PaymentLine.objects.select_related("enrollment"):
        e = line.enrollment
        assert e.start_month <= line.period and (e.stop_month is None or line.period < e.stop_month)


def test_a_second_build_writes_nothing(seeded) -> None:
    before = (Enrollment.objects.count(), PaymentLine.objects.count(), Application.objects.count())
    again = assistance.demo_assistance_build(seed=SEED, scale=SCALE,
                                             maker=User.objects.get(username=PAYMENTS_MAKER),
                                             checker=User.objects.get(username=PAYMENTS_CHECKER))
    assert again == {}
    assert (Enrollment.objects.count(), PaymentLine.objects.count(), Application.objects.count()) == before

