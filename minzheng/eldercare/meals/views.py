"""Staff pages of meals for the elderly (老年助餐): the meals per site and month in one's view (a
year, or one month), one site's meals of a month, recording a meal at the counter (the elder
found by ID number or love card number), and the subsidy rates by age tier.

Every person a page shows by name writes an access-log row (one per person, in one statement);
finding an elder by ID number writes a look-up row."""

from __future__ import annotations

from typing import Any

from django.contrib import messages as flash
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from minzheng.benefits.money import parse_month
from minzheng.core.audit import access_record_many
from minzheng.core.forms import add_service_errors
from minzheng.core.http import Window, is_htmx, permission_required, render_page
from minzheng.eldercare.meals import messages, selectors, services
from minzheng.eldercare.meals.forms import CountsForm, MonthForm, RateForm, RecordForm
from minzheng.people.services import person_id_number_looked_up

RECORD = services.PERM_RECORD
RATES = services.PERM_RATES
MONTHS = range(1, 13)


@permission_required(RECORD)
@require_GET
def counts(request: HttpRequest) -> HttpResponse:
    form = CountsForm(request.GET or None)
    year, month, status = selectors.meals_latest_year(), None, 200
    if form.is_bound:
        if form.is_valid():
            year = form.cleaned_data["year"] or year
            month = form.cleaned_data["month"]
        else:
            status = 400
    found = selectors.meal_counts(actor=request.user, year=year, month=month) if status == 200 else []
    # One row per site, its months side by side (a year) or its month's figures (a month).
    sites: dict[int, dict[str, Any]] = {}
    for c in found:
        row = sites.setdefault(
            c.site_id,
            {
                "site_id": c.site_id,
                "name": c.site_name,
                "region_code": c.region_code,
                "months": dict.fromkeys(MONTHS, 0),
                "counts": [],
            },
        )
        row["months"][c.period.month] = c.meals
        row["counts"].append(c)
    rows = [
        {**row, "months": [row["months"][m] for m in MONTHS], "total": selectors.meal_totals(row["counts"])}
        for row in sites.values()
    ]
    return render(
        request,
        "eldercare/meals/counts.html",
        {
            "form": form,
            "year": year,
            "month": month,
            "rows": rows,
            "months": list(MONTHS),
            "totals": selectors.meal_totals(found),
            "can_rates": request.user.has_perm(RATES),
        },
        status=status,
    )


@permission_required(RECORD)
@require_GET
def site_month(request: HttpRequest, pk: int) -> HttpResponse:
    site = selectors.site_get(user=request.user, pk=pk)
    form = MonthForm(request.GET or None)
    month, status = timezone.localdate().replace(day=1), 200
    if form.is_bound and form.is_valid() and form.cleaned_data["month"]:
        try:
            month = parse_month(form.cleaned_data["month"])
        except ValueError:
            form.add_error("month", messages.MONTH_INVALID.format(value=form.cleaned_data["month"]))
            status = 400
    page = Window(selectors.record_list(user=request.user, site=site, month=month), request)
    people = {r.person_id: r.person for r in page.object_list}
    if people:
        access_record_many(actor=request.user, subjects=list(people.values()))
    if is_htmx(request):  # the pager: the next window of meals only
        return render_page(
            request, "eldercare/meals/site.html", "eldercare/meals/_records.html", {"page": page}
        )
    found = selectors.meal_counts(actor=request.user, year=month.year, month=month.month, site=site)
    return render(
        request,
        "eldercare/meals/site.html",
        {
            "site": site,
            "form": form,
            "month": month,
            "page": page,
            "totals": selectors.meal_totals(found),
        },
        status=status,
    )


def _person(request: HttpRequest, form: RecordForm) -> Any:
    """The elder the form names, or None with the reason on its field."""
    id_number = (form.cleaned_data.get("id_number") or "").strip()
    if id_number:
        person = selectors.person_for_meal(user=request.user, id_number=id_number)
        if person is None:
            form.add_error("id_number", messages.ID_NUMBER_UNKNOWN)
        else:
            person_id_number_looked_up(actor=request.user, person=person)
        return person
    person = selectors.person_for_card(user=request.user, card_number=form.cleaned_data.get("card_number"))
    if person is None:
        form.add_error("card_number", messages.CARD_NUMBER_UNKNOWN)
    return person


@permission_required(RECORD)
@require_http_methods(["GET", "POST"])
def record(request: HttpRequest) -> HttpResponse:
    sites = selectors.site_choices(user=request.user)
    initial = {"site": sites[0][0]} if len(sites) == 1 else {}
    form = RecordForm(request.POST or None, sites=sites, initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            person = _person(request, form)
            if person is not None:
                values = form.cleaned_data
                site = selectors.site_get(user=request.user, pk=values["site"])
                try:
                    meal, created = services.meal_record(
                        actor=request.user,
                        site=site,
                        person=person,
                        served_on=values["served_on"],
                        meal=values["meal"],
                        mode=values["mode"],
                        price=values["price"],
                        paid_with=values["paid_with"],
                    )
                except ValidationError as exc:
                    add_service_errors(form, exc, aliases={"person": "id_number"})
                else:
                    if created:
                        flash.success(
                            request,
                            messages.PAGE_RECORDED.format(
                                name=person.name,
                                date=meal.served_on.isoformat(),
                                meal=meal.get_meal_display(),
                                price=f"{meal.price:.2f}",
                                subsidy=f"{meal.subsidy:.2f}",
                                share=f"{meal.elder_share:.2f}",
                                paid_with=meal.get_paid_with_display(),
                            ),
                        )
                    else:
                        flash.info(request, messages.PAGE_ALREADY)
                    return redirect(f"{request.path}?site={site.pk}")
    elif request.GET.get("site", "").isdigit():
        form.initial["site"] = int(request.GET["site"])
    return render(
        request, "eldercare/meals/record.html", {"form": form, "has_sites": bool(sites)}, status=status
    )


@permission_required(RECORD)
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
                services.meal_subsidy_rate_add(actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                flash.success(request, messages.PAGE_RATE_ADDED)
                return redirect("meals:rates")
        status = 400
    return render(
        request,
        "eldercare/meals/rates.html",
        {"rates": selectors.rate_history(), "form": form},
        status=status,
    )
