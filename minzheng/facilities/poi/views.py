"""The staff page for the map POI export: what would be exported, and the CSV and JSON downloads."""

from __future__ import annotations

import json

from django import forms
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from minzheng.core import messages as core_messages
from minzheng.core.http import permission_required
from minzheng.facilities.poi import exports, selectors
from minzheng.facilities.sites.models import Facility

PERM_EXPORT, FILENAME = exports.PERM_EXPORT, exports.FILENAME


class PoiForm(forms.Form):
    kind = forms.ChoiceField(label="类别", required=False, choices=[("", "全部类别"), *Facility.Kind.choices])


def _kind(request: HttpRequest) -> str:
    form = PoiForm(request.GET)
    if not form.is_valid():
        raise Http404(core_messages.NOT_FOUND)
    return str(form.cleaned_data["kind"])


@permission_required(PERM_EXPORT)
@require_GET
def poi_page(request: HttpRequest) -> HttpResponse:
    kind = _kind(request)
    facilities = selectors.poi_facilities(user=request.user, kind=kind)
    return render(request, "facilities/poi/export.html", {
        "form": PoiForm(request.GET or None), "kind": kind, "count": facilities.count(),
        "left_out": selectors.poi_left_out(user=request.user, kind=kind),
        "sample": [exports.poi_row(f) for f in facilities[:10]], "columns": exports.COLUMNS,
    })


@permission_required(PERM_EXPORT)
@require_GET
def poi_csv(request: HttpRequest) -> HttpResponse:
    facilities = selectors.poi_facilities(user=request.user, kind=_kind(request))
    response = StreamingHttpResponse(exports.poi_csv(facilities.iterator(chunk_size=2000)),
                                     content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, f"{FILENAME}.csv")
    return response


@permission_required(PERM_EXPORT)
@require_GET
def poi_json(request: HttpRequest) -> HttpResponse:
    body = exports.poi_json(selectors.poi_facilities(user=request.user, kind=_kind(request)))
    response = HttpResponse(json.dumps(body, ensure_ascii=False, indent=1), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, f"{FILENAME}.json")
    return response
