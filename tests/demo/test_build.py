"""The demo build: deterministic for a seed, idempotent, refuses to mix populations."""

from __future__ import annotations

import collections

import pytest
from django.db import connection

from minzheng.core.models import AuditEntry, Region
from minzheng.demo import homes, messages
from minzheng.demo.build import BUILT_ACTION, RESET_ACTION, DemoError, demo_build
from minzheng.demo.writer import TABLES
from minzheng.people.models import Household, Membership, Person
from minzheng.places.matching.linking import registry_link_auto
from minzheng.places.models import Address, HouseholdAddress, PersonAddress
from tests.demo.conftest import SEED, SMALL


def snapshot() -> dict[str, tuple]:
    """What the same seed must reproduce: who lives where, with whom, under which name.
    Ciphertexts differ between builds (random nonces); blind indexes do not."""
    people = {p.pk: p for p in Person.objects.all()}
    households = collections.defaultdict(list)
    for m in Membership.objects.all():
        person = people[m.person_id]
        households[m.household_id].append((m.relationship, person.id_number_digest))
    return {
        p.id_number_digest: (p.name, p.gender, p.birth_date, p.region_code, p.address_text, p.status,
                             p.death_date, p.phone_digest)
        for p in people.values()
    } | {"households": tuple(sorted(tuple(sorted(members)) for members in households.values()))}


def test_same_seed_gives_the_same_people(built):
    first = snapshot()
    demo_build(seed=SEED, scale=SMALL, reset=True, progress=False)
    assert snapshot() == first
    assert len(first) - 1 == built.persons


def test_another_seed_gives_other_people(built):
    first = set(Person.objects.values_list("id_number_digest", "name"))
    demo_build(seed=SEED + 1, scale=SMALL, reset=True, progress=False)
    # An ID number may recur by chance (same county, birthday and sequence); a person may not.
    assert len(first & set(Person.objects.values_list("id_number_digest", "name"))) <= 2


def test_second_run_creates_nothing(built):
    counts = (Person.objects.count(), Household.objects.count(), Membership.objects.count(), Region.objects.count())
    again = demo_build(seed=SEED, scale=SMALL, progress=False)
    assert again.townships_built == 0
    assert again.townships_skipped == 72
    assert (Person.objects.count(), Household.objects.count(), Membership.objects.count(),
            Region.objects.count()) == counts
    assert AuditEntry.objects.filter(action=BUILT_ACTION).count() == 1


def test_missing_township_is_topped_up(built):
    township = "330502003"
    Membership.objects.filter(region_code__startswith=township).delete()
    Household.objects.filter(region_code__startswith=township).delete()
    Person.objects.filter(region_code__startswith=township).delete()
    before = snapshot()
    report = demo_build(seed=SEED, scale=SMALL, progress=False)
    assert report.townships_built == 1
    assert Person.objects.count() == built.persons
    after = snapshot()
    assert {k: v for k, v in after.items() if k != "households"} | {"households": ()} != before
    # The rebuilt township holds the same people it held before.
    demo_build(seed=SEED, scale=SMALL, reset=True, progress=False)
    assert snapshot() == after


def test_other_scale_on_the_same_database_is_refused_then_reset(built):
    with pytest.raises(DemoError) as exc:
        demo_build(seed=SEED, scale=SMALL * 2, progress=False)
    assert "--reset" in str(exc.value)
    assert f"--seed {SEED} --scale {SMALL}" in str(exc.value)
    report = demo_build(seed=SEED, scale=SMALL * 2, reset=True, progress=False)
    assert Person.objects.count() == report.persons > built.persons
    assert AuditEntry.objects.filter(action=RESET_ACTION).count() == 1


def test_scale_out_of_range_is_refused(db):
    with pytest.raises(DemoError, match="--scale"):
        demo_build(seed=SEED, scale=0, progress=False)
    with pytest.raises(DemoError) as exc:
        demo_build(seed=SEED, scale=1.5, progress=False)
    assert str(exc.value) == messages.SCALE_OUT_OF_RANGE.format(scale=1.5)


