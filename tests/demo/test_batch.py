"""The pieces of the fast path: sealing in bulk, sequence slices, row layouts."""

from __future__ import annotations

import datetime as dt
import itertools

from django.db import connection

from minzheng.core import pii
from minzheng.core.models import Region
from minzheng.core.services import regions_load_divisions
from minzheng.demo.batch import BatchSealer
from minzheng.demo.build import townships
from minzheng.demo.people import SequenceSlots, sequence_slices
from minzheng.demo.writer import TABLES, layouts


def test_batch_sealer_is_interchangeable_with_pii_seal():
    sealer = BatchSealer()
    for field, value in [("id_number", "11010519491231002X"), ("phone", "13812345678"),
                         ("id_number", "330502198005171234")]:
        cipher, digest, masked = sealer.seal(field, value)
        reference = pii.seal(field, value)
        assert pii.unseal(field, cipher) == value
        assert (digest, masked) == (reference.digest, reference.masked)
        assert cipher != reference.cipher  # a fresh nonce each time
    assert sealer.seal("phone", "") == ("", "", "")


def test_batch_sealer_never_reuses_a_nonce():
    sealer = BatchSealer()
    nonces = {sealer.seal("phone", "13812345678")[0][3:19] for _ in range(BatchSealer.NONCES_PER_READ + 10)}
    assert len(nonces) == BatchSealer.NONCES_PER_READ + 10


def test_sequence_slices_never_overlap(db):
    regions_load_divisions()
    slices = sequence_slices(townships())
    by_county: dict[str, list[tuple[int, int]]] = {}
    for per_code in slices.values():
        for county, (base, size) in per_code.items():
            by_county.setdefault(county, []).append((base, size))
    assert set(by_county) == {"330501", "330502", "330503", "330521", "330522", "330523"}
    for ranges in by_county.values():
        ranges.sort()
        for (base, size), (next_base, _) in itertools.pairwise(ranges):
            assert base + size <= next_base
        assert ranges[-1][0] + ranges[-1][1] <= 999
        assert all(size % 2 == 0 and size >= 30 for _, size in ranges)
    # 330501 is shared only by the two districts that used to be 湖州市市辖区.
    assert len(by_county["330501"]) == Region.objects.filter(level="township", code__regex=r"^33050[23]").count()


def test_sequence_slot_overflow_moves_the_birthday_not_the_slice():
    slots = SequenceSlots({"330502": (100, 4)})
    day = dt.date(1980, 5, 17).toordinal()
    taken = [slots.take("330502", day, True, day + 10) for _ in range(3)]
    assert taken == [(101, day), (103, day), (101, day + 1)]
    women = [slots.take("330502", day, False, day + 10) for _ in range(3)]
    assert women == [(102, day), (104, day), (102, day + 1)]


def test_layouts_fill_every_column_but_ids_left_to_the_database(db):
    now = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    for copy_text in (True, False):
        for key, layout in layouts(connection, copy_text=copy_text, now=now).items():
            with connection.cursor() as cursor:
                described = connection.introspection.get_table_description(cursor, layout.table)
            auto_id = [] if "id" in TABLES[key][1] else ["id"]
            assert sorted(layout.columns + auto_id) == sorted(c.name for c in described)
