"""The assistance programs' params, added to the programs the engine seeded (benefits 0002).

Only keys a program does not have yet are added, so a value the city administrator changed is
never overwritten. The amounts here are **example values, not confirmed for Huzhou**
(docs/DOMAIN.md gives Shanghai 2021's disability amounts; the tekun care and elder amounts are
placeholders of the same order): the administrator sets the local figures on the program page.
"""

from django.db import migrations

PARAMS = {
    "tekun": {
        "old_age": 60, "young_age": 16,
        "no_work_disability": {"intellectual": 3, "mental": 3, "physical": 2, "visual": 1},
        "care_amounts": {"self_care": "200.00", "partial_loss": "600.00", "full_loss": "1200.00"},
        "deposits_per_capita_months": 24, "vehicles_max": 0, "houses_max": 1,
    },
    "dibian": {"k": "1.5", "per_person_amount": "0.00"},
    "temporary_aid": {"cap_months": 10},
    "disability_living": {"monthly_amount": "410.00", "include_low_income": False,
                          "low_income_programs": ["dibian", "tekun"]},
    "disability_nursing": {"grades_3_4_intellectual_mental": True,
                           "amounts": {"1": "300.00", "2": "150.00", "3": "150.00", "4": "150.00"}},
    "elder_living": {"low_income_programs": ["dibao", "dibian", "tekun"], "monthly_amount": "200.00"},
    "elder_service": {"low_income_programs": ["dibao", "dibian", "tekun"], "monthly_amount": "200.00"},
    "elder_nursing": {"low_income_programs": ["dibao", "dibian", "tekun"],
                      "nursing_levels": ["moderate", "severe", "full"],
                      "amounts": {"moderate": "200.00", "severe": "400.00", "full": "600.00"}},
}


def add_params(apps, schema_editor):
    Program = apps.get_model("benefits", "Program")
    for program in Program.objects.filter(code__in=list(PARAMS)):
        program.params = {**PARAMS[program.code], **(program.params or {})}
        program.save(update_fields=["params"])


class Migration(migrations.Migration):
    dependencies = [("assistance", "0001_initial"), ("benefits", "0002_seed_programs")]
    operations = [migrations.RunPython(add_params, migrations.RunPython.noop)]
