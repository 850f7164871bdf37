"""The move-in pages: the two lists (asked of us, asked by us), the request form, and one
request with what the user may do with it."""

from __future__ import annotations

from django.contrib import messages as flash
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from minzheng.core.forms import add_service_errors
from minzheng.core.http import login_required, permission_required
from minzheng.core.selectors import region_list
from minzheng.people.move_in import messages, selectors, services
from minzheng.people.move_in.forms import AcceptForm, MoveInRequestForm, RefuseForm
from minzheng.people.move_in.models import MoveInRequest
from minzheng.people.move_in.selectors import DIRECTION_LABELS, Direction
from minzheng.people.views._common import village_choices

LIST_LIMIT = 200


def _region_names(user, requests: list[MoveInRequest]) -> None:  # type: ignore[no-untyped-def]
    """The names of the villages the user may see; a region outside the scope stays unnamed."""
    codes = {r.to_region_code for r in requests} | {r.from_region_code for r in requests}
    names = dict(region_list(user=user).filter(code__in=codes).values_list("code", "full_name")) if codes else {}
    for r in requests:
        r.to_name, r.from_name = names.get(r.to_region_code, ""), names.get(r.from_region_code, "")


@login_required
@require_GET
def move_in_list(request: HttpRequest) -> HttpResponse:
    sides = []
    for direction in Direction:
        rows = list(selectors.move_in_request_list(user=request.user, direction=direction)[:LIST_LIMIT])
        _region_names(request.user, rows)
        sides.append({"direction": direction.value, "label": DIRECTION_LABELS[direction], "rows": rows})
    return render(request, "people/move_in/list.html", {
        "sides": sides, "may_request": request.user.has_perm("people.add_person")})


@permission_required("people.add_person")
@require_http_methods(["GET", "POST"])
def move_in_create(request: HttpRequest) -> HttpResponse:
    """POST with ``prefill`` (from the new-person page's duplicate answer) fills the form in
    without checking it yet, so the ID number never travels in a URL."""
    prefill = request.method == "POST" and "prefill" in request.POST
    data = None if request.method == "GET" or prefill else request.POST
    initial = {k: request.POST.get(k, "") for k in ("id_number", "name", "region_code")} if prefill else None
    form = MoveInRequestForm(data, initial=initial, village_choices=village_choices(request.user))
    if data is not None and form.is_valid():
        try:
            move = services.move_in_request_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            flash.success(request, messages.REQUESTED)
            return redirect("people:move_in_detail", pk=move.pk)
    return render(request, "people/move_in/form.html", {"form": form})


@login_required
@require_GET
def move_in_detail(request: HttpRequest, pk: int) -> HttpResponse:
    move = selectors.move_in_request_get(user=request.user, pk=pk)
    return _detail(request, move)


def _detail(request: HttpRequest, move: MoveInRequest, *, accept_form: AcceptForm | None = None,
            refuse_form: RefuseForm | None = None, status: int = 200) -> HttpResponse:
    _region_names(request.user, [move])
    accept_form, refuse_form = accept_form or AcceptForm(), refuse_form or RefuseForm()
    return render(request, "people/move_in/detail.html", {
        "move": move,
        # Reasons that belong to no field (decided already, stale, the head's household): shown
        # above, because the decision forms are gone once the request is no longer open.
        "refusals": [*accept_form.non_field_errors(), *refuse_form.non_field_errors()],
        "person_visible": selectors.person_visible(user=request.user, request=move),
        "may_decide": selectors.may_decide(user=request.user, request=move),
        "may_withdraw": selectors.may_withdraw(user=request.user, request=move),
        "accept_form": accept_form,
        "refuse_form": refuse_form,
    }, status=status)


@permission_required("people.change_person")
@require_POST
def move_in_accept(request: HttpRequest, pk: int) -> HttpResponse:
    move = selectors.move_in_request_get(user=request.user, pk=pk)
    form = AcceptForm(request.POST)
    if form.is_valid():
        try:
            move = services.move_in_request_accept(actor=request.user, request=move, note=form.cleaned_data["note"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            _region_names(request.user, [move])
            flash.success(request, messages.ACCEPTED.format(name=move.name_given, region=move.to_name or
                                                            move.to_region_code))
            return redirect("people:move_in_detail", pk=move.pk)
    move.refresh_from_db()
    return _detail(request, move, accept_form=form, status=400)


@permission_required("people.change_person")
@require_POST
def move_in_refuse(request: HttpRequest, pk: int) -> HttpResponse:
    move = selectors.move_in_request_get(user=request.user, pk=pk)
    form = RefuseForm(request.POST)
    if form.is_valid():
        try:
            services.move_in_request_refuse(actor=request.user, request=move, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            flash.success(request, messages.REFUSED)
            return redirect("people:move_in_detail", pk=move.pk)
    move.refresh_from_db()
    return _detail(request, move, refuse_form=form, status=400)


@permission_required("people.add_person")
@require_POST
def move_in_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    move = selectors.move_in_request_get(user=request.user, pk=pk)
    try:
        services.move_in_request_withdraw(actor=request.user, request=move)
    except ValidationError as exc:
        flash.error(request, "；".join(exc.messages))
    else:
        flash.success(request, messages.WITHDRAWN)
    return redirect("people:move_in_detail", pk=move.pk)
