"""Place-name pages: the naming workflow queue, the propose form with its live pinyin preview,
a proposal's detail with its history and actions, the public heritage list and its staff
management, and the place-name work records.

The forms only shape the input; the services check the rules and answer in Chinese, and the
views put those answers back on the forms, each on its field.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from minzheng.core.forms import DateInput, add_service_errors
from minzheng.core.geo import map_links
from minzheng.core.http import Window, is_htmx, login_required, permission_required, render_page
from minzheng.core.regions import Level, level_of
from minzheng.core.scope import scope_for
from minzheng.places.names import rules as naming_rules
from minzheng.places.names import selectors as selectors_names
from minzheng.places.names import services as services_names
from minzheng.places.names.models import HeritageEntry, NamingProposal, PlaceNameWork
from minzheng.places.pinyin import place_name_pinyin

PERMISSION = services_names.PERMISSION
PROPOSED = "已提交命名申请：{name}"
REVIEWED = {True: "已通过乡镇审核，报区县审批", False: "已退回：{reason}"}
APPROVED = {True: "已批准命名", False: "已退回：{reason}"}
PUBLISHED = "已公布：{name}（{date}）"
BATCH_CREATED = "已新增批次：{name}"
ENTRY_SAVED = "已保存：{name}"
WORK_RECORDED = "已登记：{name}"

Choices = list[tuple[str, str]]


# ---- forms -------------------------------------------------------------------------------------

class ProposalFilterForm(forms.Form):
    q = forms.CharField(label="名称", required=False, max_length=20,
                        widget=forms.SearchInput(attrs={"placeholder": "名称包含", "autocomplete": "off"}))
    status = forms.ChoiceField(label="状态", required=False, choices=[("", "全部"), *NamingProposal.Status.choices])
    kind = forms.ChoiceField(label="类别", required=False, choices=[("", "全部"), *NamingProposal.Kind.choices])


class ProposalForm(forms.Form):
    kind = forms.ChoiceField(label="类别", choices=NamingProposal.Kind.choices, initial=NamingProposal.Kind.ROAD)
    name = forms.CharField(label="拟用名称", max_length=20,
                           help_text="汉字和数字，2至12个字；道路以路、街、巷、弄、大道、道、线结尾，桥梁以桥结尾",
                           widget=forms.TextInput(attrs={"autocomplete": "off", "placeholder": "如：桑梓路"}))
    location = forms.ChoiceField(label="所在乡镇或村（社区）")
    reason = forms.CharField(label="命名理由", max_length=naming_rules.REASON_MAX,
                             widget=forms.Textarea(attrs={"rows": 4}),
                             help_text=f"不少于{naming_rules.REASON_MIN}个字：道路走向、所连村落、名称由来")
    pinyin = forms.CharField(label="汉语拼音", required=False, max_length=naming_rules.PINYIN_MAX,
                             help_text="留空则按 GB/T 16159 自动生成；如读音特殊可填写，如 Changxing Lu",
                             widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}))

    def __init__(self, *args: Any, location_choices: Choices, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["location"].choices = location_choices
        if len(location_choices) == 1:
            self.fields["location"].initial = location_choices[0][0]

    def service_kwargs(self) -> dict[str, str]:
        data = self.cleaned_data
        location = data["location"]
        is_village = level_of(location) == Level.VILLAGE
        return {"name": data["name"], "kind": data["kind"], "reason": data["reason"], "pinyin": data["pinyin"],
                "township_code": "" if is_village else location, "village_code": location if is_village else ""}


# Service errors on the township or village land on the one location field.
LOCATION_ALIASES = {"township": "location", "village": "location"}


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(label="结论", choices=[("approve", "同意"), ("reject", "退回")],
                                 widget=forms.RadioSelect)
    reason = forms.CharField(label="意见", required=False, max_length=naming_rules.REASON_MAX,
                             widget=forms.Textarea(attrs={"rows": 2}), help_text="退回时必填")


class PublishForm(forms.Form):
    published_on = forms.DateField(label="公布日期", required=False, widget=DateInput(), help_text="留空为今天")


class HeritageBatchForm(forms.Form):
    name = forms.CharField(label="批次", max_length=20, widget=forms.TextInput(attrs={"placeholder": "如：第四批"}))
    published_on = forms.DateField(label="公布日期", widget=DateInput())


class HeritageEntryForm(forms.Form):
    batch = forms.TypedChoiceField(label="批次", coerce=int)
    name = forms.CharField(label="地名", max_length=40)
    category = forms.CharField(label="类别", max_length=20, help_text="古镇、古村落、街巷、桥梁、山水、历史政区名……")
    region_code = forms.ChoiceField(label="所在区划")
    location = forms.CharField(label="位置", max_length=200)
    history = forms.CharField(label="历史沿革", widget=forms.Textarea(attrs={"rows": 5}))
    protection = forms.ChoiceField(label="保护状态", choices=HeritageEntry.Protection.choices)
    lng = forms.CharField(label="经度（WGS-84）", required=False, max_length=20)
    lat = forms.CharField(label="纬度（WGS-84）", required=False, max_length=20)

    def __init__(self, *args: Any, batch_choices: Choices, region_choices: Choices, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["batch"].choices = batch_choices
        self.fields["region_code"].choices = region_choices


class WorkForm(forms.Form):
    kind = forms.ChoiceField(label="类别", choices=PlaceNameWork.Kind.choices)
    name = forms.CharField(label="名称", max_length=100)
    region_code = forms.ChoiceField(label="所在区划")
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    note = forms.CharField(label="说明", required=False, max_length=300)

    def __init__(self, *args: Any, region_choices: Choices, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region_code"].choices = region_choices


class WorkFilterForm(forms.Form):
    year = forms.IntegerField(label="年度", required=False, min_value=2000, max_value=2100)
    kind = forms.ChoiceField(label="类别", required=False, choices=[("", "全部"), *PlaceNameWork.Kind.choices])


# ---- naming workflow ---------------------------------------------------------------------------

@login_required
@require_GET
def proposal_list(request: HttpRequest) -> HttpResponse:
    """What waits for the user's action, then every proposal in their scope (filterable)."""
    form = ProposalFilterForm(request.GET)
    filters = form.cleaned_data if form.is_valid() else {"q": "", "status": "", "kind": ""}
    page = Window(selectors_names.proposal_list(user=request.user, **filters), request)
    selectors_names.with_region_names(page, "region_code", "village_code")
    context: dict[str, Any] = {"form": form, "page": page}
    if not is_htmx(request):
        queue = list(selectors_names.proposal_queue(user=request.user)[:50])
        context["queue"] = selectors_names.with_region_names(queue, "region_code", "village_code")
        context["can_propose"] = request.user.has_perm(PERMISSION)
    return render_page(request, "places/names/queue.html", "places/names/_results.html", context)


