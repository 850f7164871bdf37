"""Staff pages of accident insurance for elders (老年人意外险): the year's payout ratio per region
in one's scope, the claims of a year, one claim and the insurer's answer, and recording a policy
or a claim (the elder found by ID number inside one's scope).

Every person a page shows by name writes an access-log row; finding an elder by ID number writes
a look-up row."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages as flash
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from minzheng.core.audit import access_record_many
from minzheng.core.figures import YearForm
from minzheng.core.forms import add_service_errors
from minzheng.core.http import Window, is_htmx, permission_required, render_page
from minzheng.eldercare.insurance import messages, selectors, services
from minzheng.eldercare.insurance.forms import ClaimFilterForm, ClaimForm, DecideForm, PolicyForm
from minzheng.people.selectors import person_find_by_id_number
from minzheng.people.services import person_id_number_looked_up

VIEW, MANAGE = selectors.PERM_VIEW, selectors.PERM_MANAGE


def _year(form: YearForm) -> tuple[int, int]:
    """The form's year (the latest year with policies when none), and the page's status."""
    valid = form.is_valid()
    return (form.cleaned_data.get("year") if valid else None) or selectors.insurance_latest_year(), (
        200 if valid else 400
    )


@permission_required(VIEW)
@require_GET
def overview(request: HttpRequest) -> HttpResponse:
    form = YearForm(request.GET)
    year, status = _year(form)
    return render(
        request,
        "eldercare/insurance/overview.html",
        {
            "form": form,
            "year": year,
            "total": selectors.payout_total(user=request.user, year=year),
            "rows": selectors.payout_by_region(user=request.user, year=year),
            "can_manage": request.user.has_perm(MANAGE),
        },
        status=status,
    )


@permission_required(VIEW)
@require_GET
def claims(request: HttpRequest) -> HttpResponse:
    form = ClaimFilterForm(request.GET)
    year, status = _year(form)
    values = form.cleaned_data if status == 200 else {}
    page = Window(
        selectors.claim_list(
            user=request.user, year=year, kind=values.get("kind", ""), status=values.get("status", "")
        ),
        request,
    )
    access_record_many(actor=request.user, subjects=[c.policy.person for c in page.object_list])
    if is_htmx(request):  # the pager: the next window of claims only
        return render_page(
            request, "eldercare/insurance/claims.html", "eldercare/insurance/_claims.html", {"page": page}
        )
    return render(
        request, "eldercare/insurance/claims.html", {"form": form, "year": year, "page": page}, status=status
    )


def _person(request: HttpRequest, form: Any) -> Any:
    person = person_find_by_id_number(user=request.user, id_number=form.cleaned_data["id_number"].strip())
    if person is None:
        form.add_error("id_number", messages.ID_NUMBER_UNKNOWN)
    else:
        person_id_number_looked_up(actor=request.user, person=person)
    return person


def _entry(
    request: HttpRequest, form: Any, title: str, write: Callable[[Any, dict[str, Any]], HttpResponse]
) -> HttpResponse:
    """An entry page: on a valid POST naming an elder in scope, ``write`` records and answers
    (a redirect); its refusal lands on the form's fields, shown again with 400."""
    if request.method == "POST":
        if form.is_valid() and (person := _person(request, form)) is not None:
            try:
                return write(person, form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc, aliases={"person": "id_number"})
        return render(request, "eldercare/insurance/form.html", {"form": form, "title": title}, status=400)
    return render(request, "eldercare/insurance/form.html", {"form": form, "title": title})


@permission_required(MANAGE)
@require_http_methods(["GET", "POST"])
def policy_add(request: HttpRequest) -> HttpResponse:
    def write(person: Any, values: dict[str, Any]) -> HttpResponse:
        policy = services.policy_add(
            actor=request.user,
            person=person,
            year=values["year"],
            insurer=values["insurer"],
            premium=values["premium"],
        )
        flash.success(
            request,
            messages.PAGE_POLICY_ADDED.format(
                name=person.name, year=policy.year, insurer=policy.insurer, premium=f"{policy.premium:.2f}"
            ),
        )
        return redirect("insurance:policy_add")

    form = PolicyForm(request.POST or None, initial={"year": selectors.insurance_latest_year()})
    return _entry(request, form, "登记保单", write)


@permission_required(MANAGE)
@require_http_methods(["GET", "POST"])
def claim_add(request: HttpRequest) -> HttpResponse:
    def write(person: Any, values: dict[str, Any]) -> HttpResponse:
        policy = selectors.policy_of(person=person, year=values["year"])
        if policy is None:
            raise ValidationError({"year": [messages.NO_POLICY.format(year=values["year"])]})
        claim = services.claim_add(
            actor=request.user,
            policy=policy,
            kind=values["kind"],
            accident_on=values["accident_on"],
            claimed_on=values["claimed_on"],
            amount_claimed=values["amount_claimed"],
        )
        flash.success(
            request,
            messages.PAGE_CLAIM_ADDED.format(
                name=person.name, kind=claim.get_kind_display(), amount=f"{claim.amount_claimed:.2f}"
            ),
        )
        return redirect("insurance:claim", pk=claim.pk)

    form = ClaimForm(request.POST or None, initial={"year": selectors.insurance_latest_year()})
    return _entry(request, form, "登记理赔", write)


@permission_required(VIEW)
@require_http_methods(["GET", "POST"])
def claim(request: HttpRequest, pk: int) -> HttpResponse:
    found = selectors.claim_get(user=request.user, pk=pk)
    form = DecideForm(request.POST or None) if request.user.has_perm(MANAGE) else None
    status = 200
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        status = 400
        if form.is_valid():
            values = form.cleaned_data
            try:
                decided = services.claim_decide(
                    actor=request.user,
                    claim=found,
                    decision=values["decision"],
                    amount_paid=values["amount_paid"],
                    paid_on=values["paid_on"],
                    reason=values["refusal_reason"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                flash.success(
                    request,
                    messages.PAGE_CLAIM_PAID.format(amount=f"{decided.amount_paid:.2f}")
                    if decided.status == decided.Status.PAID
                    else messages.PAGE_CLAIM_REFUSED,
                )
                return redirect("insurance:claim", pk=found.pk)
    access_record_many(actor=request.user, subjects=[found.policy.person])
    return render(request, "eldercare/insurance/claim.html", {"claim": found, "form": form}, status=status)
