"""A year's figures as the figures pages and their APIs show them (救助统计, 养老服务统计): the
year asked for, checked the same way on a page and in the API, and the rows of a table, each
figure's key (as in the annual summary's reference figures), its Chinese label and unit."""

from __future__ import annotations

from typing import Any

from django import forms
from rest_framework import serializers

from minzheng.core import messages

YEAR_MIN, YEAR_MAX = 2000, 2100
YEAR_ERROR = messages.FIGURES_YEAR_INVALID.format(min=YEAR_MIN, max=YEAR_MAX)

# (key, label, unit)
FigureRow = tuple[str, str, str]


def figure_rows(figures: dict[str, Any], rows: tuple[FigureRow, ...]) -> list[dict[str, Any]]:
    """The figures in the table's order, each with its label and unit; a figure a backend or a
    sub-domain cannot give is ``None`` (shown as —)."""
    return [
        {"key": key, "label": label, "value": figures.get(key), "unit": unit} for key, label, unit in rows
    ]


class YearForm(forms.Form):
    """The page's year; empty means the page's default year."""

    year = forms.IntegerField(
        label="年度",
        min_value=YEAR_MIN,
        max_value=YEAR_MAX,
        required=False,
        error_messages={"invalid": YEAR_ERROR, "min_value": YEAR_ERROR, "max_value": YEAR_ERROR},
    )


class YearQuerySerializer(serializers.Serializer):
    """The API's ``?year=``, required."""

    year = serializers.IntegerField(
        min_value=YEAR_MIN,
        max_value=YEAR_MAX,
        help_text="年度，如 2024",
        error_messages={
            key: YEAR_ERROR
            for key in ("required", "null", "invalid", "min_value", "max_value", "max_string_length")
        },
    )