@permission_required(PERMISSION)
@require_http_methods(["GET", "POST"])
def proposal_create(request: HttpRequest) -> HttpResponse:
    choices = selectors_names.naming_location_choices(user=request.user)
    form = ProposalForm(request.POST or None, location_choices=choices)
    if request.method == "POST" and form.is_valid():
        try:
            proposal = services_names.naming_propose(actor=request.user, **form.service_kwargs())
        except ValidationError as exc:
            add_service_errors(form, exc, LOCATION_ALIASES)
        else:
            messages.success(request, PROPOSED.format(name=proposal.name))
            return redirect("placenames:detail", pk=proposal.pk)
    return render(request, "places/names/propose.html", {"form": form})


@permission_required(PERMISSION)
@require_GET
def pinyin_preview(request: HttpRequest) -> HttpResponse:
    """The live preview under the name field: the standard pinyin and every rule the name breaks
    so far (uniqueness once a place is chosen)."""
    name = naming_rules.normalize_name(request.GET.get("name", "")[:40])
    kind = request.GET.get("kind", NamingProposal.Kind.ROAD)
    location = request.GET.get("location", "")
    errors: list[str] = []
    if name:
        errors = naming_rules.check_kind(kind) + naming_rules.check_format(name, kind)
        if not errors:
            township = ""
            if location.isdigit() and len(location) == 12 and scope_for(request.user).contains(location):
                township = location if level_of(location) != Level.VILLAGE else location[:9] + "000"
            errors += naming_rules.check_unique(name, kind, township) + naming_rules.check_living_person(name, kind)
    spelled = place_name_pinyin(name) if name and not naming_rules.check_format(name, kind) else ""
    return render(request, "places/names/_pinyin.html", {"name": name, "pinyin": spelled, "errors": errors})


