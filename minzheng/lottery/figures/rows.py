"""The rows of the year's lottery figures as the page shows them: each figure's key (the annual
summary's ``lottery.*``), its Chinese label and unit."""

from __future__ import annotations

from typing import Any

from minzheng.core import figures

FIGURE_ROWS: tuple[figures.FigureRow, ...] = (
    ("sales", "福利彩票销量", "元"),
    ("sales_growth", "销量同比增长", "%"),
    ("fund_raised", "筹集福彩公益金", "元"),
    ("stations_net_new", "净增销售站点", "个"),
    ("stations_upgraded", "升级改造销售站点", "个"),
    ("promotion_events", "“福彩有爱”公益推广活动", "场"),
)


def figure_rows(values: dict[str, Any]) -> list[dict[str, Any]]:
    return figures.figure_rows(values, FIGURE_ROWS)
