"""Staff pages of the social-organization registry: the list (with Excel export), registering or
filing one, editing it, one organization (its particulars, annual reports, activity records, credit
entries, cleanup cases, venture projects and awards), and the annual reports of a year with the late
ones flagged and the missing ones found.

Reading takes ``civil_society.view_organization``; writing, the registrar's power over the kind
(``registry.services.may_register``). The legal representative a page shows is access-logged."""

from __future__ import annotations

from typing import Any

from django.contrib import messages as flash
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from minzheng.civil_society.registry import messages, selectors, services
from minzheng.civil_society.registry.forms import (
    FilterForm,
    OrganizationForm,
    ReportFilterForm,
    ReportForm,
    SignalForm,
)
from minzheng.civil_society.registry.models import OrgKind
from minzheng.core.audit import access_record_many
from minzheng.core.forms import add_service_errors
from minzheng.core.http import Window, permission_required
from minzheng.core.tabular import wants_xlsx, xlsx_download
from minzheng.people.services import person_id_number_looked_up

VIEW = selectors.PERM_VIEW
ALIASES = {"legal_representative": "legal_id_number", "address": "address_code"}
HEADERS = [
    "名称",
    "类型",
    "统一社会信用代码",
    "所属区划",
    "登记日期",
    "业务主管单位",
    "注册资金（元）",
    "状态",
    "状态起始",
]


def _may_write(user: Any) -> bool:
    return user.has_perm(selectors.PERM_MANAGE) or user.has_perm(selectors.PERM_COMMUNITY)


@permission_required(VIEW)
@require_GET
def organization_list(request: HttpRequest) -> HttpResponse:
    form = FilterForm(request.GET or None)
    values = form.cleaned_data if form.is_valid() else {}
    rows = selectors.organization_list(
        user=request.user, q=values.get("q", ""), kind=values.get("kind", ""), status=values.get("status", "")
    )
    if wants_xlsx(request):
        return xlsx_download(
            name="社会组织名录",
            headers=HEADERS,
            rows=(
                [
                    o.name,
                    o.get_kind_display(),
                    o.uscc,
                    o.region_code,
                    o.registered_on,
                    o.supervising_unit,
                    o.funds,
                    o.get_status_display(),
                    o.status_since,
                ]
                for o in rows.iterator()
            ),
        )
    return render(
        request,
        "civil_society/registry/list.html",
        {
            "form": form,
            "page": Window(rows, request),
            "may_write": _may_write(request.user),
            "query": request.GET.urlencode(),
        },
        status=200 if form.is_valid() or not form.is_bound else 400,
    )


def _values(request: HttpRequest, form: OrganizationForm) -> dict[str, Any]:
    """The form's answers as the service's arguments: the person and the address looked up (a wrong
    one is named on its field)."""
    data = dict(form.cleaned_data)
    id_number = data.pop("legal_id_number").strip()
    code = data.pop("address_code").strip()
    errors: dict[str, list[str]] = {}
    person = selectors.person_for_org(user=request.user, id_number=id_number) if id_number else None
    if id_number and person is None:
        errors["legal_representative"] = [messages.LEGAL_REP_UNKNOWN]
    elif person is not None:
        person_id_number_looked_up(actor=request.user, person=person)
    address = selectors.address_for_org(user=request.user, code=code) if code else None
    if code and address is None:
        errors["address"] = [messages.ADDRESS_NOT_FOUND]
    if errors:
        raise ValidationError(errors)
    data["legal_representative"], data["address"] = person, address
    return data


def _kinds(user: Any) -> list[tuple[str, str]]:
    if user.has_perm(selectors.PERM_MANAGE):
        return list(OrgKind.choices)
    return [(OrgKind.COMMUNITY.value, OrgKind.COMMUNITY.label)]


