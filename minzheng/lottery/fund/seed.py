"""The game types and the MOF 2018 公益金 rates (docs/DOMAIN.md, "Welfare lottery"), written by
migration 0002 and again by tests after a live-server test flushed the tables.

By category: national lotto and number games about 36%, local games 28%, quiz games 18%,
instant (scratch) games about 20%; "about" is kept as ``approximate``. In force from January 2018.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

RATES_FROM = dt.date(2018, 1, 1)
NOTE = "财政部2018年彩票公益金提取比例（按游戏类别）"
# code, name, category, order
GAME_TYPES: tuple[tuple[str, str, str, int], ...] = (
    ("ssq", "双色球", "national_lotto", 10),
    ("qlc", "七乐彩", "national_lotto", 20),
    ("kl8", "快乐8", "national_number", 30),
    ("fc3d", "福彩3D", "national_number", 40),
    ("hd15x5", "华东15选5", "local", 50),
    ("df61", "东方6+1", "local", 60),
    ("quiz", "竞猜型游戏", "quiz", 70),
    ("ggl", "刮刮乐", "scratch", 80),
)
# category -> (rate, approximate)
CATEGORY_RATES: dict[str, tuple[Decimal, bool]] = {
    "national_lotto": (Decimal("0.3600"), True),
    "national_number": (Decimal("0.3600"), True),
    "local": (Decimal("0.2800"), False),
    "quiz": (Decimal("0.1800"), False),
    "scratch": (Decimal("0.2000"), True),
}


def rates_seed(game_model: Any, rate_model: Any) -> None:
    """Write the game types and their 2018 rates where missing (idempotent); the models are
    passed in so that a migration can give its historical ones."""
    for code, name, category, order in GAME_TYPES:
        game, _ = game_model.objects.get_or_create(
            code=code, defaults={"name": name, "category": category, "ordering": order}
        )
        rate, approximate = CATEGORY_RATES[category]
        rate_model.objects.get_or_create(
            game_type=game,
            effective_from=RATES_FROM,
            defaults={"rate": rate, "approximate": approximate, "note": NOTE},
        )
