"""The rows of the year's funeral figures as the page shows them: each figure's key (the annual
summary's ``funeral.*``), its Chinese label and unit."""

from __future__ import annotations

from typing import Any

from minzheng.core import figures

FIGURE_ROWS: tuple[figures.FigureRow, ...] = (
    ("waived_amount", "减免群众丧葬费用", "元"),
    ("columbaria", "建成骨灰堂", "个"),
    ("mourning_points", "集中治丧点", "个"),
    ("cemeteries_renovated", "生态化改造老旧公墓", "个"),
)


def figure_rows(values: dict[str, Any]) -> list[dict[str, Any]]:
    return figures.figure_rows(values, FIGURE_ROWS)
