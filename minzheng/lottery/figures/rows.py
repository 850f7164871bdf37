"""The rows of the year's lottery figures as the page shows them: each figure's key (the annual
summary's ``lottery.*``), its Chinese label and unit."""

from __future__ import annotations

from typing import Any

from minzheng.core import figures

FIGURE_ROWS: tuple[figures.FigureRow, ...] = (
    ("sales", "全年福利彩票销售", "元"),
    ("sales_growth", "销售增幅", "%"),
    ("fund_raised", "筹集福彩公益金", "元"),
    ("stations_net_new", "福利彩票销售站点净增", "个"),
    ("stations_upgraded", "完成站点升级改造", "个"),
    ("promotion_events", "“福彩有爱”公益推广项目", "场"),
)


def figure_rows(values: dict[str, Any]) -> list[dict[str, Any]]:
    return figures.figure_rows(values, FIGURE_ROWS)
