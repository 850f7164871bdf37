"""Staff pages of home adaptation (适老化改造 / 以旧换新): the applications in one's scope with
the year's subsidy paid and spending generated, entering an application (the township), one
application with its review and payment (the county), and the catalogue of items (the city
adds to it).

Every person a page shows by name writes an access-log row; finding an elder by ID number writes
a look-up row."""

from __future__ import annotations

from django.contrib import messages as flash
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from minzheng.core.audit import access_record_many
from minzheng.core.forms import add_service_errors
from minzheng.core.http import Window, is_htmx, permission_required, render_page
from minzheng.eldercare.adaptation import messages, selectors, services
from minzheng.eldercare.adaptation.forms import ApplicationForm, ItemForm, ListForm, ReviewForm
from minzheng.people.selectors import person_find_by_id_number
from minzheng.people.services import person_id_number_looked_up

VIEW, MANAGE, APPROVE = selectors.PERM_VIEW, selectors.PERM_MANAGE, selectors.PERM_APPROVE


@permission_required(VIEW)
@require_GET
def applications(request: HttpRequest) -> HttpResponse:
    form = ListForm(request.GET)
    valid = form.is_valid()
    year = (form.cleaned_data.get("year") if valid else None) or selectors.adaptation_latest_year()
    state = form.cleaned_data.get("status", "") if valid else ""
    page = Window(selectors.application_list(user=request.user, status=state), request)
    access_record_many(actor=request.user, subjects=[a.person for a in page.object_list])
    if is_htmx(request):  # the pager: the next window of applications only
        return render_page(
            request,
            "eldercare/adaptation/applications.html",
            "eldercare/adaptation/_applications.html",
            {"page": page},
        )
    return render(
        request,
        "eldercare/adaptation/applications.html",
        {
            "form": form,
            "year": year,
            "page": page,
            "totals": selectors.adaptation_totals(user=request.user, year=year),
            "can_submit": request.user.has_perm(MANAGE),
        },
        status=200 if valid else 400,
    )


@permission_required(MANAGE)
@require_http_methods(["GET", "POST"])
def submit(request: HttpRequest) -> HttpResponse:
    form = ApplicationForm(request.POST or None, items=list(selectors.catalogue()))
    if request.method == "POST":
        if form.is_valid():
            person = person_find_by_id_number(
                user=request.user, id_number=form.cleaned_data["id_number"].strip()
            )
            if person is None:
                form.add_error("id_number", messages.ID_NUMBER_UNKNOWN)
            else:
                person_id_number_looked_up(actor=request.user, person=person)
                values = form.cleaned_data
                try:
                    application = services.application_submit(
                        actor=request.user,
                        person=person,
                        applied_on=values["applied_on"],
                        subsidy_rate=values["subsidy_rate"],
                        lines=form.lines(),
                        note=values["note"],
                    )
                except ValidationError as exc:
                    add_service_errors(form, exc, aliases={"person": "id_number"})
                else:
                    flash.success(
                        request,
                        messages.PAGE_SUBMITTED.format(
                            name=person.name,
                            total=f"{application.total:.2f}",
                            subsidy=f"{application.subsidy:.2f}",
                        ),
                    )
                    return redirect("adaptation:application", pk=application.pk)
        return render(request, "eldercare/adaptation/submit.html", {"form": form}, status=400)
    return render(request, "eldercare/adaptation/submit.html", {"form": form})


@permission_required(VIEW)
@require_http_methods(["GET", "POST"])
def application(request: HttpRequest, pk: int) -> HttpResponse:
    found = selectors.application_get(user=request.user, pk=pk)
    can_review = request.user.has_perm(APPROVE)
    form = ReviewForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if not can_review:
            raise PermissionDenied
        status = 400
        if form.is_valid():
            action = form.cleaned_data["action"]
            try:
                if action == "approve":
                    services.application_approve(actor=request.user, application=found)
                    done = messages.PAGE_APPROVED
                elif action == "refuse":
                    services.application_refuse(
                        actor=request.user, application=found, reason=form.cleaned_data["refusal_reason"]
                    )
                    done = messages.PAGE_REFUSED
                else:
                    paid = services.application_pay(
                        actor=request.user, application=found, paid_on=form.cleaned_data["paid_on"] or ""
                    )
                    done = messages.PAGE_PAID.format(subsidy=f"{paid.subsidy:.2f}")
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                flash.success(request, done)
                return redirect("adaptation:application", pk=found.pk)
    access_record_many(actor=request.user, subjects=[found.person])
    return render(
        request,
        "eldercare/adaptation/application.html",
        {
            "application": found,
            "lines": found.lines.select_related("item").order_by("id"),
            "form": form,
            "can_review": can_review,
        },
        status=status,
    )


@permission_required(VIEW)
@require_http_methods(["GET", "POST"])
def catalogue(request: HttpRequest) -> HttpResponse:
    can_add = request.user.has_perm(selectors.PERM_CATALOGUE)
    form = ItemForm(request.POST or None) if can_add else None
    status = 200
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.item_add(actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                flash.success(request, messages.PAGE_ITEM_ADDED)
                return redirect("adaptation:catalogue")
        status = 400
    return render(
        request,
        "eldercare/adaptation/catalogue.html",
        {"items": selectors.catalogue(active_only=False), "form": form},
        status=status,
    )
