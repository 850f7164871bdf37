"""Staff pages of child profiles: the list in one's view (Excel export), opening one, one profile
(facts, parents, guardian masked), its review and its end. Every child a page shows by name writes
an access-log row (one per child, in one statement); finding a child by ID number writes a look-up
row."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages as flash
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from minzheng.children import messages
from minzheng.children.codes import ParentRole
from minzheng.children.exports import MAX_ROWS
from minzheng.children.profiles import selectors, services
from minzheng.children.profiles.forms import CreateForm, EndForm, FilterForm, ProfileForm, initial_of
from minzheng.children.profiles.models import ChildProfile
from minzheng.core.audit import access_record_many
from minzheng.core.forms import add_service_errors
from minzheng.core.http import Window, permission_required
from minzheng.core.tabular import xlsx_download
from minzheng.people.services import person_id_number_looked_up

VIEW, MANAGE = selectors.PERM_VIEW, selectors.PERM_MANAGE
REVIEW_SOON = 30  # days: the list of reviews due shows those falling within a month
EXPORT_HEADERS = [
    "档案编号",
    "区划代码",
    "儿童姓名",
    "身份证号",
    "出生日期",
    "户口性质",
    "类别",
    "监护人",
    "与儿童关系",
    "监护人电话",
    "建档日期",
    "复核日期",
    "下次应走访",
    "状态",
]


def _rows(profiles: Any) -> Any:
    for p in profiles.iterator(chunk_size=2000):
        yield [
            p.pk,
            p.region_code,
            p.person.name,
            p.person.id_number_masked,
            p.person.birth_date,
            p.get_hukou_display(),
            "、".join(p.category_labels),
            p.guardian_name,
            p.guardian_relation,
            p.guardian_phone_masked,
            p.opened_on,
            p.review_on,
            p.next_visit_on,
            p.get_status_display(),
        ]


@permission_required(VIEW)
@require_GET
def profile_list(request: HttpRequest) -> HttpResponse:
    form = FilterForm(request.GET or None)
    values = form.cleaned_data if form.is_valid() else {}
    rows = selectors.profile_list(
        user=request.user,
        q=values.get("q", ""),
        category=values.get("category", ""),
        status=values.get("status") or "active",
        review_due_by=timezone.localdate() + dt.timedelta(days=REVIEW_SOON)
        if values.get("review_due")
        else None,
    )
    if request.GET.get("export") == "xlsx":
        return xlsx_download(name="儿童档案", headers=EXPORT_HEADERS, rows=_rows(rows[:MAX_ROWS]))
    page = Window(rows, request)
    if page.object_list:
        access_record_many(actor=request.user, subjects=[p.person for p in page.object_list])
    return render(
        request,
        "children/profiles/list.html",
        {
            "form": form,
            "page": page,
            "can_manage": request.user.has_perm(MANAGE),
            "export_query": request.GET.copy().urlencode(),
        },
        status=200 if form.is_valid() or not form.is_bound else 400,
    )


def _parents(request: HttpRequest, form: ProfileForm) -> list[services.ParentInput] | None:
    """The parents of a valid form, with those named by ID number found in the registry; None
    (errors on the form) when a number names nobody."""
    values = dict(form.cleaned_data)
    for role, label in ParentRole.choices:
        number = (values.get(f"{role}_id_number") or "").strip()
        if number:
            person = selectors.parent_for_profile(user=request.user, id_number=number)
            if person is None:
                form.add_error(f"{role}_id_number", messages.PARENT_ID_UNKNOWN.format(parent=label))
                return None
            person_id_number_looked_up(actor=request.user, person=person)
            values[f"{role}_person"] = person
    return services.parents_from(values)


ALIASES = {f"{role}_{part}": f"{role}_{part}" for role in ParentRole.values for part in ("status", "since")}


@permission_required(MANAGE)
@require_http_methods(["GET", "POST"])
def profile_create(request: HttpRequest) -> HttpResponse:
    form = CreateForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            values = form.cleaned_data
            child = selectors.child_for_profile(user=request.user, id_number=values["id_number"])
            if child is None:
                form.add_error("id_number", messages.ID_NUMBER_UNKNOWN)
            else:
                person_id_number_looked_up(actor=request.user, person=child)
                parents = _parents(request, form)
                if parents is not None:
                    try:
                        profile = services.profile_create(
                            actor=request.user,
                            person=child,
                            hukou=values["hukou"],
                            categories=values["categories"],
                            parents=parents,
                            guardian_name=values["guardian_name"],
                            guardian_relation=values["guardian_relation"],
                            guardian_phone=values["guardian_phone"],
                            opened_on=values["opened_on"],
                            review_on=values["review_on"],
                        )
                    except ValidationError as exc:
                        add_service_errors(form, exc, aliases=ALIASES)
                    else:
                        flash.success(
                            request,
                            messages.PAGE_CREATED.format(
                                name=child.name, categories="、".join(profile.category_labels)
                            ),
                        )
                        return redirect("child_profiles:detail", pk=profile.pk)
    return render(
        request, "children/profiles/form.html", {"form": form, "title": "建立儿童档案"}, status=status
    )


def _detail(
    request: HttpRequest, pk: int, *, end_form: EndForm | None = None, status: int = 200
) -> HttpResponse:
    profile = selectors.profile_get(user=request.user, pk=pk)
    access_record_many(actor=request.user, subjects=[profile.person])
    return render(
        request,
        "children/profiles/detail.html",
        {
            "profile": profile,
            "parents": profile.parents.select_related("person"),
            "can_manage": request.user.has_perm(MANAGE),
            "end_form": end_form or EndForm(),
            "active": profile.status == ChildProfile.Status.ACTIVE,
        },
        status=status,
    )


@permission_required(VIEW)
@require_GET
def profile_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, pk)


@permission_required(MANAGE)
@require_http_methods(["GET", "POST"])
def profile_review(request: HttpRequest, pk: int) -> HttpResponse:
    profile = selectors.profile_get(user=request.user, pk=pk)
    form = ProfileForm(request.POST or None, initial=initial_of(profile))
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            values = form.cleaned_data
            parents = _parents(request, form)
            if parents is not None:
                try:
                    profile = services.profile_review(
                        actor=request.user,
                        profile=profile,
                        hukou=values["hukou"],
                        categories=values["categories"],
                        parents=parents,
                        guardian_name=values["guardian_name"],
                        guardian_relation=values["guardian_relation"],
                        guardian_phone=values["guardian_phone"] or None,
                        review_on=values["review_on"],
                    )
                except ValidationError as exc:
                    add_service_errors(form, exc, aliases=ALIASES)
                else:
                    flash.success(
                        request, messages.PAGE_REVIEWED.format(categories="、".join(profile.category_labels))
                    )
                    return redirect("child_profiles:detail", pk=profile.pk)
    access_record_many(actor=request.user, subjects=[profile.person])
    return render(
        request,
        "children/profiles/form.html",
        {"form": form, "profile": profile, "title": f"复核儿童档案：{profile.person.name}"},
        status=status,
    )


@permission_required(MANAGE)
@require_POST
def profile_end(request: HttpRequest, pk: int) -> HttpResponse:
    profile = selectors.profile_get(user=request.user, pk=pk)
    form = EndForm(request.POST)
    if form.is_valid():
        try:
            services.profile_end(
                actor=request.user,
                profile=profile,
                reason=form.cleaned_data["end_reason"],
                ended_on=form.cleaned_data["ended_on"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            flash.success(
                request,
                messages.PAGE_ENDED.format(
                    reason=ChildProfile.EndReason(form.cleaned_data["end_reason"]).label
                ),
            )
            return redirect("child_profiles:detail", pk=pk)
    return _detail(request, pk, end_form=form, status=400)
