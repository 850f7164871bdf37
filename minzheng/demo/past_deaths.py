"""The registry's deaths of 2024: the residents who died in the summary's year.

The demo people (``demo.people``) holds the living on its as-of day (2026-01-01) and the deaths of
the year before it (2025), so nobody in it died in 2024, the year of the bureau's summary. The
funeral figures of 2024 (四.3: the waived funeral costs) are counted from the funeral cases of
that year's deaths, so this part adds them: for each resident who died in 2025, one who died in
2024, in the same village, of the same gender, on the same day of the year (28 February for a
29 February), at about the same age (give or take two years). They are entered as the registry
keeps the dead: no household (a dead person leaves theirs), no phone, and an ID number of their
county that no one else holds (GB 11643: men odd, women even sequence numbers).

They are written after every part that reads the living (benefits, eldercare, children ...), so
none of those has anything of theirs to close: they are the after-death and funeral parts' own.
Bulk rows (``core.db.rows_insert``); idempotent through the marker audit entry.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Iterator
from typing import Any

from django.db import transaction
from django.utils import timezone

from minzheng.core import pii
from minzheng.core.db import rows_insert, tables_analyze
from minzheng.core.idnumber import make_id_number
from minzheng.core.synthetic import names
from minzheng.demo.marker import part_built, part_mark
from minzheng.people.models import Person

BUILT_ACTION = "demo.past_deaths.built"
YEAR = 2024
AGE_SPREAD_DAYS = 730
COLUMNS = ["id_number_cipher", "id_number_digest", "id_number_masked", "name", "gender", "birth_date",
           "phone_cipher", "phone_digest", "phone_masked", "region_code", "address_text", "status", "death_date",
           "created_at", "updated_at"]


def _in_year(day: dt.date) -> dt.date:
    """The same day of the year in ``YEAR`` (a leap year: every day exists in it)."""
    return day.replace(year=YEAR)


def _candidates(*, rng: random.Random, recent: list[tuple[str, str, dt.date, dt.date]],
                taken: set[str]) -> Iterator[tuple[str, str, dt.date, dt.date, str, pii.Sealed]]:
    """(region, gender, birth, death, name, sealed ID number) for each of the year's deaths; an ID
    number already in ``taken`` (the registry's or an earlier candidate's) is drawn again."""
    for region, gender, birth, death in recent:
        died = _in_year(death)
        born = died - dt.timedelta(days=(death - birth).days + rng.randint(-AGE_SPREAD_DAYS, AGE_SPREAD_DAYS))
        born = min(born, died)
        name = names.surname(rng) + names.given_name(rng, gender, born.year)
        while True:
            seq = rng.randrange(1 if gender == "M" else 2, 1000, 2)
            sealed = pii.seal("id_number", make_id_number(region[:6], born, seq))
            if sealed.digest not in taken:
                taken.add(sealed.digest)
                break
        yield region, gender, born, died, name, sealed


def demo_past_deaths_build(*, seed: int, scale: float, say: Callable[[str], None] = lambda text: None) -> dict[str, Any]:
    """Enter the residents who died in 2024, as many as died in 2025, once."""
    if part_built(BUILT_ACTION):
        return {}
    rng = random.Random(f"{seed}:{scale}:past_deaths")
    recent = list(
        Person.objects.filter(status=Person.Status.DECEASED, death_date__year=YEAR + 1)
        .order_by("id").values_list("region_code", "gender", "birth_date", "death_date")
    )
    drafts = list(_candidates(rng=rng, recent=recent, taken=set()))
    # A drawn number someone in the registry already holds is drawn again, against both sets.
    clashing = set(Person.objects.filter(id_number_digest__in=[d[5].digest for d in drafts])
                   .values_list("id_number_digest", flat=True))
    if clashing:
        kept = [d for d in drafts if d[5].digest not in clashing]
        taken = {d[5].digest for d in kept} | clashing
        redo = [(d[0], d[1], d[2], d[3]) for d in drafts if d[5].digest in clashing]
        while redo:
            fresh = list(_candidates(rng=rng, recent=redo, taken=taken))
            held = set(Person.objects.filter(id_number_digest__in=[d[5].digest for d in fresh])
                       .values_list("id_number_digest", flat=True))
            kept += [d for d in fresh if d[5].digest not in held]
            taken |= held
            redo = [(d[0], d[1], d[2], d[3]) for d in fresh if d[5].digest in held]
        drafts = kept
    now = timezone.now()
    with transaction.atomic():
        written = rows_insert(Person, columns=COLUMNS, rows=(
            (sealed.cipher, sealed.digest, sealed.masked, name, gender, born, "", "", "", region, "",
             Person.Status.DECEASED, died, now, now)
            for region, gender, born, died, name, sealed in drafts
        ))
        counts = {"deaths": written}
        part_mark(action=BUILT_ACTION, seed=seed, scale=scale, counts=counts,
                  text=f"演示数据：{YEAR}年死亡人员 {written:,} 人")
    tables_analyze(Person)
    say(f"{YEAR}年死亡人员 {written:,} 人")
    return counts
