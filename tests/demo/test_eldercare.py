"""The demo city's care homes, residents, assessments, bed subsidy and love cards
(``minzheng.demo.eldercare``, ``minzheng.demo.love_cards``): the summary's figures at the build's
scale, the rules every record obeys (residents living and 60 or over, one open stay per person
and per bed, levels that recompute from their scores, balances that are the sums of their
entries and never below zero), and a second build that writes nothing."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

import pytest
from django.db import transaction
from django.db.models import Count, Sum
from django.utils import timezone

from minzheng.core.models import AuditEntry, User
from minzheng.demo import eldercare, facilities, love_cards
from minzheng.demo.build import demo_build
from minzheng.demo.staff import PAYMENTS_CHECKER, PAYMENTS_MAKER, demo_operators_ensure, demo_staff_ensure
from minzheng.eldercare.assessment.models import Assessment
from minzheng.eldercare.assessment.scoring import INDICATORS, score
from minzheng.eldercare.beds.models import Bed, BedSubsidyLine, BedSubsidyRun, Occupancy
from minzheng.eldercare.beds.selectors import beds_visible
from minzheng.eldercare.figures.selectors import eldercare_figures
from minzheng.eldercare.love_cards.models import LoveCard, LoveCardEntry
from minzheng.facilities.models import Facility
from minzheng.facilities.sites.models import Kind
from minzheng.people.models import Person
from tests.demo.conftest import SEED

SCALE = 0.004  # about 13,600 residents: 1 home of beds, some 1,200 cards


def _age(born: dt.date, on: dt.date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


@pytest.fixture(scope="module")
def _seeded(django_db_setup, django_db_blocker):  # type: ignore[no-untyped-def]
    with django_db_blocker.unblock(), transaction.atomic():
        demo_build(seed=SEED, scale=SCALE, progress=False)
        demo_staff_ensure()
        maker, checker = (
            User.objects.get(username=PAYMENTS_MAKER),
            User.objects.get(username=PAYMENTS_CHECKER),
        )
        facilities.demo_facilities_build(seed=SEED, scale=SCALE)
        counts = {
            "eldercare": eldercare.demo_eldercare_build(seed=SEED, scale=SCALE, maker=maker, checker=checker),
            "love_cards": love_cards.demo_love_cards_build(seed=SEED, scale=SCALE),
        }
        yield counts
        transaction.set_rollback(True)


@pytest.fixture
def seeded(_seeded, db):  # type: ignore[no-untyped-def]
    return _seeded


def test_the_summary_figures_are_counts_of_the_records_at_the_build_scale(seeded) -> None:
    homes = Facility.objects.filter(kind=Kind.CARE_HOME, beds__active=True).distinct()
    assert homes.count() == eldercare.scaled(eldercare.BED_CODED_HOMES, SCALE)
    assert LoveCard.objects.count() == love_cards.scaled(love_cards.ACTIVATED, SCALE)
    # Every care home with beds has as many as its capacity says.
    for home in homes.annotate(n=Count("beds")):
        assert home.capacity == home.n
    # The figures page reads the same counts back for the summary's year: every bed was coded by then.
    figures = eldercare_figures(actor=User.objects.get(username="city_admin"), year=2024)
    assert figures["care_homes_bed_code"] == homes.count()
    assert figures["beds"] == Bed.objects.count()
    assert figures["love_cards_activated"] == LoveCard.objects.count()


def test_beds_have_unique_random_codes_rooms_and_both_kinds(seeded) -> None:
    beds = list(Bed.objects.all())
    assert len({b.code for b in beds}) == len(beds) >= 20
    assert {b.kind for b in beds} == {"nursing", "ordinary"}
    assert all(b.region_code == b.facility.region_code for b in Bed.objects.select_related("facility")[:50])


def test_residents_are_living_elders_of_sixty_or_over_one_bed_each(seeded) -> None:
    stays = list(Occupancy.objects.select_related("person", "bed"))
    open_stays = [s for s in stays if s.checked_out_on is None]
    assert open_stays
    for stay in stays:
        assert _age(stay.person.birth_date, stay.checked_in_on) >= 60
        assert stay.facility_id == stay.bed.facility_id
    for stay in open_stays:
        assert stay.person.status == Person.Status.ALIVE
    assert len({s.person_id for s in open_stays}) == len(open_stays)
    assert len({s.bed_id for s in open_stays}) == len(open_stays)
    # No two stays of a bed, or of a person, overlap (half-open intervals).
    far = dt.date(9999, 1, 1)
    for key in ("bed_id", "person_id"):
        by: dict[int, list[Occupancy]] = {}
        for stay in stays:
            by.setdefault(getattr(stay, key), []).append(stay)
        for group in by.values():
            group.sort(key=lambda s: s.checked_in_on)
            for earlier, later in itertools.pairwise(group):
                assert (earlier.checked_out_on or far) <= later.checked_in_on


def test_occupancy_is_realistic_and_some_left_during_2024(seeded) -> None:
    beds = Bed.objects.count()
    occupied = Occupancy.objects.filter(checked_out_on__isnull=True).count()
    assert 0.4 <= occupied / beds <= 0.85
    assert Occupancy.objects.filter(checked_out_on__year=2024, check_out_reason="discharged").exists()
    died = Occupancy.objects.filter(check_out_reason="died").select_related("person")
    assert died.exists()
    for stay in died:
        assert stay.person.status == Person.Status.DECEASED and stay.person.death_date == stay.checked_out_on


def test_every_assessment_level_recomputes_from_its_scores(seeded) -> None:
    rows = list(Assessment.objects.select_related("person"))
    residents = set(Occupancy.objects.values_list("person_id", flat=True))
    assert residents <= {a.person_id for a in rows}
    assert len(rows) > len(residents)  # elders at home were assessed too
    today = timezone.localdate()
    for a in rows:
        result = score(
            a.scores,
            coma=a.coma,
            dementia=a.dementia,
            psychiatric=a.psychiatric,
            risk_events_30d=a.risk_events_30d,
        )
        assert (a.total, a.preliminary_level, a.level) == (
            result.total,
            result.preliminary_level,
            result.level,
        )
        assert tuple(getattr(a, i.key) for i in INDICATORS) == result.subtotals
        assert _age(a.person.birth_date, a.assessed_on) >= 60 and a.assessed_on <= today
        assert a.person.death_date is None or a.assessed_on <= a.person.death_date
    assert len({a.level for a in rows}) >= 4


def test_the_2024_bed_subsidy_runs_are_approved_by_another_and_total_their_lines(seeded) -> None:
    runs = list(BedSubsidyRun.objects.filter(period__year=2024))
    assert len(runs) == 12
    for run in runs:
        assert run.status == BedSubsidyRun.Status.APPROVED and run.approved_by_id != run.created_by_id
        lines = BedSubsidyLine.objects.filter(run=run).aggregate(n=Count("id"), total=Sum("amount"))
        assert run.line_count == lines["n"] > 0
        assert run.total_amount == Decimal(lines["total"]).quantize(Decimal("0.01"))


def test_cards_belong_to_living_elders_of_sixty_or_over_on_the_day(seeded) -> None:
    cards = list(LoveCard.objects.select_related("person"))
    for card in cards:
        day = timezone.localtime(card.activated_at).date()
        assert card.person.status == Person.Status.ALIVE and _age(card.person.birth_date, day) >= 60
        assert card.region_code == card.person.region_code and card.status == LoveCard.Status.ACTIVE
    # The summary's 300,000 cards activated in 2024 are all there by the year's end.
    assert cards and all(timezone.localtime(c.activated_at).date() <= dt.date(2024, 12, 31) for c in cards)


def test_balances_are_the_sums_of_the_entries_and_never_below_zero(seeded) -> None:
    sums = dict(LoveCardEntry.objects.values("card_id").annotate(s=Sum("amount")).values_list("card_id", "s"))
    kinds = set(LoveCardEntry.objects.values_list("kind", flat=True))
    assert kinds == {"subsidy", "enterprise_top_up", "family_top_up"}  # credits only: meals debit later
    for card in LoveCard.objects.all():
        assert card.balance >= 0
        assert card.balance == Decimal(sums.get(card.pk, 0)).quantize(Decimal("0.01"))
    keys = LoveCardEntry.objects.values_list("idempotency_key", flat=True)
    assert len(set(keys)) == len(keys) and all(keys)


def test_the_age_subsidy_goes_to_cardholders_of_eighty_from_their_month_of_activation(seeded) -> None:
    subsidies = LoveCardEntry.objects.filter(kind="subsidy").select_related("card__person")
    assert subsidies.exists()
    for entry in subsidies:
        assert entry.card.person.birth_date <= love_cards.SUBSIDY_BORN_BY
        assert entry.period >= timezone.localtime(entry.card.activated_at).date().replace(day=1)
        assert entry.amount == love_cards.SUBSIDY and entry.period.year == 2024


def test_the_care_home_operator_login_sees_its_homes_beds(seeded) -> None:
    logins = {
        lg.username: lg for lg in demo_operators_ensure(actor=User.objects.get(username=PAYMENTS_MAKER))
    }
    user = User.objects.get(username="carehome_operator")
    assert "carehome_operator" in logins and beds_visible(user=user).exists()
    assert (
        not beds_visible(user=user)
        .exclude(facility__operator=facilities.demo_operator(Kind.CARE_HOME))
        .exists()
    )


def _rows() -> tuple[int, ...]:
    models = (Bed, Occupancy, Assessment, LoveCard, LoveCardEntry, AuditEntry)
    return tuple(model.objects.count() for model in models)


def test_a_second_build_writes_nothing(seeded) -> None:
    before = _rows()
    maker, checker = User.objects.get(username=PAYMENTS_MAKER), User.objects.get(username=PAYMENTS_CHECKER)
    assert eldercare.demo_eldercare_build(seed=SEED, scale=SCALE, maker=maker, checker=checker) == {}
    assert love_cards.demo_love_cards_build(seed=SEED, scale=SCALE) == {}
    assert _rows() == before
    assert seeded["eldercare"]["beds"] == before[0] and seeded["love_cards"]["love_cards"] == before[3]
