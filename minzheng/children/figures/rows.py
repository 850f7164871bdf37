"""The rows of the year's children's figures as the page shows them: key, Chinese label, unit."""

from __future__ import annotations

from typing import Any

from minzheng.core import figures

FIGURE_ROWS: tuple[figures.FigureRow, ...] = (
    ("in_difficulty_records", "困境儿童建档（含孤儿、事实无人抚养儿童）", "人"),
    ("orphans", "其中孤儿", "人"),
    ("de_facto_unsupported", "其中事实无人抚养儿童", "人"),
    ("migrant_records", "流动儿童建档", "人"),
    ("left_behind", "留守儿童建档", "人"),
    ("migrant_service_list_items", "流动儿童基本服务清单", "项"),
    ("villages", "村（社区）", "个"),
    ("villages_with_director", "其中配备儿童主任", "个"),
    ("townships_with_supervisor", "配备儿童督导员的乡镇（街道）", "个"),
    ("visits", "儿童主任走访", "次"),
    ("services_delivered", "流动儿童基本服务", "人次"),
)


def figure_rows(values: dict[str, Any]) -> list[dict[str, Any]]:
    return figures.figure_rows(values, FIGURE_ROWS)