ACTION_LABELS = {
    "places.naming.proposed": "提交申请",
    "places.naming.township_approved": "乡镇审核通过",
    "places.naming.township_rejected": "乡镇审核退回",
    "places.naming.approved": "区县批准",
    "places.naming.county_rejected": "区县审批退回",
    "places.naming.published": "公布",
}


def _history(proposal: NamingProposal) -> list[dict[str, Any]]:
    """The audit entries as steps: when, who, what, and the comment given."""
    return [{"at": e.at, "actor": e.actor_name, "action": ACTION_LABELS.get(e.action, e.action),
             "comment": (e.after or {}).get("comment", "")}
            for e in selectors_names.proposal_history(proposal=proposal)]


def _detail(request: HttpRequest, proposal: NamingProposal, *, status: int = 200, **forms_: Any) -> HttpResponse:
    user = request.user
    can_review = proposal.status == NamingProposal.Status.SUBMITTED and services_names.can_review(user, proposal)
    can_approve = (proposal.status == NamingProposal.Status.TOWNSHIP_APPROVED
                   and services_names.can_approve(user, proposal))
    can_publish = proposal.status == NamingProposal.Status.APPROVED and services_names.can_approve(user, proposal)
    selectors_names.with_region_names([proposal], "region_code", "village_code")
    context = {
        "proposal": proposal,
        "history": _history(proposal),
        "review_form": forms_.get("review_form") or (DecisionForm(prefix="review") if can_review else None),
        "approve_form": forms_.get("approve_form") or (DecisionForm(prefix="approve") if can_approve else None),
        "publish_form": forms_.get("publish_form") or (PublishForm(prefix="publish") if can_publish else None),
    }
    return render(request, "places/names/detail.html", context, status=status)


@login_required
@require_GET
def proposal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, selectors_names.proposal_get(user=request.user, pk=pk))


def _decide(request: HttpRequest, pk: int, *, prefix: str, service: Any, done: dict[bool, str]) -> HttpResponse:
    proposal = selectors_names.proposal_get(user=request.user, pk=pk)
    form = DecisionForm(request.POST, prefix=prefix)
    if form.is_valid():
        approve = form.cleaned_data["decision"] == "approve"
        reason = form.cleaned_data["reason"]
        try:
            service(actor=request.user, proposal=proposal, approve=approve, reason=reason)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, done[approve].format(reason=reason))
            return redirect("placenames:detail", pk=pk)
    return _detail(request, proposal, status=400, **{f"{prefix}_form": form})


@permission_required(PERMISSION)
@require_POST
def proposal_review(request: HttpRequest, pk: int) -> HttpResponse:
    return _decide(request, pk, prefix="review", service=services_names.naming_township_review, done=REVIEWED)


@permission_required(PERMISSION)
@require_POST
def proposal_approve(request: HttpRequest, pk: int) -> HttpResponse:
    return _decide(request, pk, prefix="approve", service=services_names.naming_county_approve, done=APPROVED)


