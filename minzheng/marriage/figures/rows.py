"""The rows of the year's marriage-service figures as the page shows them: each figure's key (the
annual summary's ``marriage.*``), its Chinese label and unit."""

from __future__ import annotations

from typing import Any

from minzheng.core import figures

FIGURE_ROWS: tuple[figures.FigureRow, ...] = (
    ("counseling_stations", "婚姻家庭辅导驿站", "家"),
    ("simple_wedding_bases", "新增简约婚礼示范基地", "个"),
    ("collective_ceremonies", "集体颁证、集体婚礼活动", "场"),
    ("matchmaking_events", "相亲交友、婚恋辅导等活动", "场次"),
)


def figure_rows(values: dict[str, Any]) -> list[dict[str, Any]]:
    return figures.figure_rows(values, FIGURE_ROWS)
