"""Certificate numbers under concurrency (PostgreSQL only: SQLite's writers take turns, so there
is nothing to race). Twelve couples registered at one office at the same instant, each in its own
thread and connection, get the numbers 1 to 12 of the year's series: no number twice, none skipped,
also when the series' counter row does not exist yet when they start."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import connection, connections

from minzheng.marriage.registrations.models import Certificate, CertificateCounter
from tests.marriage.registrations.conftest import office, person, register
from tests.personas import build_personas

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the race needs PostgreSQL's concurrent writers"),
]

COUPLES = 12


def test_concurrent_registrations_take_consecutive_numbers_without_gaps() -> None:
    registrar = build_personas().wuxing_marriage_registrar
    desk = office()
    couples = [(person("M"), person("F")) for _ in range(COUPLES)]
    barrier = threading.Barrier(COUPLES)
    errors: list[BaseException] = []
    lock = threading.Lock()

    def run(husband, wife) -> None:  # type: ignore[no-untyped-def]
        try:
            barrier.wait(timeout=20)
            register(registrar, desk, husband, wife, on=dt.date(2025, 6, 16))
        except BaseException as exc:
            with lock:
                errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=couple) for couple in couples]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    serials = sorted(Certificate.objects.filter(office=desk, year=2025, kind="J").values_list("serial", flat=True))
    assert serials == list(range(1, COUPLES + 1))
    assert CertificateCounter.objects.get(office=desk, year=2025, kind="J").last == COUPLES