@permission_required(VIEW)
@require_http_methods(["GET", "POST"])
def organization_create(request: HttpRequest) -> HttpResponse:
    if not _may_write(request.user):
        raise PermissionDenied(messages.PERMISSION_MANAGE)
    form = OrganizationForm(request.POST or None, kinds=_kinds(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            org = services.organization_create(actor=request.user, **_values(request, form))
        except ValidationError as exc:
            add_service_errors(form, exc, aliases=ALIASES)
        else:
            flash.success(request, messages.PAGE_SAVED.format(name=org.name))
            return redirect("orgs:detail", pk=org.pk)
    return render(
        request,
        "civil_society/registry/form.html",
        {"form": form, "title": "登记社会组织"},
        status=400 if form.errors else 200,
    )


@permission_required(VIEW)
@require_http_methods(["GET", "POST"])
def organization_edit(request: HttpRequest, pk: int) -> HttpResponse:
    org = selectors.organization_get(user=request.user, pk=pk)
    if not services.may_register(request.user, org.kind):
        raise PermissionDenied(messages.PERMISSION_MANAGE)
    initial = OrganizationForm.initial_of(org)
    form = OrganizationForm(request.POST or None, initial=initial, kinds=_kinds(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            values = _values(request, form)
            if values["legal_representative"] is None:
                values["legal_representative"] = org.legal_representative
            services.organization_update(actor=request.user, organization=org, **values)
        except ValidationError as exc:
            add_service_errors(form, exc, aliases=ALIASES)
        else:
            flash.success(request, messages.PAGE_SAVED.format(name=org.name))
            return redirect("orgs:detail", pk=org.pk)
    return render(
        request,
        "civil_society/registry/form.html",
        {"form": form, "title": f"变更登记：{org.name}", "organization": org},
        status=400 if form.errors else 200,
    )


def _detail(
    request: HttpRequest, pk: int, forms: dict[str, Any] | None = None, status: int = 200
) -> HttpResponse:
    org = selectors.organization_get(user=request.user, pk=pk)
    access_record_many(actor=request.user, subjects=[org.legal_representative])
    forms = forms or {}
    may_write = services.may_register(request.user, org.kind) and not org.is_closed
    return render(
        request,
        "civil_society/registry/detail.html",
        {
            "org": org,
            "reports": selectors.reports_of(organization=org),
            "signals": selectors.signals_of(organization=org)[:50],
            "may_write": may_write,
            "may_manage": request.user.has_perm(selectors.PERM_MANAGE) and not org.is_closed,
            "report_form": forms.get("report") or ReportForm(),
            "signal_form": forms.get("signal") or SignalForm(),
            "today": timezone.localdate(),
        },
        status=status,
    )


@permission_required(VIEW)
@require_GET
def organization_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, pk)


@permission_required(VIEW)
@require_POST
def report_add(request: HttpRequest, pk: int) -> HttpResponse:
    org = selectors.organization_get(user=request.user, pk=pk)
    form = ReportForm(request.POST)
    if form.is_valid():
        try:
            report = services.annual_report_record(actor=request.user, organization=org, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            flash.success(request, messages.PAGE_DONE.format(what=f"{report.year}年度报告"))
            return redirect("orgs:detail", pk=pk)
    return _detail(request, pk, {"report": form}, status=400)


@permission_required(VIEW)
@require_POST
def signal_add(request: HttpRequest, pk: int) -> HttpResponse:
    org = selectors.organization_get(user=request.user, pk=pk)
    form = SignalForm(request.POST)
    if form.is_valid():
        try:
            signal = services.signal_record(actor=request.user, organization=org, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            flash.success(request, messages.PAGE_DONE.format(what=signal.get_kind_display()))
            return redirect("orgs:detail", pk=pk)
    return _detail(request, pk, {"signal": form}, status=400)


@permission_required(VIEW)
@require_GET
def report_list(request: HttpRequest) -> HttpResponse:
    """A year's reports with the late ones flagged, and the organizations still missing one."""
    form = ReportFilterForm(request.GET or None)
    valid = form.is_valid() or not form.is_bound
    values = form.cleaned_data if form.is_bound and valid else {}
    today = timezone.localdate()
    year = values.get("year") or selectors.reports_default_year(user=request.user, day=today)
    late = {"1": True, "0": False}.get(values.get("late") or "")
    rows = selectors.reports_list(user=request.user, year=year, late=late)
    missing = selectors.reports_missing(user=request.user, year=year, day=today)
    if wants_xlsx(request):
        return xlsx_download(
            name=f"{year}年度报告",
            headers=[
                "社会组织",
                "类型",
                "报告年度",
                "截止日期",
                "报业务主管单位",
                "报登记管理机关",
                "逾期",
                "年检结论",
            ],
            rows=(
                [
                    r.organization.name,
                    r.organization.get_kind_display(),
                    r.year,
                    r.due_on,
                    r.supervisor_submitted_on,
                    r.submitted_on,
                    "逾期" if r.late else "按时",
                    r.get_result_display(),
                ]
                for r in rows.iterator()
            ),
        )
    return render(
        request,
        "civil_society/registry/reports.html",
        {
            "form": form,
            "year": year,
            "page": Window(rows, request),
            "missing": missing[:200],
            "missing_count": missing.count(),
            "query": request.GET.urlencode(),
        },
        status=200 if valid else 400,
    )
