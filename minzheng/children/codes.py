"""Codes shared by every sub-domain of ``children``: the child categories, the parents'
situations, and the engine's programs of the two living allowances. Kept below every sub-domain, so
that the pure rules, the models, the pages and the allowance read one list."""

from __future__ import annotations

from django.db import models


class Category(models.TextChoices):
    ORPHAN = "orphan", "孤儿"
    DE_FACTO = "de_facto_unsupported", "事实无人抚养儿童"
    IN_DIFFICULTY = "in_difficulty", "困境儿童"
    LEFT_BEHIND = "left_behind", "留守儿童"
    MIGRANT = "migrant", "流动儿童"


# The categories the rules derive (docs/DOMAIN.md, "Children"); migrant (流动儿童) is recorded, not derived.
DERIVED = (Category.ORPHAN, Category.DE_FACTO, Category.IN_DIFFICULTY, Category.LEFT_BEHIND)
# The "children in difficulty" family the annual summary counts (困境儿童建档): orphans, de-facto
# unsupported children and the other children in difficulty.
DIFFICULTY_FAMILY = (Category.ORPHAN, Category.DE_FACTO, Category.IN_DIFFICULTY)
# The profile's boolean column of each category.
FLAG: dict[str, str] = {
    Category.ORPHAN: "is_orphan",
    Category.DE_FACTO: "is_de_facto",
    Category.IN_DIFFICULTY: "is_in_difficulty",
    Category.LEFT_BEHIND: "is_left_behind",
    Category.MIGRANT: "is_migrant",
}


class ParentStatus(models.TextChoices):
    ALIVE = "alive", "健在"
    DEAD = "dead", "死亡"
    MISSING = "missing", "宣告失踪"
    IMPRISONED = "imprisoned", "服刑在押或强制隔离戒毒"
    UNREACHABLE = "unreachable", "失联"
    SEVERELY_DISABLED = "severely_disabled", "重残"
    SERIOUSLY_ILL = "seriously_ill", "重病"


class ParentRole(models.TextChoices):
    FATHER = "father", "父亲"
    MOTHER = "mother", "母亲"


class Hukou(models.TextChoices):
    RURAL = "rural", "农业户口"
    URBAN = "urban", "非农业户口"


# The engine's programs of the two living allowances (person programs, monthly).
ORPHAN_PROGRAM = "orphan_living"
DE_FACTO_PROGRAM = "de_facto_living"
PROGRAM_OF: dict[str, str] = {Category.ORPHAN: ORPHAN_PROGRAM, Category.DE_FACTO: DE_FACTO_PROGRAM}
