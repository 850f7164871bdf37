"""The programs the engine knows, and Huzhou's 2024 standards (docs/DOMAIN.md).

Params are data: every number a policy reads is here, under the key its policy documents, so a
local change is an edit of the program, not of the code. Values marked "not confirmed" in
DOMAIN.md are the defaults it gives."""

import datetime as dt
from decimal import Decimal

from django.db import migrations

REVIEW_YEARLY = {"review_months_stable": 12, "review_months_unstable": 6}
REVIEW_TWICE_A_YEAR = {"review_months_stable": 6, "review_months_unstable": 6}

PROGRAMS = [
    ("dibao", "最低生活保障", "assistance", "household", "monthly",
     {"per_person_floor": "0.00", "deposits_per_capita_months": 24, "vehicles_max": 0, "houses_max": 1,
      **REVIEW_YEARLY}),
    ("tekun", "特困人员救助供养", "assistance", "person", "monthly", {**REVIEW_YEARLY}),
    ("dibian", "低保边缘家庭救助", "assistance", "household", "monthly",
     {"k": "1.5", "deposits_per_capita_months": 24, "vehicles_max": 0, "houses_max": 1, **REVIEW_YEARLY}),
    ("temporary_aid", "临时救助", "assistance", "person", "one_off", {"cap_months": 10}),
    ("disability_living", "困难残疾人生活补贴", "disability", "person", "monthly", {**REVIEW_TWICE_A_YEAR}),
    ("disability_nursing", "重度残疾人护理补贴", "disability", "person", "monthly",
     {"grades_3_4_intellectual_mental": True, **REVIEW_TWICE_A_YEAR}),
    ("elder_living", "困难老年人基本生活补助", "eldercare", "person", "monthly", {"min_age": 60, **REVIEW_YEARLY}),
    ("elder_service", "困难老年人养老服务补贴", "eldercare", "person", "monthly", {"min_age": 60, **REVIEW_YEARLY}),
    ("elder_nursing", "困难失能老年人养老护理补贴", "eldercare", "person", "monthly",
     {"min_age": 60, **REVIEW_YEARLY}),
]

STANDARDS = [
    ("dibao", "3305", dt.date(2024, 1, 1), Decimal("1145.00"), "湖州市2024年最低生活保障标准，城乡统一"),
    ("tekun", "3305", dt.date(2024, 1, 1), Decimal("1950.00"), "湖州市2024年特困人员基本生活标准"),
]


def seed(apps, schema_editor):
    Program = apps.get_model("benefits", "Program")
    Standard = apps.get_model("benefits", "Standard")
    for code, name, domain, unit, kind, params in PROGRAMS:
        Program.objects.update_or_create(code=code, defaults={"name": name, "domain": domain, "unit": unit,
                                                              "kind": kind, "params": params, "active": True})
    for code, prefix, month, amount, note in STANDARDS:
        Standard.objects.get_or_create(program=Program.objects.get(code=code), region_prefix=prefix,
                                       effective_from=month, defaults={"amount": amount, "note": note})


def unseed(apps, schema_editor):
    Program = apps.get_model("benefits", "Program")
    Standard = apps.get_model("benefits", "Standard")
    Standard.objects.filter(created_by__isnull=True, program__code__in=[s[0] for s in STANDARDS]).delete()


class Migration(migrations.Migration):
    dependencies = [("benefits", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