def table_constraints() -> dict[str, dict]:
    """Every index and constraint of the people tables, as the database describes it."""
    with connection.cursor() as cursor:
        out = {}
        for model, _ in TABLES.values():
            table = model._meta.db_table
            for name, info in connection.introspection.get_constraints(cursor, table).items():
                out[f"{table}.{name}"] = {k: info[k] for k in ("columns", "unique", "primary_key", "foreign_key",
                                                               "index", "check")}
    return out


def test_bulk_load_with_index_rebuild_puts_every_index_back(db):
    before = table_constraints()
    report = demo_build(seed=SEED, scale=SMALL, rebuild_indexes=True, progress=False)
    assert report.rebuilt_indexes
    assert table_constraints() == before
    assert Person.objects.count() == report.persons


def test_ids_continue_after_the_bulk_load(built):
    from tests.factories import PersonFactory

    person = PersonFactory(region_code="330502003001")
    assert person.pk > max(Person.objects.exclude(pk=person.pk).values_list("pk", flat=True))


@pytest.mark.django_db(transaction=True)
def test_parallel_build_gives_the_same_people_as_an_inline_one():
    """Forked workers (outside a transaction, as the command runs) build what one process does.
    On the in-memory SQLite test database the build stays inline; PostgreSQL forks."""
    parallel = demo_build(seed=SEED, scale=SMALL, workers=2, progress=False)
    assert parallel.workers == (1 if connection.vendor == "sqlite" else 2)
    first = snapshot()
    demo_build(seed=SEED, scale=SMALL, workers=1, reset=True, progress=False)
    assert snapshot() == first


# Homes: the links written with the people --------------------------------------------------


def test_second_build_adds_no_link(built):
    counts = (HouseholdAddress.objects.count(), PersonAddress.objects.count(), Address.objects.count())
    again = demo_build(seed=SEED, scale=SMALL, progress=False)
    assert again.townships_built == 0 and again.homes.households_linked == 0
    assert again.places["addresses"] == 0
    assert (HouseholdAddress.objects.count(), PersonAddress.objects.count(), Address.objects.count()) == counts


def where_people_live() -> dict[str, str]:
    return dict(PersonAddress.objects.values_list("person__id_number_digest", "address__code"))


def test_same_seed_houses_the_same_people_at_the_same_addresses(built):
    first = where_people_live()
    demo_build(seed=SEED, scale=SMALL, reset=True, progress=False)
    assert where_people_live() == first
    assert len(first) == built.homes.persons_linked


def test_planted_households_are_a_counted_set_and_the_background_run_links_only_those(db, monkeypatch):
    monkeypatch.setattr(homes, "PLANTED_SHARE", 0.1)
    report = demo_build(seed=SEED, scale=SMALL, progress=False)
    unlinked = Household.objects.filter(standard_address__isnull=True)
    assert report.homes.planted_unlinked > 0 and report.homes.planted_unknown > 0
    assert unlinked.count() == report.homes.planted_unlinked + report.homes.planted_unknown
    assert report.households == report.homes.households_linked + unlinked.count()
    generated = set(HouseholdAddress.objects.values_list("household_id", "address_id", "method"))

    counts = registry_link_auto(actor=None)
    # The matcher links the planted texts of real dwellings, each to its own dwelling, and
    # leaves the links written at generation alone.
    assert 0 < counts.households_linked <= report.homes.planted_unlinked
    for link in HouseholdAddress.objects.filter(method="auto").select_related("household", "address"):
        assert link.household.address_text in (link.address.full_text,
                                               link.address.full_text.removeprefix(homes.CITY_NAME))
    assert generated <= set(HouseholdAddress.objects.values_list("household_id", "address_id", "method"))
    assert counts.households_relinked == 0


def test_a_load_that_fails_leaves_the_database_checking_rows(db, monkeypatch):
    """The SQLite load skips the per-row CHECK; a load that fails half-way must not leave it
    skipped for whatever the connection writes next."""
    from django.db import IntegrityError, transaction

    from minzheng.demo import build
    from tests.factories import PersonFactory

    def fail(task):  # type: ignore[no-untyped-def]
        raise RuntimeError("generator broke")

    monkeypatch.setattr(build, "build_township", fail)
    with pytest.raises(RuntimeError, match="generator broke"):
        demo_build(seed=SEED, scale=SMALL, progress=False)
    assert not Person.objects.exists()
    with pytest.raises(IntegrityError), transaction.atomic():
        PersonFactory(region_code="3305020030")
