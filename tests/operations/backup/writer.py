"""A writer for the restore drill: registers people through the real service, one after another (and
opens each one's record, which the access log keeps), until it is stopped (SIGTERM) or has written ``--count``. After each commit it prints the person's id
and ``time.monotonic()`` (one clock for every process on the machine), so the drill can tell which
people were committed before the backup started.

    python -m tests.operations.backup.writer [--count N] [--start K] [--pause S]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import signal
import sys
import time

DIGITS = str.maketrans("0123456789", "零一二三四五六七八九")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=0, help="stop after this many (0: until SIGTERM)")
    parser.add_argument("--start", type=int, default=0, help="the first of the writer's ID number sequence")
    parser.add_argument("--pause", type=float, default=0.005, help="seconds between registrations")
    args = parser.parse_args()

    stopping = False

    def stop(signum: int, frame: object) -> None:
        nonlocal stopping
        stopping = True  # finish the registration under way, then end

    signal.signal(signal.SIGTERM, stop)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "minzheng.settings")
    import django

    django.setup()
    from django.core.exceptions import ValidationError

    from minzheng.core.idnumber import make_id_number
    from minzheng.core.models import Region, User
    from minzheng.core.roles import Role
    from minzheng.core.services import staff_create
    from minzheng.people import messages as people_messages
    from minzheng.people.services import person_create, person_viewed
    from tests.personas import build_regions

    village = Region.objects.filter(level="village", code__startswith="330502").order_by("code").first()
    if village is None:  # a bare migrated database: the personas' slice of the city
        build_regions()
        village = Region.objects.get(code="330502003001")
    actor = User.objects.filter(username="backup_drill_writer").first() or staff_create(
        actor=None, username="backup_drill_writer", password="minzheng-drill", role=Role.CITY_ADMIN,
        region=Region.objects.get(code="330500000000"), display_name="备份演练写入")
    # Born in 1931 onwards: a birth year the demo's people never have, so the numbers are the writer's own.
    born = dt.date(1931, 1, 1)
    written, n = 0, args.start
    while not stopping and (args.count == 0 or written < args.count):
        id_number = make_id_number("330502", born + dt.timedelta(days=n // 1000), n % 1000)
        n += 1
        try:
            person = person_create(actor=actor, id_number=id_number, name="演练" + f"{n:05d}".translate(DIGITS),
                                   region_code=village.code)
        except ValidationError as exc:
            if getattr(exc, "message_dict", {}).get("id_number") != [people_messages.PERSON_ALREADY_REGISTERED]:
                raise
            continue  # registered before (a rerun): the next number
        # A view as well: the access log's chain gets a row per person too.
        person_viewed(actor=actor, person=person)
        written += 1
        print(f"{person.pk} {time.monotonic():.6f}", flush=True)
        time.sleep(args.pause)
    sys.stdout.flush()


if __name__ == "__main__":
    main()
