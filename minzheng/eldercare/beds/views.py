"""Staff pages of one bed, one code: the care homes in view and their beds (add beds, print and
download the QR codes), a bed's page (who lies there, the history of stays, check-in by ID number,
check-out, retire), the monthly subsidy runs (make, read per home, approve, lines), the rates, and
the integrity findings.

Every person a page shows by name writes an access-log row (one per person, in one statement)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages as flash
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from minzheng.benefits.money import parse_month
from minzheng.core.audit import access_record_many
from minzheng.core.forms import add_service_errors
from minzheng.core.http import Window, permission_required
from minzheng.core.selectors import region_filter_choices
from minzheng.eldercare.beds import integrity, messages, qr, selectors, services
from minzheng.eldercare.beds.forms import (
    BedsAddForm,
    CheckInForm,
    CheckOutForm,
    FindingsForm,
    RateForm,
    RetireForm,
    RunForm,
)
from minzheng.eldercare.beds.rows import bed_rows
from minzheng.people.services import person_id_number_looked_up

MANAGE = services.PERM_MANAGE
SUBSIDY = services.PERM_SUBSIDY
APPROVE = services.PERM_APPROVE
RATES = services.PERM_RATES
FINDINGS = "eldercare.view_bed_findings"
LINES_PAGE = 50


# ---- homes and beds -----------------------------------------------------------------------------


@permission_required(MANAGE)
@require_GET
def home_list(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "")[:50]
    page = Window(selectors.home_list(user=request.user, q=q), request)
    return render(request, "eldercare/beds/homes.html", {"page": page, "q": q})


@permission_required(MANAGE)
@require_http_methods(["GET", "POST"])
def home_beds(request: HttpRequest, pk: int) -> HttpResponse:
    home = selectors.home_get(user=request.user, pk=pk)
    form = BedsAddForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                data = form.cleaned_data
                beds = services.beds_create(actor=request.user, home=home, room=data["room"], numbers=data["number"],
                                            kind=data["kind"])
            except ValidationError as exc:
                add_service_errors(form, exc, aliases={"facility": "__all__"})
            else:
                flash.success(request, messages.PAGE_BEDS_ADDED.format(count=len(beds)))
                return redirect("beds:home", pk=home.pk)
        status = 400
    beds, stays = selectors.home_bed_board(user=request.user, home=home)
    access_record_many(actor=request.user, subjects=[s.person for s in stays])
    # One reverse for the page, not three per bed: a bed's page is <root><id>/ (``beds:bed``) and
    # its codes are that and qr.png or qr.svg (``beds:qr_png``, ``beds:qr_svg``); the rows are
    # written in Python (rows.bed_rows), not by the template engine.
    root = reverse("beds:bed", kwargs={"pk": 0}).removesuffix("0/")
    return render(request, "eldercare/beds/home.html", {
        "home": home, "beds": beds, "rows": bed_rows(beds, root=root), "form": form, "occupied": len(stays),
    }, status=status)


@permission_required(MANAGE)
@require_GET
def home_qr_sheet(request: HttpRequest, pk: int) -> HttpResponse:
    """Every bed's code of a home on one sheet, to print and stick on the beds."""
    home = selectors.home_get(user=request.user, pk=pk)
    beds = list(selectors.bed_list(user=request.user, home=home))
    return render(request, "eldercare/beds/print.html", {"home": home, "beds": beds})


