"""The public page a bed's QR code opens, ``/b/<code>``: the home and whether the bed is in use, and
no personal data for an anonymous visitor or for staff who may not keep the bed. Staff who may see
the occupant (name, masked ID number), and their visit is a scan of the bed and an access-log row.
Rate-limited like the other public pages."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client, override_settings

from minzheng.core.models import AccessLog, User
from minzheng.eldercare.beds import messages
from minzheng.eldercare.beds.models import BedScan
from minzheng.eldercare.beds.services import bed_check_in, bed_retire
from minzheng.people.models import Person
from tests.eldercare.beds.conftest import Homes
from tests.eldercare.factories import elder
from tests.personas import Personas

pytestmark = pytest.mark.django_db


@pytest.fixture
def occupied(personas: Personas, homes: Homes) -> tuple[Person, str]:
    person, raw = elder()
    Person.objects.filter(pk=person.pk).update(name="沈阿婆")
    person.refresh_from_db()
    bed_check_in(actor=personas.aishan_officer, bed=homes.beds[0], person=person, on=dt.date(2024, 5, 6))
    return person, raw


def page_as(user: User | None, code: str) -> tuple[int, str]:
    client = Client()
    if user is not None:
        client.force_login(user, backend="minzheng.core.permission_cache.CachedPermissionBackend")
    response = client.get(f"/b/{code}")
    return response.status_code, response.content.decode()


def assert_no_personal_data(html: str, person: Person, raw: str) -> None:
    for secret in (person.name, raw, person.id_number_masked, raw[6:14], "<dt>入住老人</dt>", "2024-05-06"):
        assert secret not in html


def test_an_anonymous_visitor_sees_the_home_and_that_the_bed_is_in_use_and_nothing_personal(
        homes: Homes, occupied: tuple[Person, str]) -> None:
    status, html = page_as(None, homes.beds[0].code)
    assert status == 200
    assert homes.mine.name in html and homes.mine.address_text in html and "0572-2123456" in html
    assert "床位状态：在住" in html and "101" in html
    assert_no_personal_data(html, *occupied)
    assert not BedScan.objects.exists() and not AccessLog.objects.exists()


def test_an_empty_bed_reads_free(homes: Homes, occupied: tuple[Person, str]) -> None:
    status, html = page_as(None, homes.beds[1].code)
    assert status == 200 and "床位状态：空闲" in html


@pytest.mark.parametrize("who", ["anji_officer", "village_worker", "nobody", "auditor", "op_b"])
def test_staff_who_may_not_keep_the_bed_see_what_the_public_sees(
        personas: Personas, homes: Homes, occupied: tuple[Person, str], who: str) -> None:
    user = homes.op_b if who == "op_b" else getattr(personas, who)
    status, html = page_as(user, homes.beds[0].code)
    assert status == 200 and "床位状态：在住" in html
    assert_no_personal_data(html, *occupied)
    assert not BedScan.objects.exists() and not AccessLog.objects.exists()


@pytest.mark.parametrize("who", ["aishan_officer", "wuxing_officer", "op_a"])
def test_staff_who_keep_the_bed_see_the_occupant_and_their_scan_is_recorded(
        personas: Personas, homes: Homes, occupied: tuple[Person, str], who: str) -> None:
    person, raw = occupied
    user = homes.op_a if who == "op_a" else getattr(personas, who)
    status, html = page_as(user, homes.beds[0].code)
    assert status == 200
    assert person.name in html and person.id_number_masked in html and raw not in html
    scan = BedScan.objects.get()
    assert (scan.bed, scan.scanned_by, scan.channel) == (homes.beds[0], user, "web")
    log = AccessLog.objects.get(actor=user)
    assert (log.kind, log.subject_id) == ("view", str(person.pk))


def test_an_unknown_or_retired_code_answers_404(personas: Personas, homes: Homes) -> None:
    assert page_as(None, "A" * 22)[0] == 404
    bed_retire(actor=personas.aishan_officer, bed=homes.beds[2], reason="改为护理站")
    status, html = page_as(None, homes.beds[2].code)
    assert status == 404 and homes.mine.name not in html


@override_settings(MINZHENG_BED_PAGES_PER_HOUR=3)
def test_the_page_is_rate_limited_per_client(homes: Homes) -> None:
    client = Client(REMOTE_ADDR="10.1.2.3")
    assert [client.get(f"/b/{homes.beds[0].code}").status_code for _ in range(3)] == [200, 200, 200]
    limited = client.get(f"/b/{homes.beds[1].code}")
    assert limited.status_code == 429
    assert messages.PUBLIC_RATE_LIMITED.format(limit=3) in limited.content.decode()
    assert Client(REMOTE_ADDR="10.9.9.9").get(f"/b/{homes.beds[0].code}").status_code == 200


def test_codes_are_random_unique_and_say_nothing_of_the_bed(homes: Homes) -> None:
    codes = [bed.code for bed in homes.beds + homes.anji_beds]
    assert len(set(codes)) == len(codes)
    assert all(len(code) == 22 and "101" not in code for code in codes)
