"""Pages of the after-death one thing: one death's case for staff (every affair the platform closed,
what a revocation left for an officer, the checklist of notices with its statuses), and the family's
page, opened with the code given at registration (public, rate limited, no ID numbers)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages as flash
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from minzheng.core.forms import add_service_errors
from minzheng.core.http import permission_required
from minzheng.core.rate_limits import hourly_hit
from minzheng.funeral.after_death import messages, selectors, services
from minzheng.funeral.after_death.forms import ChecklistItemForm, FamilyCodeForm
from minzheng.funeral.deaths.services import PERM_VIEW
from minzheng.people.services import person_viewed
from minzheng.places.doorplates.public import client_address


def _case(request: HttpRequest, pk: int, *, bad: tuple[int, ChecklistItemForm] | None = None,
          status: int = 200) -> HttpResponse:
    case = selectors.case_get(user=request.user, pk=pk)
    person_viewed(actor=request.user, person=case.registration.person)
    can_manage = case.registration.in_force and request.user.has_perm(services.PERM_MANAGE)
    rows = [(item, bad[1] if bad and bad[0] == item.pk else
             ChecklistItemForm(initial={"status": item.status, "note": item.note}, prefix=f"i{item.pk}"))
            for item in case.checklist]
    return render(request, "funeral/after_death/case.html", {
        "case": case, "registration": case.registration, "rows": rows, "can_manage": can_manage,
    }, status=status)


@permission_required(PERM_VIEW)
@require_GET
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _case(request, pk)


@permission_required(PERM_VIEW, services.PERM_MANAGE)
@require_POST
def item_update(request: HttpRequest, pk: int, item: int) -> HttpResponse:
    case = selectors.case_get(user=request.user, pk=pk)
    row = selectors.checklist_item_get(user=request.user, registration=case.registration, pk=item)
    form = ChecklistItemForm(request.POST, prefix=f"i{row.pk}")
    if form.is_valid():
        try:
            row = services.checklist_item_update(actor=request.user, item=row, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            flash.success(request, messages.ITEM_UPDATED.format(item=row.item.name, status=row.get_status_display()))
            return redirect(reverse("after_death:case", args=[pk]) + "#checklist")
    return _case(request, pk, bad=(row.pk, form), status=400)


def family_pages_per_hour() -> int:
    return int(settings.MINZHENG_FAMILY_PAGES_PER_HOUR)


@require_http_methods(["GET", "POST"])
@never_cache
def family_page(request: HttpRequest) -> HttpResponse:
    """The code travels in the form body, never the URL: a URL ends up in logs and browser history."""
    form = FamilyCodeForm(request.POST or None)
    view = None
    if request.method == "POST":
        limit = family_pages_per_hour()
        if hourly_hit(prefix="funeral:family-page", client=client_address(request)) > limit:
            return render(request, "funeral/after_death/family.html",
                          {"form": FamilyCodeForm(), "limited": messages.FAMILY_RATE_LIMITED.format(limit=limit)},
                          status=429)
        code = form.data.get("code", "").strip()
        if not code:
            form.add_error("code", messages.FAMILY_CODE_REQUIRED)
        else:
            view = selectors.family_view(code=code)
            if view is None:
                form.add_error("code", messages.FAMILY_CODE_UNKNOWN)
    status = 200 if request.method == "GET" or view is not None else 400
    return render(request, "funeral/after_death/family.html", {"form": form, "view": view}, status=status)
