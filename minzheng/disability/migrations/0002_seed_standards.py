"""The staged targets of 精康融合行动 (民发〔2022〕104号, DOMAIN.md): by 2025 at least 80% of counties
run community rehab services and at least 60% of registered home-based patients receive standard
services; the local stages are 50%/30% for 2023 and 65%/45% for 2024. Standard services: at least
4 service records in the year (this system's rule, a setting per year); 5 township stations per
county (the "5" of "1+5+N")."""

from decimal import Decimal

from django.db import migrations

TARGETS = [
    (2023, Decimal("50.00"), Decimal("30.00")),
    (2024, Decimal("65.00"), Decimal("45.00")),
    (2025, Decimal("80.00"), Decimal("60.00")),
]
NOTE = "精康融合行动（民发〔2022〕104号）分阶段目标"


def seed(apps, schema_editor):
    RehabStandard = apps.get_model("disability", "RehabStandard")
    for year, counties, patients in TARGETS:
        RehabStandard.objects.get_or_create(
            year=year,
            defaults={"counties_target": counties, "patients_target": patients, "min_services": 4,
                      "townships_required": 5, "note": NOTE},
        )


def unseed(apps, schema_editor):
    apps.get_model("disability", "RehabStandard").objects.filter(year__in=[t[0] for t in TARGETS]).delete()


class Migration(migrations.Migration):
    dependencies = [("disability", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
