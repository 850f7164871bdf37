"""The demo city's year of home-service orders (``minzheng.demo.home_services``): clients are elders
of 60 or over by a community care centre of their township, every visit is near their home and
longer than its kind's minimum, each caregiver is an uncertified care worker of the centre with
no two visits at once, love-card orders are debited once each with the key ``order:<id>``, the
monthly supervision finds exactly the planted defects, every home-bed contract meets its plan
with its provider's visits, and a second build writes nothing."""

from __future__ import annotations

import datetime as dt
import itertools
from collections import Counter
from decimal import Decimal

import pytest
from django.db import connection, transaction
from django.utils import timezone

from minzheng.core.models import AuditEntry, User
from minzheng.demo import eldercare, facilities, home_services, love_cards
from minzheng.demo.build import demo_build
from minzheng.demo.staff import PAYMENTS_CHECKER, PAYMENTS_MAKER, demo_staff_ensure
from minzheng.eldercare.caregivers.models import Caregiver
from minzheng.eldercare.home_beds.models import HomeBed, HomeBedPlanItem
from minzheng.eldercare.home_beds.selectors import compliance_many
from minzheng.eldercare.home_services.models import ServiceOrder, SupervisionFinding
from minzheng.eldercare.home_services.supervision import (
    METRES_PER_DEGREE_LAT,
    METRES_PER_DEGREE_LNG,
    supervision_run,
)
from minzheng.eldercare.love_cards.models import LoveCard, LoveCardEntry
from minzheng.facilities.sites.models import Facility, Kind
from minzheng.people.models import Person
from tests.demo.conftest import SEED

SCALE = 0.004  # about 13,600 residents: one community care centre


def _home_beds_sign() -> None:
    """A few home-bed contracts (the small city has no low-income enrollments for
    ``demo.home_beds`` to choose from): elders with a centre or care home open by the year,
    starting over the year, one ended in it, with plans like the demo's."""
    providers = list(
        Facility.objects.filter(
            kind__in=[Kind.COMMUNITY_CARE_CENTRE, Kind.CARE_HOME],
            status=Facility.Status.OPEN,
            opened_on__lte=dt.date(2024, 1, 1),
        ).order_by("kind", "id")
    )
    elders = Person.objects.filter(birth_date__lte=dt.date(1964, 1, 1), death_date=None).order_by("id")
    plans = [
        {"cleaning": 4, "medical": 2},
        {"meal": 8, "cleaning": 2},
        {"bathing": 2, "mobility": 1, "medical": 1},
    ]
    for n, person in enumerate(elders[:6]):
        started = dt.date(2024, 1 + 2 * n, 1 + 5 * n)
        bed = HomeBed.objects.create(
            person=person,
            provider=providers[n % len(providers)],
            region_code=person.region_code,
            started_on=started,
            ended_on=dt.date(2024, 6, 20) if n == 1 else None,
            status="ended" if n == 1 else "active",
            end_reason="withdrawn" if n == 1 else "",
            eligibility="low_income",
            signed_at=timezone.make_aware(dt.datetime.combine(started, dt.time(9))),
        )
        for kind, visits in plans[n % len(plans)].items():
            HomeBedPlanItem.objects.create(home_bed=bed, kind=kind, visits_per_month=visits)


@pytest.fixture(scope="module")
def _built(django_db_setup, django_db_blocker):  # type: ignore[no-untyped-def]
    """The small city with every eldest of its centre's township a client (the build's share
    would give a handful), built once through the index drop and rebuild of a big load."""
    with django_db_blocker.unblock(), transaction.atomic():
        demo_build(seed=SEED, scale=SCALE, progress=False)
        demo_staff_ensure()
        facilities.demo_facilities_build(seed=SEED, scale=SCALE)
        # The care homes' part records the registry's deaths the after-death defects need.
        eldercare.demo_eldercare_build(
            seed=SEED,
            scale=SCALE,
            maker=User.objects.get(username=PAYMENTS_MAKER),
            checker=User.objects.get(username=PAYMENTS_CHECKER),
        )
        love_cards.demo_love_cards_build(seed=SEED, scale=SCALE)
        _home_beds_sign()
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(home_services, "CLIENTS_PER_MILLE", 1000)
            counts = home_services.demo_home_services_build(seed=SEED, scale=SCALE, rebuild_indexes=True)
        yield counts
        transaction.set_rollback(True)


@pytest.fixture
def built(_built, db):  # type: ignore[no-untyped-def]
    return _built


