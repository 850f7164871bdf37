"""``minzheng demo`` from the command line, and the demo staff it creates."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.test import RequestFactory

from minzheng.core.models import AuditEntry, User
from minzheng.core.roles import Role
from minzheng.demo import messages
from minzheng.demo.staff import DEMO_PASSWORD, DEMO_STAFF, demo_staff_ensure
from minzheng.people.models import Household, Person
from minzheng.places.models import Address, HouseholdAddress, PersonAddress, Road
from tests.demo.conftest import SMALL


def test_demo_no_serve_builds_and_prints_the_logins(db):
    out = io.StringIO()
    call_command("demo", "--scale", str(SMALL), "--seed", "3", "--no-serve", stdout=out, stderr=io.StringIO())
    text = out.getvalue()
    assert Person.objects.exists()
    for username, role, _code, _ in DEMO_STAFF:
        assert username in text
        assert role.value in text
    assert "湖州市吴兴区爱山街道仪凤桥社区（330502003001）" in text
    assert DEMO_PASSWORD in text
    # The places line counts what is in the tables (each builder's counts under its own names).
    roads = Road.objects.filter(kind=Road.Kind.ROAD, proposal__isnull=True).count()
    assert f"街路巷 {roads:,}，小区 {Road.objects.filter(kind=Road.Kind.COMPOUND).count():,}，" in text
    assert f"标准地址 {Address.objects.count():,}" in text
    # Households live at standard addresses of their village, linked as they were written (all
    # but a planted few, in a city this small usually none), and the command says how many.
    households = Household.objects.count()
    linked = HouseholdAddress.objects.count()
    assert f"已关联 {linked:,} 户（{100 * linked / households:.2f}%）" in text
    assert linked >= 0.98 * households > 0
    members = Person.objects.filter(membership__isnull=False)
    assert PersonAddress.objects.filter(person__in=members).count() >= 0.98 * members.count()
    assert all(link.address.region_code == link.person.region_code for link in PersonAddress.objects.select_related(
        "address", "person")[:200])

    again = io.StringIO()
    call_command("demo", "--scale", str(SMALL), "--seed", "3", "--no-serve", stdout=again, stderr=io.StringIO())
    assert messages.ALREADY_BUILT.format(seed=3, scale=SMALL) in again.getvalue()


def test_demo_refuses_outside_the_demo_environment(db, settings):
    settings.DEBUG = False
    settings.TESTING = False
    with pytest.raises(CommandError, match="MINZHENG_DEBUG"):
        call_command("demo", "--no-serve", stdout=io.StringIO())
    assert not Person.objects.exists()


def test_demo_refuses_a_bad_scale(db):
    with pytest.raises(CommandError, match="--scale"):
        call_command("demo", "--scale", "2", "--no-serve", stdout=io.StringIO())


def test_demo_staff_have_their_roles_and_regions_and_can_log_in(db):
    from minzheng.core.services import regions_load_divisions
    from minzheng.demo.build import plan_city, townships, villages_upsert

    regions_load_divisions()
    villages_upsert(plan_city(seed=1, scale=SMALL, towns=townships()))
    logins = demo_staff_ensure()
    expected = {
        "city_admin": (Role.CITY_ADMIN, "330500000000"),
        "city_checker": (Role.CITY_ADMIN, "330500000000"),
        "wuxing_officer": (Role.COUNTY_OFFICER, "330502000000"),
        "anji_officer": (Role.COUNTY_OFFICER, "330523000000"),
        "aishan_officer": (Role.TOWNSHIP_OFFICER, "330502003000"),
        "village_worker": (Role.VILLAGE_WORKER, "330502003001"),
        "auditor": (Role.AUDITOR, "330500000000"),
        "marriage_registrar": (Role.MARRIAGE_REGISTRAR, "330502000000"),
        "funeral_registrar": (Role.FUNERAL_REGISTRAR, "330502000000"),
    }
    assert {lg.username for lg in logins} == set(expected)
    for username, (role, code) in expected.items():
        user = User.objects.get(username=username)
        assert [g.name for g in user.groups.all()] == [role.value]
        assert user.region_id == code
        request = RequestFactory().post("/")
        assert authenticate(request, username=username, password=DEMO_PASSWORD) == user
    assert AuditEntry.objects.filter(action="core.staff.created").count() == len(expected)

    # A second run leaves accounts that are as wanted alone, and repairs one that is not.
    village_worker = User.objects.get(username="village_worker")
    village_worker.set_password("something-else-entirely")
    village_worker.save()
    again = demo_staff_ensure()
    assert [lg.username for lg in again if lg.created] == ["village_worker"]
    assert AuditEntry.objects.filter(action="core.staff.updated").count() == 1
    assert authenticate(RequestFactory().post("/"), username="village_worker", password=DEMO_PASSWORD)