@permission_required(PERMISSION)
@require_POST
def proposal_publish(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = selectors_names.proposal_get(user=request.user, pk=pk)
    form = PublishForm(request.POST, prefix="publish")
    if form.is_valid():
        try:
            proposal = services_names.naming_publish(actor=request.user, proposal=proposal,
                                                     published_on=form.cleaned_data["published_on"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, PUBLISHED.format(name=proposal.name, date=proposal.published_on))
            return redirect("placenames:detail", pk=pk)
    return _detail(request, proposal, status=400, publish_form=form)


# ---- heritage ----------------------------------------------------------------------------------

@require_GET
def heritage_public(request: HttpRequest) -> HttpResponse:
    """The public protection list: no login, and nothing personal on it."""
    batches = selectors_names.heritage_public()
    for batch in batches:
        for entry in batch.entries.all():
            entry.links = (map_links(float(entry.lng), float(entry.lat), entry.name)
                           if entry.lng is not None and entry.lat is not None else None)
    can_manage = request.user.is_authenticated and services_names.heritage_may_manage(request.user)
    return render(request, "places/names/heritage_public.html", {"batches": batches, "can_manage": can_manage})


def _heritage_manager(request: HttpRequest) -> None:
    if not services_names.heritage_may_manage(request.user):
        raise PermissionDenied


@permission_required(PERMISSION)
@require_GET
def heritage_manage(request: HttpRequest) -> HttpResponse:
    _heritage_manager(request)
    batch = request.GET.get("batch", "")
    entries = selectors_names.heritage_entry_list(user=request.user, batch=int(batch) if batch.isdigit() else None,
                                                  q=request.GET.get("q", "")[:40])
    return render(request, "places/names/heritage_manage.html", {
        "batches": selectors_names.heritage_batch_list(), "entries": entries, "batch": batch,
    })


@permission_required(PERMISSION)
@require_http_methods(["GET", "POST"])
def heritage_batch_create(request: HttpRequest) -> HttpResponse:
    _heritage_manager(request)
    form = HeritageBatchForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            batch = services_names.heritage_batch_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, BATCH_CREATED.format(name=batch.name))
            return redirect("placenames:heritage_manage")
    return render(request, "places/names/heritage_form.html", {"form": form, "title": "新增地名文化遗产批次"})


def _entry_form(request: HttpRequest, data: Any, initial: dict[str, Any] | None = None) -> HeritageEntryForm:
    batches = [(b.pk, f"{b.name}（{b.published_on:%Y年}）") for b in selectors_names.heritage_batch_list()]
    regions = selectors_names.region_choices(user=request.user)
    return HeritageEntryForm(data, initial=initial, batch_choices=batches, region_choices=regions)


@permission_required(PERMISSION)
@require_http_methods(["GET", "POST"])
def heritage_entry_create(request: HttpRequest) -> HttpResponse:
    _heritage_manager(request)
    batch = request.GET.get("batch", "")
    form = _entry_form(request, request.POST or None, initial={"batch": batch} if batch.isdigit() else None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["batch"] = selectors_names.heritage_batch_get(pk=data["batch"])
        try:
            entry = services_names.heritage_entry_create(actor=request.user, **data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, ENTRY_SAVED.format(name=entry.name))
            return redirect("placenames:heritage_manage")
    return render(request, "places/names/heritage_form.html", {"form": form, "title": "新增地名文化遗产"})


@permission_required(PERMISSION)
@require_http_methods(["GET", "POST"])
def heritage_entry_update(request: HttpRequest, pk: int) -> HttpResponse:
    _heritage_manager(request)
    entry = selectors_names.heritage_entry_get(user=request.user, pk=pk)
    initial = {f: getattr(entry, f) for f in ("name", "category", "region_code", "location", "history",
                                              "protection", "lng", "lat")}
    initial["batch"] = entry.batch_id
    form = _entry_form(request, request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["batch"] = selectors_names.heritage_batch_get(pk=data["batch"])
        try:
            entry = services_names.heritage_entry_update(actor=request.user, entry=entry, **data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, ENTRY_SAVED.format(name=entry.name))
            return redirect("placenames:heritage_manage")
    return render(request, "places/names/heritage_form.html",
                  {"form": form, "title": f"修改地名文化遗产 · {entry.name}", "entry": entry})


# ---- place-name work ---------------------------------------------------------------------------

@login_required
@require_http_methods(["GET", "POST"])
def work_list(request: HttpRequest) -> HttpResponse:
    """The year's countable place-name work, the figures it adds up to, and (for township officers
    and above) the form to record more."""
    this_year = timezone.localdate().year
    filters = WorkFilterForm(request.GET)
    year = (filters.cleaned_data.get("year") if filters.is_valid() else None) or this_year
    kind = filters.cleaned_data.get("kind", "") if filters.is_valid() else ""
    scope = scope_for(request.user)
    can_record = request.user.has_perm(PERMISSION) and scope.prefix is not None and len(scope.prefix) <= 9
    form = None
    if can_record:
        form = WorkForm(request.POST or None, initial={"year": year},
                        region_choices=selectors_names.region_choices(user=request.user))
        if request.method == "POST" and form.is_valid():
            try:
                work = services_names.place_name_work_record(actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, WORK_RECORDED.format(name=work.name))
                return redirect(f"{request.path}?year={work.year}")
    elif request.method == "POST":
        raise PermissionDenied
    rows = selectors_names.with_region_names(
        selectors_names.place_name_work_list(user=request.user, year=year, kind=kind), "region_code")
    return render(request, "places/names/work.html", {
        "filters": filters, "form": form, "rows": rows, "year": year,
        "counts": selectors_names.place_name_counts(user=request.user, year=year),
        "per_year": selectors_names.named_per_year(user=request.user),
    }, status=400 if form is not None and form.errors else 200)
