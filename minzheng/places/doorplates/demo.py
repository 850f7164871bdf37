"""Demo data for digital doorplates: plates on about 24% of the standard addresses, and the
service catalogue.

Huzhou reports 520,000 digital doorplates on 2.17M standard addresses. Which address gets a
plate, and when it was installed (2019–2024, more in later years as the rollout widened), are
drawn from a hash of (seed, address code), so a rebuild picks the same addresses and a second
run finds nothing left to do. Tokens are random whatever the seed: they must stay unguessable,
even in a demo that somebody might expose.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable

from django.db import connection, transaction
from django.utils import timezone

from minzheng.core.db import tables_analyze
from minzheng.places.addresses.models import Address
from minzheng.places.doorplates.catalogue import catalogue_seed
from minzheng.places.doorplates.models import Doorplate
from minzheng.places.doorplates.services import insert_plates, new_token, plates_changed

PLATE_SHARE = 520_000 / 2_170_000
# Installations per year, relative: the programme started small and spread township by township.
YEAR_WEIGHTS = {2019: 6, 2020: 10, 2021: 15, 2022: 20, 2023: 24, 2024: 25}
CHUNK = 20_000


def _year_cuts() -> tuple[tuple[float, int], ...]:
    """Cumulative shares: (0.06, 2019), (0.16, 2020) … (1.0, 2024)."""
    total, acc, cuts = sum(YEAR_WEIGHTS.values()), 0, []
    for year, weight in YEAR_WEIGHTS.items():
        acc += weight
        cuts.append((acc / total, year))
    return tuple(cuts)


YEAR_CUTS = _year_cuts()

Progress = Callable[[int, int], None]

__all__ = ["build_doorplates", "catalogue_seed"]


def _draw(seed: int, code: str) -> tuple[float, float, float]:
    """Three uniform numbers in [0, 1) for one address: plate or not, year, day of year."""
    h = hashlib.blake2b(f"{seed}:{code}".encode("ascii"), digest_size=12).digest()
    scale = float(1 << 32)
    return (int.from_bytes(h[0:4], "big") / scale, int.from_bytes(h[4:8], "big") / scale,
            int.from_bytes(h[8:12], "big") / scale)


def install_date(u_year: float, u_day: float) -> dt.date:
    year = next((y for cut, y in YEAR_CUTS if u_year < cut), 2024)
    start = dt.date(year, 1, 1)
    days = (dt.date(year + 1, 1, 1) - start).days
    return start + dt.timedelta(days=int(u_day * days))


def chosen(seed: int, code: str) -> dt.date | None:
    """The install date of the plate on this address, or ``None`` if it gets no plate."""
    u_plate, u_year, u_day = _draw(seed, code)
    if u_plate >= PLATE_SHARE:
        return None
    return install_date(u_year, u_day)


def _copy_plates(rows: list[tuple[int, str, dt.date]]) -> int:
    """PostgreSQL: COPY the new plates in. The rows were read as addresses without a plate, and
    the demo build is the only writer, so no conflict handling is needed."""
    table = Doorplate._meta.db_table
    now = timezone.now()
    with connection.cursor() as cursor:
        raw = cursor.cursor  # the psycopg 3 cursor under Django's wrapper
        with raw.copy(f"COPY {table} (address_id, token, region_code, installed_on, status, created_at) "
                      "FROM STDIN") as copy:
            for address_id, region_code, installed_on in rows:
                copy.write_row((address_id, new_token(), region_code, installed_on,
                                Doorplate.Status.ACTIVE.value, now))
    return len(rows)


def build_doorplates(*, scale: float, seed: int, progress: Progress | None = None) -> int:
    """Install demo plates on ~24% of the active addresses that have none; returns how many
    were created. ``progress(done, total)`` is called after each chunk of addresses scanned.

    ``scale`` is the demo's scale (1.0 ≈ 2.17M addresses, 520k plates); the share does not
    depend on it, because the addresses were already generated at that scale.
    """
    del scale  # the share of addresses with a plate is the same at every scale
    use_copy = connection.vendor == "postgresql"
    total = Address.objects.filter(status=Address.Status.ACTIVE).count()
    created = done = 0
    last_id = 0
    while True:
        batch = list(Address.objects.filter(status=Address.Status.ACTIVE, id__gt=last_id)
                     .order_by("id").values_list("id", "code", "region_code")[:CHUNK])
        if not batch:
            break
        last_id = batch[-1][0]
        # The plates of this id range, by the unique index on address_id. (A LEFT JOIN in the
        # query above let PostgreSQL hash the whole plate table for every chunk.)
        planted = set(Doorplate.objects.filter(address_id__gte=batch[0][0], address_id__lte=last_id)
                      .values_list("address_id", flat=True))
        rows = []
        for address_id, code, region_code in batch:
            if address_id in planted:
                continue
            installed_on = chosen(seed, code)
            if installed_on is not None:
                rows.append((address_id, region_code, installed_on))
        with transaction.atomic():
            created += _copy_plates(rows) if (use_copy and rows) else insert_plates(rows)
        done += len(batch)
        if progress is not None:
            progress(done, total)
    if created:
        tables_analyze(Doorplate)
        plates_changed()
    return created
