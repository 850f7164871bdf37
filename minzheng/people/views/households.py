"""Household pages: list, detail, and the member forms on the detail page.

Every member form posts to its own URL. Under htmx the answer is the household panel again
(with the form's errors, or with the change made); without JavaScript a success redirects back to
the household and an error shows the whole page with the form filled in.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from minzheng.core.forms import add_service_errors
from minzheng.core.http import Window, is_htmx, login_required, permission_required, render_page
from minzheng.people import messages as people_messages
from minzheng.people import selectors, services
from minzheng.people.forms import (
    MEMBER_RELATIONSHIPS,
    PERSON_BY_ID_NUMBER,
    HeadChangeForm,
    HouseholdCreateForm,
    HouseholdSearchForm,
    MemberAddForm,
    MemberCreateForm,
    MemberMoveForm,
)
from minzheng.people.models import Household, Membership, Person
from minzheng.people.views._common import region_filter_choices, with_region_names

HOUSEHOLD_CREATED = "已新建家庭户"
MEMBER_ADDED = "已将{name}加入本户"
MEMBER_MOVED = "已将{name}迁入本户"
MEMBER_UPDATED = "已修改{name}与户主关系"
MEMBER_REMOVED = "已将{name}移出本户"
HEAD_CHANGED = "户主已更换为{name}"

# The forms of the household panel, by the name the template knows them by.
PANEL_FORMS: dict[str, type[forms.Form]] = {
    "add_form": MemberAddForm,
    "create_form": MemberCreateForm,
    "move_form": MemberMoveForm,
}


@login_required
@require_GET
def household_list(request: HttpRequest) -> HttpResponse:
    form = HouseholdSearchForm(request.GET, region_choices=region_filter_choices(request.user))
    households = []
    if form.is_valid():
        households = selectors.household_list(user=request.user, q=form.cleaned_data["q"],
                                              region_code=form.cleaned_data["region"])
    page = Window(households, request)
    with_region_names(request.user, page)
    context = {"form": form, "page": page}
    return render_page(request, "people/household_list.html", "people/_household_results.html", context)


@login_required
@require_GET
def household_detail(request: HttpRequest, pk: int) -> HttpResponse:
    household = selectors.household_page_get(user=request.user, pk=pk)
    services.household_viewed(actor=request.user, household=household)
    return _panel(request, household)


def _panel(request: HttpRequest, household: Household, **bound: forms.Form) -> HttpResponse:
    """The household page, or for htmx its panel, with ``bound`` forms in place of empty ones.
    A bound add-member form shows its search's candidates again (the way to search without
    JavaScript: type a name and press Enter)."""
    members = list(household.memberships.all())
    with_region_names(request.user, [household])
    add_form = bound.get("add_form")
    q = add_form.data.get(add_form.add_prefix("q"), "") if add_form is not None else ""
    context: dict[str, object] = {
        "add_candidates": with_region_names(request.user, selectors.member_candidates(user=request.user, q=q)),
        "household": household,
        "members": members,
        "relationships": MEMBER_RELATIONSHIPS,
        "head_form": bound["head_form"] if "head_form" in bound else HeadChangeForm(members=members),
        **{name: bound[name] if name in bound else form_class() for name, form_class in PANEL_FORMS.items()},
    }
    return render_page(request, "people/household_detail.html", "people/_household_panel_htmx.html", context)


def _reply(request: HttpRequest, household_pk: int, *texts: str, level: int = messages.SUCCESS) -> HttpResponse:
    """After a change (or a row action the service refused, with ``level=ERROR``): the texts go
    to the message area; htmx gets the fresh panel, a plain POST a redirect (no resubmission)."""
    for text in texts:
        messages.add_message(request, level, text)
    if is_htmx(request):
        return _panel(request, selectors.household_get(user=request.user, pk=household_pk))
    return redirect("people:household_detail", pk=household_pk)


@permission_required("people.add_household")
@require_http_methods(["GET", "POST"])
def household_create(request: HttpRequest) -> HttpResponse:
    """Open a household with a registered person, found by ID number, as its head."""
    form = HouseholdCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        head = selectors.person_find_by_id_number(user=request.user, id_number=form.cleaned_data["id_number"])
        if head is None:
            form.add_error("id_number", people_messages.PERSON_NOT_FOUND)
        else:
            try:
                household = services.household_create(
                    actor=request.user, head=head, address_text=form.cleaned_data["address_text"] or None
                )
            except ValidationError as exc:
                add_service_errors(form, exc, PERSON_BY_ID_NUMBER)
            else:
                messages.success(request, HOUSEHOLD_CREATED)
                return redirect("people:household_detail", pk=household.pk)
    return render(request, "people/household_form.html", {"form": form})


@permission_required("people.add_household")
@require_POST
def household_create_for_person(request: HttpRequest, pk: int) -> HttpResponse:
    """The button on a person's page: open a household with them as head."""
    person = selectors.person_get(user=request.user, pk=pk)
    try:
        household = services.household_create(actor=request.user, head=person)
    except ValidationError as exc:
        for text in exc.messages:
            messages.error(request, text)
        return redirect("people:person_detail", pk=person.pk)
    messages.success(request, HOUSEHOLD_CREATED)
    return redirect("people:household_detail", pk=household.pk)


