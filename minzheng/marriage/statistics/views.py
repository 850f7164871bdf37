"""The statistics page (and its Excel download): marriages, divorces and average age by office
and month, for registrars, county officers and the city administrator in their scope."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from minzheng.core.figures import YearForm
from minzheng.core.http import permission_required
from minzheng.core.tabular import wants_xlsx, xlsx_download
from minzheng.marriage.permissions import VIEW_STATISTICS
from minzheng.marriage.statistics import selectors

HEADERS = ["登记机关", "区划代码", "月份", "结婚登记（对）", "离婚登记（对）", "结婚平均年龄（岁）"]


@permission_required(VIEW_STATISTICS)
@require_GET
def page(request: HttpRequest) -> HttpResponse:
    form = YearForm(request.GET or None)
    year = (form.cleaned_data.get("year") if form.is_valid() else None) or timezone.localdate().year
    rows = selectors.monthly_rows(user=request.user, year=year)
    if wants_xlsx(request) and form.is_valid():
        return xlsx_download(
            name=f"婚姻登记统计{year}",
            headers=HEADERS,
            rows=([r.office, r.region_code, f"{year}-{r.month:02d}", r.marriages, r.divorces, r.average_age]
                  for r in rows),
        )
    return render(request, "marriage/statistics/page.html",
                  {"form": form, "year": year, "rows": rows, "totals": selectors.totals(rows)},
                  status=200 if form.is_valid() or not form.is_bound else 400)
