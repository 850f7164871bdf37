"""What the charity, donations and trusts pages share: the form inputs, the Excel download of a
list (``core.tabular.xlsx_download``), and two page shapes rendered by two templates: a list (title,
actions, a filter form, columns and rows of cells) and a form (a service call on POST whose
``ValidationError`` lands on the form's fields, answered 400)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django import forms
from django.contrib import messages as flash
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from minzheng.core.forms import add_service_errors
from minzheng.core.http import Window
from minzheng.core.tabular import xlsx_download

EXPORT_MAX = 200_000
FEN = Decimal("0.01")
LIST_TEMPLATE = "civil_society/charity/table.html"
FORM_TEMPLATE = "civil_society/charity/form.html"


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


def date_field(label: str, *, required: bool = True) -> forms.DateField:
    invalid = f"{label}：格式应为 YYYY-MM-DD"
    return forms.DateField(
        label=label,
        required=required,
        widget=DateInput(),
        error_messages={"required": f"{label}：请填写{label}", "invalid": invalid},
    )


def text_field(label: str, *, max_length: int, required: bool = True, help_text: str = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        help_text=help_text,
        error_messages={
            "required": f"{label}：请填写{label}",
            "max_length": f"{label}：不超过{max_length}字",
        },
    )


def choice_field(label: str, *, choices: Any, required: bool = True) -> forms.ChoiceField:
    message = f"{label}：请从列表中选择"
    return forms.ChoiceField(
        label=label,
        required=required,
        choices=choices,
        error_messages={"required": message, "invalid_choice": message},
    )


def money_field(label: str, *, required: bool = True) -> forms.DecimalField:
    invalid = f"{label}：应为不小于0的金额（元），最多两位小数"
    return forms.DecimalField(
        label=f"{label}（元）",
        required=required,
        max_digits=14,
        decimal_places=2,
        error_messages={
            key: invalid for key in ("invalid", "max_digits", "max_decimal_places", "max_whole_digits")
        }
        | {"required": f"{label}：请填写{label}"},
    )


def year_field() -> forms.IntegerField:
    message = "年度：应为2000–2100之间的整数"
    return forms.IntegerField(
        label="年度",
        required=False,
        min_value=2000,
        max_value=2100,
        error_messages={"invalid": message, "min_value": message, "max_value": message},
    )


def yuan(value: Any) -> Decimal:
    """A sum of money to the fen (SQLite answers a decimal sum with more places)."""
    return Decimal(value or 0).quantize(FEN)


@dataclass(frozen=True)
class Cell:
    text: Any
    url: str = ""



def list_page(
    request: HttpRequest,
    *,
    title: str,
    rows: Any,
    headers: Sequence[str],
    cells: Callable[[Any], Sequence[Any]],
    filename: str,
    form: forms.Form | None = None,
    actions: Sequence[tuple[str, str]] = (),
    export: Callable[[Any], Sequence[Any]] | None = None,
    facts: Sequence[tuple[str, Any]] = (),
    note: str = "",
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    """A list with a pager, or its Excel download (``?export=xlsx``, the same scoped rows)."""
    if request.GET.get("export") == "xlsx":
        plain = export or (lambda row: [c.text if isinstance(c, Cell) else c for c in cells(row)])
        return xlsx_download(
            name=filename, headers=headers, rows=(plain(row) for row in rows[:EXPORT_MAX])
        )
    page = Window(rows, request)
    table = [
        list(zip(headers, [c if isinstance(c, Cell) else Cell(c) for c in cells(row)], strict=True))
        for row in page.object_list
    ]
    status = 400 if form is not None and form.is_bound and not form.is_valid() else 200
    return render(
        request,
        LIST_TEMPLATE,
        {
            "title": title,
            "form": form,
            "actions": actions,
            "headers": headers,
            "table": table,
            "page": page,
            "facts": facts,
            "note": note,
            **(extra or {}),
        },
        status=status,
    )


def form_page(
    request: HttpRequest,
    *,
    title: str,
    form: forms.Form,
    run: Callable[[dict[str, Any]], HttpResponse],
    back: tuple[str, str] | None = None,
    note: str = "",
    aliases: dict[str, str] | None = None,
    done: str = "",
    context: dict[str, Any] | None = None,
) -> HttpResponse:
    """GET shows the form; POST checks it and calls ``run`` (a service and a redirect); a service's
    refusal lands on the form, answered 400, and nothing is written."""
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                response = run(form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc, aliases=aliases)
            else:
                if done:
                    flash.success(request, done)
                return response
    return render(
        request,
        FORM_TEMPLATE,
        {"title": title, "form": form, "back": back, "note": note, **(context or {})},
        status=status,
    )