@permission_required("people.change_household")
@require_GET
def member_candidates(request: HttpRequest, pk: int) -> HttpResponse:
    """The add-member form's search: people in scope with no household, by name, as radio
    buttons of that form (htmx swaps them in under the search box)."""
    household = selectors.household_get(user=request.user, pk=pk)
    q = request.GET.get("add-q", "")
    people = with_region_names(request.user, selectors.member_candidates(user=request.user, q=q))
    return render(request, "people/_member_candidates.html", {"household": household, "candidates": people, "q": q})


def _member_to_add(request: HttpRequest, form: MemberAddForm) -> Person | None:
    """The person the add-member form names, picked or by ID number; on the form an error if
    none is found in the user's scope."""
    if form.cleaned_data["person"]:
        try:
            return selectors.person_get(user=request.user, pk=form.cleaned_data["person"])
        except Http404:
            form.add_error("person", people_messages.PERSON_PICKED_NOT_FOUND)
            return None
    person = selectors.person_find_by_id_number(user=request.user, id_number=form.cleaned_data["id_number"])
    if person is None:
        form.add_error("id_number", people_messages.PERSON_NOT_FOUND_CREATE)
    return person


@permission_required("people.change_household")
@require_POST
def member_add(request: HttpRequest, pk: int) -> HttpResponse:
    household = selectors.household_get(user=request.user, pk=pk)
    form = MemberAddForm(request.POST)
    if form.is_valid():
        person = _member_to_add(request, form)
        if person is not None:
            try:
                services.household_member_add(actor=request.user, household=household, person=person,
                                              relationship=form.cleaned_data["relationship"])
            except ValidationError as exc:
                add_service_errors(form, exc, None if form.cleaned_data["person"] else PERSON_BY_ID_NUMBER)
            else:
                return _reply(request, household.pk, MEMBER_ADDED.format(name=person.name))
    return _panel(request, household, add_form=form)


@permission_required("people.add_person", "people.change_household")
@require_POST
def member_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Register a new resident in the household's village and add them, both or neither."""
    household = selectors.household_get(user=request.user, pk=pk)
    form = MemberCreateForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            person = services.household_member_register(
                actor=request.user, household=household, id_number=data["id_number"], name=data["name"],
                phone=data["phone"], relationship=data["relationship"])
        except ValidationError as exc:
            add_service_errors(form, exc, PERSON_BY_ID_NUMBER)
        else:
            return _reply(request, household.pk, MEMBER_ADDED.format(name=person.name))
    return _panel(request, household, create_form=form)


@permission_required("people.change_household")
@require_POST
def member_move(request: HttpRequest, pk: int) -> HttpResponse:
    """Move a person from the household they are in now into this one, in one audited step."""
    household = selectors.household_get(user=request.user, pk=pk)
    form = MemberMoveForm(request.POST)
    if form.is_valid():
        person = selectors.person_find_by_id_number(user=request.user, id_number=form.cleaned_data["id_number"])
        if person is None:
            form.add_error("id_number", people_messages.PERSON_NOT_FOUND)
        else:
            try:
                services.household_member_move(actor=request.user, person=person, to_household=household,
                                               relationship=form.cleaned_data["relationship"])
            except ValidationError as exc:
                add_service_errors(form, exc, PERSON_BY_ID_NUMBER)
            else:
                return _reply(request, household.pk, MEMBER_MOVED.format(name=person.name))
    return _panel(request, household, move_form=form)


@permission_required("people.change_household")
@require_POST
def head_change(request: HttpRequest, pk: int) -> HttpResponse:
    household = selectors.household_get(user=request.user, pk=pk)
    members = list(household.memberships.all())
    form = HeadChangeForm(request.POST, members=members)
    if form.is_valid():
        new_head = next(m.person for m in members if str(m.person_id) == form.cleaned_data["new_head"])
        try:
            services.household_head_change(actor=request.user, household=household, new_head=new_head,
                                           old_head_relationship=form.cleaned_data["old_head_relationship"])
        except ValidationError as exc:
            add_service_errors(form, exc, {"head": "new_head"})
        else:
            return _reply(request, household.pk, HEAD_CHANGED.format(name=new_head.name))
    return _panel(request, household, head_form=form)


@permission_required("people.change_household")
@require_POST
def membership_update(request: HttpRequest, pk: int) -> HttpResponse:
    """Change one member's relationship to the head (a row of the members table)."""
    membership = selectors.membership_get(user=request.user, pk=pk)
    relationship = request.POST.get("relationship", "")
    try:
        services.household_member_update(actor=request.user, membership=membership, relationship=relationship)
    except ValidationError as exc:
        return _reply(request, membership.household_id, *exc.messages, level=messages.ERROR)
    label = Membership.Relationship(membership.relationship).label
    return _reply(request, membership.household_id, f"{MEMBER_UPDATED.format(name=membership.person.name)}：{label}")


@permission_required("people.change_household")
@require_POST
def membership_remove(request: HttpRequest, pk: int) -> HttpResponse:
    membership = selectors.membership_get(user=request.user, pk=pk)
    household_pk, name = membership.household_id, membership.person.name
    try:
        services.household_member_remove(actor=request.user, membership=membership)
    except ValidationError as exc:
        return _reply(request, household_pk, *exc.messages, level=messages.ERROR)
    return _reply(request, household_pk, MEMBER_REMOVED.format(name=name))
