"""Staff pages of child directors and supervisors: coverage per township (the villages without a
director, the townships without a supervisor; Excel export), the list of posts, appointing one
and ending one."""

from __future__ import annotations

from django.contrib import messages as flash
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from minzheng.children import messages
from minzheng.children.directors import selectors, services
from minzheng.children.directors.forms import AppointForm, EndForm
from minzheng.core.audit import access_record_many
from minzheng.core.forms import add_service_errors
from minzheng.core.http import Window, permission_required
from minzheng.core.tabular import xlsx_download
from minzheng.people.selectors import person_by_full_id_number
from minzheng.people.services import person_id_number_looked_up

VIEW, MANAGE = selectors.PERM_VIEW, selectors.PERM_MANAGE
COVERAGE_HEADERS = [
    "区县",
    "乡镇（街道）",
    "乡镇代码",
    "村（社区）数",
    "配备儿童主任",
    "覆盖率（%）",
    "儿童督导员",
    "未配备儿童主任的村（社区）",
]


@permission_required(VIEW)
@require_GET
def coverage(request: HttpRequest) -> HttpResponse:
    day = timezone.localdate()
    rows = selectors.coverage(user=request.user, day=day)
    if request.GET.get("export") == "xlsx":
        return xlsx_download(
            name="儿童主任配备情况",
            headers=COVERAGE_HEADERS,
            rows=(
                [
                    t.county,
                    t.name,
                    t.code,
                    t.villages,
                    t.covered,
                    t.rate,
                    t.supervisor or "未配备",
                    "、".join(name for _, name in t.uncovered),
                ]
                for t in rows
            ),
        )
    return render(
        request,
        "children/directors/coverage.html",
        {
            "rows": rows,
            "day": day,
            "villages": sum(t.villages for t in rows),
            "covered": sum(t.covered for t in rows),
            "can_manage": request.user.has_perm(MANAGE),
        },
    )


def _list(
    request: HttpRequest, *, end_form: EndForm | None = None, failed: int | None = None, status: int = 200
) -> HttpResponse:
    rows = selectors.director_list(
        user=request.user, role=request.GET.get("role", ""), status=request.GET.get("status", "active")
    )
    page = Window(rows, request)
    if page.object_list:
        access_record_many(actor=request.user, subjects=[d.person for d in page.object_list])
    return render(
        request,
        "children/directors/list.html",
        {
            "page": page,
            "can_manage": request.user.has_perm(MANAGE),
            "end_form": EndForm(),
            "failed_form": end_form,
            "failed": failed,
        },
        status=status,
    )


@permission_required(VIEW)
@require_GET
def director_list(request: HttpRequest) -> HttpResponse:
    return _list(request)


@permission_required(MANAGE)
@require_http_methods(["GET", "POST"])
def director_appoint(request: HttpRequest) -> HttpResponse:
    form = AppointForm(
        request.POST or None,
        initial={"region_code": request.GET.get("region", ""), "role": request.GET.get("role", "director")},
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            values = form.cleaned_data
            person = person_by_full_id_number(id_number=values["id_number"])
            if person is None:
                form.add_error("id_number", messages.ID_NUMBER_UNKNOWN)
            else:
                person_id_number_looked_up(actor=request.user, person=person)
                try:
                    post = services.director_appoint(
                        actor=request.user,
                        person=person,
                        role=values["role"],
                        region_code=values["region_code"],
                        started_on=values["started_on"],
                    )
                except ValidationError as exc:
                    add_service_errors(form, exc)
                else:
                    flash.success(
                        request, messages.PAGE_DIRECTOR.format(role=post.get_role_display(), name=person.name)
                    )
                    return redirect("child_directors:coverage")
    return render(request, "children/directors/appoint.html", {"form": form}, status=status)


@permission_required(MANAGE)
@require_POST
def director_end(request: HttpRequest, pk: int) -> HttpResponse:
    director = selectors.director_get(user=request.user, pk=pk)
    form = EndForm(request.POST)
    if form.is_valid():
        try:
            services.director_end(
                actor=request.user, director=director, ended_on=form.cleaned_data["ended_on"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            flash.success(request, messages.PAGE_DIRECTOR_ENDED.format(name=director.person.name))
            return redirect("child_directors:list")
    return _list(request, end_form=form, failed=director.pk, status=400)