def _qr_response(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    bed = selectors.bed_get(user=request.user, pk=pk)
    url = qr.public_url(bed.code, request)
    if kind == "svg":
        body, content_type = qr.qr_svg(url, title=f"{bed.facility.name} {bed}"), "image/svg+xml"
    else:
        body, content_type = qr.qr_png(url), "image/png"
    response = HttpResponse(body, content_type=content_type)
    attachment = request.GET.get("download") == "1"
    response["Content-Disposition"] = content_disposition_header(
        attachment, f"床位码_{bed.facility.name}_{bed.room}房{bed.number}床.{kind}")
    # A code in a shared cache would outlive the bed's retirement.
    response["Cache-Control"] = "private, max-age=300"
    return response


@permission_required(MANAGE)
@require_GET
def bed_qr_svg(request: HttpRequest, pk: int) -> HttpResponse:
    return _qr_response(request, pk, "svg")


@permission_required(MANAGE)
@require_GET
def bed_qr_png(request: HttpRequest, pk: int) -> HttpResponse:
    return _qr_response(request, pk, "png")


def _bed_page(request: HttpRequest, bed: Any, *, check_in: CheckInForm | None = None,
              check_out: CheckOutForm | None = None, retire: RetireForm | None = None, status: int = 200) -> HttpResponse:
    history = list(selectors.occupancy_list(user=request.user, bed=bed)[:50])
    stay = next((s for s in history if s.is_open), None)
    access_record_many(actor=request.user, subjects=[s.person for s in history])
    return render(request, "eldercare/beds/bed.html", {
        "bed": bed, "home": bed.facility, "stay": stay, "history": history,
        "public_url": qr.public_url(bed.code, request),
        "check_in": check_in or CheckInForm(), "check_out": check_out or CheckOutForm(),
        "retire": retire or RetireForm(), "scans": selectors.scans_of(bed=bed, limit=10),
    }, status=status)


@permission_required(MANAGE)
@require_GET
def bed_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _bed_page(request, selectors.bed_get(user=request.user, pk=pk))


@permission_required(MANAGE)
@require_POST
def bed_check_in(request: HttpRequest, pk: int) -> HttpResponse:
    bed = selectors.bed_get(user=request.user, pk=pk)
    form = CheckInForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        person = selectors.person_for_check_in(user=request.user, id_number=data["id_number"])
        if person is not None:
            person_id_number_looked_up(actor=request.user, person=person)
        try:
            stay = services.bed_check_in(actor=request.user, bed=bed, person=person, on=data["checked_in_on"],
                                         note=data["note"])
        except ValidationError as exc:
            add_service_errors(form, exc, aliases={"person": "id_number", "bed": "__all__"})
        else:
            flash.success(request, messages.PAGE_CHECKED_IN.format(name=stay.person.name,
                                                                   date=stay.checked_in_on.isoformat()))
            return redirect("beds:bed", pk=bed.pk)
    return _bed_page(request, bed, check_in=form, status=400)


@permission_required(MANAGE)
@require_POST
def occupancy_check_out(request: HttpRequest, pk: int) -> HttpResponse:
    stay = selectors.occupancy_get(user=request.user, pk=pk)
    form = CheckOutForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            stay = services.bed_check_out(actor=request.user, occupancy=stay, on=data["checked_out_on"],
                                          reason=data["check_out_reason"], note=data["note"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            flash.success(request, messages.PAGE_CHECKED_OUT.format(name=stay.person.name,
                                                                    date=stay.checked_out_on.isoformat()))
            return redirect("beds:bed", pk=stay.bed_id)
    return _bed_page(request, stay.bed, check_out=form, status=400)


@permission_required(MANAGE)
@require_POST
def bed_retire(request: HttpRequest, pk: int) -> HttpResponse:
    bed = selectors.bed_get(user=request.user, pk=pk)
    form = RetireForm(request.POST)
    if form.is_valid():
        try:
            bed = services.bed_retire(actor=request.user, bed=bed, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            add_service_errors(form, exc, aliases={"bed": "__all__"})
        else:
            flash.success(request, messages.PAGE_BED_RETIRED.format(bed=bed))
            return redirect("beds:home", pk=bed.facility_id)
    return _bed_page(request, bed, retire=form, status=400)


# ---- the subsidy --------------------------------------------------------------------------------


@permission_required(SUBSIDY)
@require_http_methods(["GET", "POST"])
def run_list(request: HttpRequest) -> HttpResponse:
    form = RunForm(request.POST or None, region_choices=region_filter_choices(user=request.user, prefixes=True))
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                run = services.bed_subsidy_run_start(actor=request.user, period=form.cleaned_data["period"],
                                                     region_prefix=form.cleaned_data["region"])
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                flash.success(request, messages.PAGE_RUN_COMPUTED.format(count=run.line_count, total=run.total_amount))
                return redirect("beds:run", pk=run.pk)
        status = 400
    page = Window(selectors.run_list(user=request.user), request)
    return render(request, "eldercare/beds/runs.html", {"form": form, "page": page}, status=status)


@permission_required(SUBSIDY)
@require_GET
def run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The preview an approver reads: totals, each home's bed-days and money, each level's."""
    run = selectors.run_get(user=request.user, pk=pk)
    user = request.user
    return render(request, "eldercare/beds/run.html", {
        "run": run, "homes": selectors.run_homes(run=run), "levels": selectors.level_counts(run=run),
        "can_approve": (user.has_perm(APPROVE) and run.status == run.Status.COMPUTED
                        and run.created_by_id != user.pk),
    })


@permission_required(SUBSIDY)
@require_GET
def run_lines(request: HttpRequest, pk: int) -> HttpResponse:
    run = selectors.run_get(user=request.user, pk=pk)
    home = request.GET.get("home")
    home_id = int(home) if home and home.isdigit() and len(home) < 19 else None
    page = Window(selectors.run_lines(run=run, home=home_id), request, size=LINES_PAGE)
    access_record_many(actor=request.user, subjects=[line.person for line in page])
    return render(request, "eldercare/beds/lines.html", {"run": run, "page": page, "home": home_id})


@permission_required(APPROVE)
@require_POST
def run_approve(request: HttpRequest, pk: int) -> HttpResponse:
    run = selectors.run_get(user=request.user, pk=pk)
    try:
        services.bed_subsidy_run_approve(actor=request.user, run=run)
    except ValidationError as exc:
        flash.error(request, "；".join(exc.messages))
    else:
        flash.success(request, messages.PAGE_RUN_APPROVED)
    return redirect("beds:run", pk=run.pk)


@permission_required(SUBSIDY)
@require_http_methods(["GET", "POST"])
def rates(request: HttpRequest) -> HttpResponse:
    can_add = request.user.has_perm(RATES)
    form = RateForm(request.POST or None) if can_add else None
    status = 200
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.bed_subsidy_rate_add(actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc, aliases={"region": "region_prefix"})
            else:
                flash.success(request, messages.PAGE_RATE_ADDED)
                return redirect("beds:rates")
        status = 400
    return render(request, "eldercare/beds/rates.html", {"rates": selectors.rate_history(), "form": form},
                  status=status)


# ---- findings -----------------------------------------------------------------------------------


@permission_required(FINDINGS)
@require_GET
def findings(request: HttpRequest) -> HttpResponse:
    form = FindingsForm(request.GET or None)
    month, check = integrity.last_month(), ""
    status = 200
    if form.is_bound and form.is_valid():
        check = form.cleaned_data["check"]
        text = form.cleaned_data["month"]
        if text:
            try:
                month = parse_month(text)
            except ValueError:
                form.add_error("month", messages.PERIOD_INVALID.format(value=text))
                status = 400
    found = integrity.findings(user=request.user, month=month, check=check) if status == 200 else []
    access_record_many(actor=request.user, subjects=[f.person for f in found])
    return render(request, "eldercare/beds/findings.html", {
        "form": form, "findings": found, "month": month, "checks": integrity.CHECKS,
    }, status=status)
