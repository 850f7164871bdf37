"""The promotion events page (“福彩有爱”公益推广): the events of a year in one's scope (Excel
export), and recording one (the lottery centre)."""

from __future__ import annotations

from django.contrib import messages as flash
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from minzheng.core.figures import YearForm
from minzheng.core.forms import add_service_errors
from minzheng.core.http import Window, permission_required
from minzheng.core.tabular import wants_xlsx, xlsx_download
from minzheng.lottery import messages
from minzheng.lottery.fund.services import PERM_MANAGE, PERM_VIEW
from minzheng.lottery.promotion import selectors, services
from minzheng.lottery.promotion.forms import EventForm
from minzheng.lottery.regions import region_choices


@permission_required(PERM_VIEW)
@require_http_methods(["GET", "POST"])
def event_list(request: HttpRequest) -> HttpResponse:
    year_form = YearForm(request.GET)
    year = year_form.cleaned_data.get("year") if year_form.is_valid() else None
    can_manage = request.user.has_perm(PERM_MANAGE)
    form = EventForm(request.POST or None, regions=region_choices(request.user) if can_manage else [])
    status = 200 if year_form.is_valid() else 400
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        status = 400
        if form.is_valid():
            try:
                event = services.promotion_event_record(actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                flash.success(request, messages.PAGE_EVENT_ADDED.format(title=event.title))
                return redirect("lottery:events")
    rows = selectors.event_list(user=request.user, year=year)
    if wants_xlsx(request):
        return xlsx_download(
            name="福彩公益推广活动",
            headers=["活动日期", "活动名称", "活动地点", "区划代码", "参与人数", "说明"],
            rows=(
                [e.held_on, e.title, e.place, e.region_code, e.participants, e.note] for e in rows.iterator()
            ),
        )
    return render(
        request,
        "lottery/promotion/list.html",
        {
            "year_form": year_form,
            "page": Window(rows, request),
            "form": form if can_manage else None,
            "export_query": request.GET.urlencode(),
        },
        status=status,
    )
