"""Person pages: search, detail (with reveal), add, edit, record a death."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from minzheng.core.forms import add_service_errors
from minzheng.core.http import Window, login_required, permission_required, render_page, reverse_or_none
from minzheng.people import messages as people_messages
from minzheng.people import selectors, services
from minzheng.people.forms import DeathForm, PersonCreateForm, PersonSearchForm, PersonUpdateForm
from minzheng.people.views._common import region_filter_choices, village_choices, with_region_names

PERSON_CREATED = "已新增人员：{name}"
PERSON_UPDATED = "已保存修改"
PERSON_DEATH_RECORDED = "已登记死亡"


@login_required
@require_GET
def person_list(request: HttpRequest) -> HttpResponse:
    """Search by name prefix or exact ID number. htmx asks for the results table alone."""
    form = PersonSearchForm(request.GET, region_choices=region_filter_choices(request.user))
    people = []
    if form.is_valid():
        data = form.cleaned_data
        people = selectors.person_list(user=request.user, q=data["q"], region_code=data["region"],
                                       status=data["status"], address=data["address"], unhoused=data["unhoused"],
                                       ).only(*selectors.PERSON_ROW_FIELDS)
    page = Window(people, request)
    with_region_names(request.user, page)
    export_url = reverse_or_none("people_io:export") if request.user.has_perm("people.export_people") else None
    context = {"form": form, "page": page, "export_url": export_url}
    return render_page(request, "people/person_list.html", "people/_person_results.html", context)


@login_required
@require_GET
@never_cache
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Masked by default; every view of this page is written to the access log."""
    person = selectors.person_with_household_get(user=request.user, pk=pk)
    services.person_viewed(actor=request.user, person=person, channel="web")
    with_region_names(request.user, [person])
    # A household in another jurisdiction comes back as None: the page says so and shows nothing.
    membership, household = selectors.person_household_in_scope(user=request.user, person=person)
    return render(request, "people/person_detail.html", {
        "person": person,
        "membership": membership,
        "household": household,
    })


@permission_required("people.reveal_pii")
@require_POST
@never_cache
def person_reveal(request: HttpRequest, pk: int, field: str) -> HttpResponse:
    """One clear value, logged. htmx swaps it in place of the masked one."""
    person = selectors.person_get(user=request.user, pk=pk)
    try:
        value = services.person_reveal(actor=request.user, person=person, field=field, channel="web")
    except ValidationError as exc:
        return HttpResponseBadRequest("；".join(exc.messages))
    context = {"person": person, "field": field, "value": value,
               "label": services.REVEALABLE[field]}
    return render_page(request, "people/person_reveal.html", "people/_revealed.html", context)


@permission_required("people.add_person")
@require_http_methods(["GET", "POST"])
def person_create(request: HttpRequest) -> HttpResponse:
    form = PersonCreateForm(request.POST or None, village_choices=village_choices(request.user))
    duplicate: dict[str, object] = {}
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)  # a service error takes its field out of cleaned_data
        try:
            person = services.person_create(actor=request.user, **data)
        except ValidationError as exc:
            add_service_errors(form, exc)
            if people_messages.PERSON_ALREADY_REGISTERED in exc.message_dict.get("id_number", []):
                duplicate = _duplicate_next_step(request, data)
        else:
            messages.success(request, PERSON_CREATED.format(name=person.name))
            return redirect("people:person_detail", pk=person.pk)
    return render(request, "people/person_form.html", {"form": form, "title": "新增人员", "duplicate": duplicate})


def _duplicate_next_step(request: HttpRequest, data: dict[str, str]) -> dict[str, object]:
    """After the neutral "already registered": the record itself if the user may see it anyway,
    otherwise the move-in request, prefilled with what was typed."""
    existing = selectors.person_find_by_id_number(user=request.user, id_number=data["id_number"])
    if existing is not None:
        return {"person": existing}
    return {"move_in": {"id_number": data["id_number"], "name": data["name"], "region_code": data["region_code"]}}


@permission_required("people.change_person")
@require_http_methods(["GET", "POST"])
def person_update(request: HttpRequest, pk: int) -> HttpResponse:
    person = selectors.person_get(user=request.user, pk=pk)
    initial = {"name": person.name, "region_code": person.region_code, "address_text": person.address_text}
    form = PersonUpdateForm(request.POST or None, initial=initial, village_choices=village_choices(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            services.person_update(
                actor=request.user,
                person=person,
                name=form.cleaned_data["name"],
                phone=form.phone_change(),
                region_code=form.cleaned_data["region_code"],
                address_text=form.cleaned_data["address_text"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            person.refresh_from_db()  # the service may have set fields before it refused
        else:
            messages.success(request, PERSON_UPDATED)
            return redirect("people:person_detail", pk=person.pk)
    return render(request, "people/person_form.html", {"form": form, "person": person, "title": "修改人员信息"})


@permission_required("people.change_person")
@require_http_methods(["GET", "POST"])
def person_record_death(request: HttpRequest, pk: int) -> HttpResponse:
    person = selectors.person_get(user=request.user, pk=pk)
    form = DeathForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.person_record_death(actor=request.user, person=person, death_date=form.cleaned_data["death_date"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, PERSON_DEATH_RECORDED)
            return redirect("people:person_detail", pk=person.pk)
    return render(request, "people/person_death.html", {"form": form, "person": person})