def _age(born: dt.date, on: dt.date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def _bed_orders() -> set[int]:
    """The orders of a home-bed holder with their contract's provider (the plan's visits)."""
    pairs = set(HomeBed.objects.values_list("person_id", "provider_id"))
    return {
        pk
        for pk, *pair in ServiceOrder.objects.values_list("id", "person_id", "provider_id")
        if tuple(pair) in pairs
    }


def _planted(counts: dict, rule: str) -> set[int]:
    """The orders a rule's planted defects are found on."""
    return {pk for ids in counts["planted"][rule] for pk in (ids if rule == "caregiver_overlap" else ids[:1])}


def _home(order: ServiceOrder) -> tuple[Decimal, Decimal] | None:
    try:
        address = order.person.membership.household.standard_address.address
    except Exception:
        return None
    return (address.lng, address.lat) if address.lng is not None else None


def test_a_year_of_orders_for_the_elders_by_a_community_care_centre(built) -> None:
    orders = list(ServiceOrder.objects.select_related("person", "provider"))
    assert built["orders"] == len(orders) > 1_000
    elders = {o.person_id for o in orders if o.period.year == 2024}
    assert 20 < len(elders) <= built["clients"] + HomeBed.objects.count()
    after_death = _planted(built, "after_death")
    bed_orders = _bed_orders()
    for order in orders:
        assert order.provider.kind == Kind.COMMUNITY_CARE_CENTRE or order.pk in bed_orders
        assert order.region_code == order.provider.region_code
        local = timezone.localtime(order.scheduled_at)
        assert order.period == local.date().replace(day=1) and 8 <= local.hour < 17
        if order.pk in after_death:
            assert order.period == home_services.AFTER_DEATH_MONTH
            continue
        assert order.period.year == 2024 and order.scheduled_at.date() >= order.provider.opened_on
        if order.pk not in bed_orders:  # a home bed's provider is any of the county's
            assert order.person.region_code[:9] == order.provider.region_code[:9]
        assert _age(order.person.birth_date, dt.date(2024, 1, 1)) >= 60
        assert order.person.death_date is None or order.scheduled_at.date() < order.person.death_date
    kinds = Counter(o.kind for o in orders)
    assert set(kinds) == set(ServiceOrder.Kind.values)
    assert kinds.most_common(1)[0][0] == "cleaning" and kinds["emergency"] < kinds["meal"]
    cancelled = sum(o.status == "cancelled" for o in orders)
    assert 0.005 < cancelled / len(orders) < 0.04
    assert {o.status for o in orders} == {"done", "cancelled", "scheduled"}  # scheduled: the duplicates
    assert len([o for o in orders if o.status == "scheduled"]) == len(built["planted"]["duplicate_order"])


def test_done_visits_last_their_minutes_above_the_kinds_minimum_and_are_mostly_rated_well(built) -> None:
    short = _planted(built, "short_visit")
    overlap = _planted(built, "caregiver_overlap")
    done = list(ServiceOrder.objects.filter(status="done"))
    for order in done:
        assert order.checked_out_at - order.checked_in_at == dt.timedelta(minutes=order.minutes)
        assert order.scheduled_at <= order.checked_in_at <= order.scheduled_at + dt.timedelta(minutes=4)
        low, high = home_services.KINDS[order.kind][1:3]
        if order.pk in short:
            assert order.minutes == home_services.RULE_MINIMUM[order.kind] - 1
        elif order.pk not in overlap:
            assert low <= order.minutes <= high
    for order in ServiceOrder.objects.exclude(status="done"):
        assert order.checked_in_at is None and order.minutes is None and order.rating is None
    ratings = Counter(o.rating for o in done if o.rating is not None)
    assert sum(ratings.values()) > 0.85 * len(done)
    assert (ratings[4] + ratings[5]) / sum(ratings.values()) > 0.85 and ratings[5] > ratings[4]


def test_check_ins_are_within_50_m_of_the_home_but_the_planted_far_ones(built) -> None:
    far = _planted(built, "far_check_in")
    orders = ServiceOrder.objects.filter(status="done").select_related(
        "person__membership__household__standard_address__address"
    )
    judged = 0
    for order in orders:
        home = _home(order)
        if home is None:
            continue
        judged += 1
        for lng, lat in (
            (order.check_in_lng, order.check_in_lat),
            (order.check_out_lng, order.check_out_lat),
        ):
            dx = float(lng - home[0]) * METRES_PER_DEGREE_LNG
            dy = float(lat - home[1]) * METRES_PER_DEGREE_LAT
            metres = (dx * dx + dy * dy) ** 0.5
            if order.pk in far and lat == order.check_in_lat:
                assert metres > 1_000
            else:
                assert metres < 50
    assert judged > 1_000


def test_caregivers_are_uncertified_workers_of_the_centre_with_no_two_visits_at_once(built) -> None:
    overlap = _planted(built, "caregiver_overlap")
    orders = (
        ServiceOrder.objects.filter(status="done")
        .select_related("caregiver__person")
        .order_by("checked_in_at")
    )
    by_caregiver: dict[int, list[ServiceOrder]] = {}
    for order in orders:
        assert order.caregiver is not None
        assert order.caregiver.employer_id == order.provider_id and order.caregiver.level == ""
        worker = order.caregiver.person
        assert (
            _age(worker.birth_date, dt.date(2024, 1, 1)) >= 18
            and _age(worker.birth_date, dt.date(2024, 12, 31)) < 60
        )
        assert worker.region_code[:9] == order.region_code[:9]
        by_caregiver.setdefault(order.caregiver_id, []).append(order)
    for visits in by_caregiver.values():
        days = Counter(timezone.localtime(v.checked_in_at).date() for v in visits)
        assert max(days.values()) <= home_services.SLOTS
        for earlier, later in itertools.pairwise(visits):
            if {earlier.pk, later.pk} <= overlap:
                assert later.checked_in_at < earlier.checked_out_at
            else:
                assert earlier.checked_out_at <= later.checked_in_at
    hired = Caregiver.objects.filter(level="")
    assert built["caregivers_hired"] == built["caregivers_needed"] > 1
    assert hired.count() == built["caregivers_hired"] + built["home_bed_caregivers_hired"]


def test_every_home_bed_contract_gets_its_plans_visits_with_its_provider_each_month(built) -> None:
    beds = list(HomeBed.objects.all())
    assert beds and built["home_bed_visits"] > 0 and built["home_bed_caregivers_hired"] > 0
    judged = 0
    for month in [dt.date(2024, m, 1) for m in range(1, 13)]:
        for compliance in compliance_many(home_beds=beds, month=month).values():
            if compliance.covered_days:
                judged += 1
                assert compliance.met and compliance.done == compliance.expected > 0
    assert judged >= len(beds)


def test_love_card_orders_are_debited_once_with_the_order_key(built) -> None:
    paid = list(ServiceOrder.objects.filter(payer="love_card").select_related("love_card_entry"))
    assert paid and built["love_card_debits"] == len(paid)
    for order in paid:
        entry = order.love_card_entry
        assert entry.idempotency_key == f"order:{order.pk}" and entry.kind == LoveCardEntry.Kind.HOME_SERVICE
        assert entry.amount == order.price and entry.direction == "debit" and order.status == "done"
        assert entry.card.person_id == order.person_id
    assert not ServiceOrder.objects.exclude(payer="love_card").filter(love_card_entry__isnull=False).exists()
    assert not LoveCard.objects.filter(balance__lt=0).exists()
    payers = Counter(ServiceOrder.objects.values_list("payer", flat=True))
    assert payers["subsidy"] > payers["love_card"] > 0 and payers["self"] > 0


def test_supervision_over_each_month_finds_exactly_the_planted_defects(built) -> None:
    months = [dt.date(2024, m, 1) for m in range(1, 13)] + [home_services.AFTER_DEATH_MONTH]
    counts: Counter[str] = Counter()
    for month in months:
        counts.update(supervision_run(period=month).counts)
    found = set(SupervisionFinding.objects.values_list("rule", "order_id", "other_order_id"))
    planted = built["planted"]
    expected = {("short_visit", pk, None) for (pk,) in planted["short_visit"]}
    expected |= {("far_check_in", pk, None) for (pk,) in planted["far_check_in"]}
    expected |= {("after_death", pk, None) for (pk,) in planted["after_death"]}
    expected |= {("duplicate_order", copy, first) for copy, first in planted["duplicate_order"]}
    expected |= {("caregiver_overlap", a, b) for a, b in planted["caregiver_overlap"]}
    expected |= {("caregiver_overlap", b, a) for a, b in planted["caregiver_overlap"]}
    assert found == expected
    assert {rule: len(planted[rule]) for rule in home_services.RULES} == dict.fromkeys(
        home_services.RULES, len(home_services.PLANT_MONTHS)
    )
    assert sum(counts.values()) == built["planted_findings"] == len(expected)


def test_the_order_tables_indexes_and_constraints_are_back_after_the_load(built) -> None:
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, ServiceOrder._meta.db_table)
    names = set(constraints)
    assert {index.name for index in ServiceOrder._meta.indexes} <= names
    if connection.vendor == "postgresql":
        foreign = {c["columns"][0] for c in constraints.values() if c["foreign_key"]}
        assert foreign == {"person_id", "provider_id", "caregiver_id", "love_card_entry_id"}
    assert ServiceOrder.objects.order_by("-id").first().pk == ServiceOrder.objects.count()  # ids dense
    new = ServiceOrder.objects.filter(pk=1).values()[0]
    new.pop("id")
    assert ServiceOrder.objects.create(**new).pk == ServiceOrder.objects.count()  # the sequence moved on


def test_a_second_build_writes_nothing(built) -> None:
    before = ServiceOrder.objects.count(), Caregiver.objects.count(), LoveCardEntry.objects.count()
    assert home_services.demo_home_services_build(seed=SEED, scale=SCALE) == {}
    assert (ServiceOrder.objects.count(), Caregiver.objects.count(), LoveCardEntry.objects.count()) == before
    marker = AuditEntry.objects.get(action=home_services.BUILT_ACTION)
    assert marker.after["orders"] == before[0] and marker.after["planted"] == built["planted"]
