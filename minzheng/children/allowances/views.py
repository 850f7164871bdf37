"""The living allowances page: the two programs, their standard in force, the children enrolled,
and the monthly grant with its payment run (``benefits.manage_payments``: counties and the city;
another officer approves the run on the engine's payment pages)."""

from __future__ import annotations

from django import forms
from django.contrib import messages as flash
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from minzheng.benefits.money import parse_month
from minzheng.children import messages
from minzheng.children.allowances import selectors, services
from minzheng.core.forms import add_service_errors
from minzheng.core.http import permission_required


class GrantForm(forms.Form):
    program = forms.ChoiceField(
        label="项目",
        choices=[(code, code) for code in services.CATEGORY_OF],
        error_messages={"required": "项目：请选择", "invalid_choice": "项目：请选择"},
    )
    month = forms.CharField(
        label="月份",
        max_length=7,
        widget=forms.TextInput(attrs={"type": "month"}),
        error_messages={"required": messages.MONTH_INVALID},
    )
    region = forms.CharField(label="区划（代码前缀，空为本辖区）", max_length=12, required=False)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        names = selectors.program_names()
        self.fields["program"].choices = [(code, names.get(code, code)) for code in services.CATEGORY_OF]

    def clean_month(self) -> object:
        try:
            return parse_month(self.cleaned_data["month"])
        except ValueError:
            raise forms.ValidationError(messages.MONTH_INVALID) from None


@permission_required(services.PERM_PAYMENTS)
@require_http_methods(["GET", "POST"])
def allowance_page(request: HttpRequest) -> HttpResponse:
    form = GrantForm(request.POST or None, initial={"month": timezone.localdate().strftime("%Y-%m")})
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            values = form.cleaned_data
            try:
                grant, run = services.child_allowance_pay(
                    actor=request.user,
                    program_code=values["program"],
                    month=values["month"],
                    region_prefix=values["region"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                flash.success(
                    request,
                    messages.PAGE_GRANTED.format(
                        month=f"{grant.month:%Y-%m}",
                        program=run.program.name,
                        created=grant.created,
                        stopped=grant.stopped,
                        run=run.pk,
                        status=run.get_status_display(),
                        lines=run.line_count,
                        total=f"{run.total_amount:,.2f}",
                    ),
                )
                return redirect("child_allowances:page")
    month = timezone.localdate().replace(day=1)
    programs = selectors.programs_overview(user=request.user, month=month)
    return render(
        request,
        "children/allowances.html",
        {"form": form, "programs": programs, "runs": selectors.runs_of(month=month)},
        status=status,
    )
