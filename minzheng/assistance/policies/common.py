"""What the assistance policies share: the asset test, amounts as text, and params read as
numbers. Pure, like the policies: no database."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from minzheng.benefits import messages as benefit_messages
from minzheng.benefits.money import to_decimal, yuan
from minzheng.benefits.programs.policy import AssetFacts

ASSET_DEFAULTS: dict[str, Any] = {"deposits_per_capita_months": 24, "vehicles_max": 0, "houses_max": 1}


def shown(value: Decimal) -> str:
    """An amount as a page shows it: 1,145.00."""
    return f"{yuan(value):,.2f}"


def assets_over(assets: AssetFacts, *, standard: Decimal, size: int, params: Mapping[str, Any]) -> list[str]:
    """The reasons the assets are over the limits (none when they are within): deposits per
    counted member at most ``deposits_per_capita_months`` × the dibao standard, at most
    ``vehicles_max`` vehicles and ``houses_max`` houses. The same limits and words as dibao."""
    params = {**ASSET_DEFAULTS, **params}
    reasons: list[str] = []
    months = to_decimal(params["deposits_per_capita_months"])
    if assets.deposits > standard * months * size:
        reasons.append(benefit_messages.ASSET_DEPOSITS_OVER.format(
            deposits=shown(assets.deposits / size), limit=shown(standard * months), months=months))
    vehicles_max = int(params["vehicles_max"])
    if assets.vehicles > vehicles_max:
        reasons.append(benefit_messages.ASSET_VEHICLES_OVER.format(count=assets.vehicles, limit=vehicles_max))
    houses_max = int(params["houses_max"])
    if assets.houses > houses_max:
        reasons.append(benefit_messages.ASSET_HOUSES_OVER.format(count=assets.houses, limit=houses_max))
    return reasons


def codes_param(params: Mapping[str, Any], key: str, default: Sequence[str]) -> tuple[str, ...]:
    """A list of program codes from params (a JSON list, or a comma-separated string)."""
    value = params.get(key, default)
    if isinstance(value, str):
        value = [v for v in (part.strip() for part in value.split(",")) if v]
    return tuple(str(v) for v in value)


def amount_param(params: Mapping[str, Any], key: str, default: str = "0.00") -> Decimal:
    amount = to_decimal(params.get(key), Decimal(default))
    return amount if amount > 0 else Decimal("0.00")


def amount_by(params: Mapping[str, Any], key: str, level: str | int, defaults: Mapping[str, str]) -> Decimal:
    """An amount from a params mapping keyed by level or grade (``{"1": "300.00"}``), or the
    default for that key."""
    table = {**defaults, **{str(k): v for k, v in dict(params.get(key) or {}).items()}}
    return amount_param(table, str(level), "0.00")
