"""The demo city's death registrations and after-death cases (身后一件事).

The demo people already holds about 0.8% recently deceased residents (died in the year before the
demo's ``AS_OF``, ``demo.people``). Each gets the registration it would have had, and the checklist
of notices to other departments, written as plain rows (``core.db.rows_insert``: COPY on
PostgreSQL), not through ``death_register``: the event flow for 27,000 deaths would close affairs
that the demo never opened for the dead (no enrollment, card, bed or order of a dead person is
built), and the registrations obey the same rules as the service's:

- one registration in force per person, dated on the person's death day, in their region;
- reported by a hospital (most), the family at home or the police, with a cause category that
  fits the source (the police report the unnatural deaths and most injuries);
- registered 0–3 days after the death and never after ``AS_OF``, by the demo funeral registrar
  when the person lies in their scope (吴兴区), otherwise by the county's records (no login);
- each checklist item has a status that follows the time since the death: the older the case, the
  more items done; a driving licence or housing fund often does not apply to the very old.

No family query code is stored for demo rows (the clear code would have been shown once): a
registrar issues one from the registration page. Idempotent through the marker audit entry.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

from django.db import connection, transaction

from minzheng.core.db import rows_insert, tables_analyze
from minzheng.core.models import User
from minzheng.core.scope import scope_for
from minzheng.demo.marker import part_built, part_mark
from minzheng.demo.people import AS_OF
from minzheng.funeral.after_death.models import ChecklistItem, ChecklistStatus, NotificationItem
from minzheng.funeral.deaths.models import Cause, DeathRegistration, Source
from minzheng.people.models import Person

BUILT_ACTION = "demo.deaths.built"
REGISTRAR = "funeral_registrar"
TZ = ZoneInfo("Asia/Shanghai")
SOURCES = [(Source.HOSPITAL, 62), (Source.HOME, 31), (Source.POLICE, 7)]
CAUSES = {
    Source.HOSPITAL: [(Cause.DISEASE, 88), (Cause.INJURY, 7), (Cause.OLD_AGE, 3), (Cause.UNKNOWN, 2)],
    Source.HOME: [(Cause.OLD_AGE, 55), (Cause.DISEASE, 43), (Cause.UNKNOWN, 2)],
    Source.POLICE: [(Cause.UNNATURAL, 45), (Cause.INJURY, 50), (Cause.UNKNOWN, 5)],
}
PLACES = {
    Source.HOSPITAL: ["湖州市中心医院", "湖州市第一人民医院", "湖州市第三人民医院", "浙江大学医学院附属第一医院湖州医院",
                      "长兴县人民医院", "德清县人民医院", "安吉县人民医院", "南浔区人民医院", "乡镇卫生院"],
    Source.HOME: ["家中"],
    Source.POLICE: ["道路交通事故现场", "河道", "工地", "出租屋内"],
}
RELATIONS = [("儿子", 40), ("女儿", 28), ("配偶", 20), ("孙子", 5), ("侄子", 4), ("村（社区）工作人员", 3)]
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国志红"
# Items that often do not apply to the very old: they hold no licence, and no housing fund.
OFTEN_NOT_APPLICABLE = {"driving_licence": 0.7, "housing_fund": 0.6}


def _db_time(value: dt.datetime | None) -> Any:
    # Raw rows skip the field's own conversion: SQLite keeps UTC text, as the ORM would write it.
    return connection.ops.adapt_datetimefield_value(value) if value is not None else None


def _pick(rng: random.Random, weighted: list[tuple[Any, int]]) -> Any:
    return rng.choices([w[0] for w in weighted], weights=[w[1] for w in weighted])[0]


def _status(rng: random.Random, *, code: str, age: int, days: int) -> str:
    if age >= 75 and rng.random() < OFTEN_NOT_APPLICABLE.get(code, 0.0):
        return ChecklistStatus.NOT_APPLICABLE
    if days > 90:
        weights = [(ChecklistStatus.DONE, 90), (ChecklistStatus.NOTIFIED, 8), (ChecklistStatus.PENDING, 2)]
    elif days > 30:
        weights = [(ChecklistStatus.DONE, 55), (ChecklistStatus.NOTIFIED, 35), (ChecklistStatus.PENDING, 10)]
    else:
        weights = [(ChecklistStatus.DONE, 10), (ChecklistStatus.NOTIFIED, 40), (ChecklistStatus.PENDING, 50)]
    return _pick(rng, weights)


def demo_deaths_build(*, seed: int, scale: float, say: Callable[[str], Any] = lambda text: None) -> dict[str, Any]:
    """Register the demo's deceased residents and open their checklists. Does nothing when done
    already or when there is nobody deceased."""
    if part_built(BUILT_ACTION):
        return {}
    # Registered already (by hand, before the demo was built) is skipped; read as a set, not a join.
    registered = set(DeathRegistration.objects.filter(status=DeathRegistration.Status.REGISTERED)
                     .values_list("person_id", flat=True))
    dead = [row for row in Person.objects.filter(status=Person.Status.DECEASED).order_by("id")
            .values_list("id", "region_code", "death_date", "birth_date", "name") if row[0] not in registered]
    if not dead:
        return {}
    rng = random.Random(f"{seed}:deaths")
    registrar = User.objects.filter(username=REGISTRAR).first()
    scope = scope_for(registrar) if registrar is not None else None
    items = list(NotificationItem.objects.filter(active=True).values_list("id", "code"))
    registrations: list[tuple[Any, ...]] = []
    plans: dict[int, tuple[str, int, int, dt.datetime]] = {}
    for person_id, region_code, died, born, name in dead:
        source = _pick(rng, SOURCES)
        cause = _pick(rng, CAUSES[source])
        day = min(died + dt.timedelta(days=rng.choice([0, 0, 1, 1, 2, 3])), AS_OF)
        at = dt.datetime.combine(day, dt.time(rng.randint(8, 16), rng.randint(0, 59)), TZ)
        by = registrar.pk if registrar is not None and scope is not None and scope.contains(region_code) else None
        place = rng.choice(PLACES[source])
        relation = _pick(rng, RELATIONS)
        informant = name[0] + rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.6 else "")
        if relation.startswith("村"):
            informant = "村（社区）" + rng.choice(["民政员", "网格员"])
        phone = f"1{rng.choice('3589')}{rng.randint(0, 9)}****{rng.randint(0, 9999):04d}"
        registrations.append((person_id, region_code, source, cause, died, place, informant, relation, phone,
                              DeathRegistration.Status.REGISTERED, "", by, _db_time(at), ""))
        age = died.year - born.year - ((died.month, died.day) < (born.month, born.day))
        plans[person_id] = (region_code, age, (AS_OF - died).days, at)
    with transaction.atomic():
        rows_insert(DeathRegistration, columns=[
            "person_id", "region_code", "source", "cause", "death_date", "death_place", "informant_name",
            "informant_relation", "informant_phone_masked", "status", "family_code_digest", "registered_by_id",
            "registered_at", "revoke_reason"], rows=registrations)
        # Every registration in force, not an IN list of 27,000 ids (SQLite caps a query's parameters).
        ids = dict(DeathRegistration.objects.filter(status=DeathRegistration.Status.REGISTERED)
                   .values_list("person_id", "id"))
        statuses: dict[str, int] = {}

        def checklist() -> Any:
            for person_id, (region_code, age, days, at) in plans.items():
                for item_id, code in items:
                    status = _status(rng, code=code, age=age, days=days)
                    statuses[status] = statuses.get(status, 0) + 1
                    touched = status != ChecklistStatus.PENDING
                    note = "老人生前未持有" if status == ChecklistStatus.NOT_APPLICABLE else ""
                    when = min(at + dt.timedelta(days=rng.randint(1, max(1, min(days, 60)))),
                               dt.datetime.combine(AS_OF, dt.time(17), TZ)) if touched else None
                    yield (ids[person_id], item_id, region_code, status, note, None, _db_time(when))

        written = rows_insert(ChecklistItem, columns=["registration_id", "item_id", "region_code", "status", "note",
                                                      "updated_by_id", "updated_at"], rows=checklist())
        counts = {"registrations": len(registrations), "checklist_items": written,
                  **{f"items_{key}": value for key, value in sorted(statuses.items())}}
        part_mark(action=BUILT_ACTION, seed=seed, scale=scale, counts=counts, text="湖州市演示死亡登记与身后一件事")
    tables_analyze(DeathRegistration, ChecklistItem)
    say(f"  死亡登记：{len(registrations):,} 人，身后事项通知 {written:,} 项")
    return counts
