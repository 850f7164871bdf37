"""Receipt numbers run per organization and year with no gap and no repeat even when donations are
recorded at the same instant. On PostgreSQL the donations run in threads, each with its own
connection, released together by a barrier, and the counter row's lock (SELECT … FOR UPDATE)
makes them take turns; on SQLite, which has no row locks and lets one writer at a time hold the
database, they run one after the other (the same code, the same numbers)."""

from __future__ import annotations

import datetime as dt

import pytest

from minzheng.civil_society.donations.models import Donation, ReceiptCounter
from minzheng.civil_society.donations.services import donation_record
from tests.civil_society.charity.support import charity_make
from tests.eldercare.love_cards.test_concurrency import at_once
from tests.personas import build_personas

pytestmark = pytest.mark.django_db(transaction=True)
N = 12


def test_concurrent_donations_take_receipt_numbers_one_to_n_without_a_gap() -> None:
    admin = build_personas().city_admin
    org = charity_make(admin)
    work = [
        lambda n=n: donation_record(
            actor=admin,
            organization=org.pk,
            donor_kind="unit",
            donor_name=f"捐赠单位{n}",
            amount="100.00",
            received_on=dt.date(2024, 6, 1),
            handler="王经办",
        )
        for n in range(N)
    ]
    done, failed = at_once(work)
    assert failed == [] and len(done) == N
    serials = sorted(Donation.objects.filter(organization=org).values_list("receipt_serial", flat=True))
    assert serials == list(range(1, N + 1))
    assert ReceiptCounter.objects.get(organization=org, year=2024).last == N
    numbers = set(Donation.objects.filter(organization=org).values_list("receipt_number", flat=True))
    assert numbers == {f"2024-{org.pk:05d}-{n:06d}" for n in range(1, N + 1)}
