"""The rows of the year's assistance figures as pages and the API show them: each figure's key
(as in the annual summary's ``assistance.*``), its Chinese label and unit."""

from __future__ import annotations

from typing import Any

YEAR_MIN, YEAR_MAX = 2000, 2100

FIGURE_ROWS: tuple[tuple[str, str, str], ...] = (
    ("low_income_monitored", "纳入动态监测的低收入人口", "人"),
    ("dibao_standard", "城乡最低生活保障标准（12月）", "元/月"),
    ("tekun_standard", "特困人员基本生活保障标准（12月）", "元/月"),
    ("basic_aid_spent", "支出基本救助（低保、特困、临时救助，已到账）", "元"),
    ("temporary_aid_cases", "提供临时救助", "人次"),
    ("dibian_new_households", "认定低收入扩面对象（低保边缘）", "户"),
    ("dibian_new_people", "认定低收入扩面对象（低保边缘）", "人"),
)


def figure_rows(figures: dict[str, Any]) -> list[dict[str, Any]]:
    return [{"key": key, "label": label, "value": figures[key], "unit": unit} for key, label, unit in FIGURE_ROWS]
