"""The rows of the year's assistance figures as pages and the API show them: each figure's key
(as in the annual summary's ``assistance.*``), its Chinese label and unit."""

from __future__ import annotations

from typing import Any

from minzheng.core import figures
from minzheng.core.figures import YEAR_MAX, YEAR_MIN

__all__ = ["FIGURE_ROWS", "YEAR_MAX", "YEAR_MIN", "figure_rows"]

FIGURE_ROWS: tuple[figures.FigureRow, ...] = (
    ("low_income_monitored", "纳入动态监测的低收入人口", "人"),
    ("dibao_standard", "城乡最低生活保障标准（12月）", "元/月"),
    ("tekun_standard", "特困人员基本生活保障标准（12月）", "元/月"),
    ("basic_aid_spent", "支出基本救助（低保、特困、临时救助，已到账）", "元"),
    ("temporary_aid_cases", "提供临时救助", "人次"),
    ("dibian_new_households", "认定低收入扩面对象（低保边缘）", "户"),
    ("dibian_new_people", "认定低收入扩面对象（低保边缘）", "人"),
)


def figure_rows(values: dict[str, Any]) -> list[dict[str, Any]]:
    return figures.figure_rows(values, FIGURE_ROWS)
