"""Standard-address pages: search with match-as-you-type, detail, create, import and export,
data quality, and registry linking. Thin: a form, one service or selector call, a render."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from minzheng.core import messages as core_messages
from minzheng.core.audit import access_record_many
from minzheng.core.forms import add_service_errors
from minzheng.core.geo import map_links
from minzheng.core.http import Window, login_required, permission_required, render_page
from minzheng.core.import_pages import ImportUrls, import_detail_page, import_progress_page
from minzheng.core.models import User
from minzheng.core.regions import Level
from minzheng.core.selectors import region_filter_choices, region_list, user_region
from minzheng.core.tabular import FILE_TOO_BIG, human_size
from minzheng.people.selectors import person_find_by_id_number
from minzheng.places.addresses import exports, imports, links, selectors, services, tasks
from minzheng.places.addresses.forms import (
    PERSON_NOT_FOUND,
    AddressCreateForm,
    AddressFilterForm,
    CoordinatesForm,
    IssueFilterForm,
    LinkPersonForm,
    LinkRunForm,
    QualityRunForm,
    RetireForm,
    RoadCreateForm,
    UploadForm,
    split_aliases,
)
from minzheng.places.addresses.models import Address, QualityIssue, Road
from minzheng.places.data.county_bbox import bbox_of

MANAGE = "places.manage_addresses"
LINK = "people.change_person"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
RECENT_JOBS = 20
ROAD_OPTIONS_MAX = 2000

ADDRESS_CREATED = "已新增标准地址：{text}"
ROAD_CREATED = "已新增{kind}：{name}"
COORDINATES_SAVED = "已保存坐标"
ADDRESS_RETIRED = "已注销该地址"
RESIDENT_LINKED = "已将 {name} 关联到本地址"
QUALITY_STARTED = "已开始数据质量检查；完成后刷新本页即可看到结果"
EXPORT_TOO_BIG = "超过 {max} 条的地址请导出为 CSV"
LEVEL_LABELS = {Level.CITY: "市", Level.COUNTY: "区县", Level.TOWNSHIP: "乡镇街道", Level.VILLAGE: "村（社区）"}


# Choices -------------------------------------------------------------------------------------


def _short(full_name: str, own: str) -> str:
    return full_name[len(own):] if own and full_name.startswith(own) and full_name != own else full_name


def village_choices(user: User) -> list[tuple[str, str]]:
    own = user_region(user=user)
    own_full = own.full_name if own is not None and own.level != Level.VILLAGE else ""
    rows = region_list(user=user, level=Level.VILLAGE).only("code", "name", "full_name")
    return [(r.code, f"{_short(r.full_name, own_full) or r.name}（{r.code}）") for r in rows]


def road_region_choices(user: User) -> list[tuple[str, str]]:
    own = user_region(user=user)
    own_full = own.full_name if own is not None and own.level != Level.VILLAGE else ""
    rows = region_list(user=user).filter(level__in=[Level.TOWNSHIP, Level.VILLAGE]).only("code", "name", "full_name")
    return [(r.code, f"{_short(r.full_name, own_full) or r.name}（{r.code}）") for r in rows]


def road_choices(user: User, village_code: str) -> list[tuple[str, str]]:
    if not village_code:
        return []
    roads = selectors.road_list(user=user, region_code=village_code).filter(status=Road.Status.ACTIVE)
    return [(str(r.pk), f"{r.name}（{r.get_kind_display()}）") for r in roads[:ROAD_OPTIONS_MAX]]


# Search and detail ---------------------------------------------------------------------------


@login_required
@require_GET
def address_search(request: HttpRequest) -> HttpResponse:
    """Type a messy address and land on the standard one; or filter the list in the scope."""
    form = AddressFilterForm(request.GET, region_choices=region_filter_choices(user=request.user))
    if form.is_valid():
        addresses = selectors.address_list(user=request.user, q=form.cleaned_data["q"],
                                           region_code=form.cleaned_data["region"],
                                           status=form.cleaned_data["status"])
    else:
        addresses = selectors.address_list(user=request.user).none()
    page = Window(addresses, request)
    context = {"form": form, "page": page, "can_manage": request.user.has_perm(MANAGE),
               "export_query": request.GET.urlencode()}
    return render_page(request, "places/addresses/search.html", "places/addresses/_address_results.html", context)


def _levels(address: Address) -> list[tuple[str, str]]:
    """City, county, township and village names, then the road and the numbers."""
    region = selectors.address_region(address=address)
    chain = []
    while region is not None:
        if region.level in LEVEL_LABELS:
            chain.append((LEVEL_LABELS[Level(region.level)], region.name))
        region = region.parent
    levels = list(reversed(chain))
    levels.append((address.road.get_kind_display(), address.road.name))
    levels.append(("门牌号", f"{address.number}号"))
    for label, value, suffix in (("幢", address.building, "幢"), ("单元", address.unit, "单元"),
                                 ("室", address.room, "室")):
        if value:
            levels.append((label, f"{value}{suffix}"))
    return levels


def _code_parts(code: str) -> list[tuple[str, str]]:
    return [("区划", code[:12]), ("街路巷", code[12:16]), ("门牌", code[16:21]), ("幢", code[21:24]),
            ("单元", code[24:26]), ("室", code[26:30])]


@login_required
@require_GET
@never_cache
def address_detail(request: HttpRequest, pk: int) -> HttpResponse:
    address = selectors.address_get(user=request.user, pk=pk)
    map_urls = None
    if address.lng is not None and address.lat is not None:
        map_urls = map_links(float(address.lng), float(address.lat), address.full_text)
    can_manage = request.user.has_perm(MANAGE)
    residents = list(selectors.people_at_address(user=request.user, address=address)[:200])
    access_record_many(actor=request.user, subjects=residents)
    return render(request, "places/addresses/detail.html", {
        "address": address,
        "levels": _levels(address),
        "code_parts": _code_parts(address.code),
        "links": map_urls,
        "inside_county": _inside(address),
        "doorplate": selectors.address_doorplate(address=address),
        "residents": residents,
        "households": selectors.households_at_address(user=request.user, address=address)[:100],
        "predecessors": selectors.address_predecessors(user=request.user, address=address),
        "can_manage": can_manage,
        "can_link": request.user.has_perm(LINK),
        "coordinates_form": CoordinatesForm(initial={"lng": address.lng, "lat": address.lat}),
        "retire_form": RetireForm(),
        "link_form": LinkPersonForm(),
    })


def _inside(address: Address) -> bool | None:
    box = bbox_of(address.region_code)
    if box is None or address.lng is None or address.lat is None:
        return None
    return box[0] <= float(address.lng) <= box[2] and box[1] <= float(address.lat) <= box[3]


# Writes on one address --------------------------------------------------------------------------


@permission_required(MANAGE)
@require_http_methods(["GET", "POST"])
def address_create(request: HttpRequest) -> HttpResponse:
    village = request.POST.get("region_code") or request.GET.get("region_code", "")
    form = AddressCreateForm(request.POST or None, initial={"region_code": village},
                             village_choices=village_choices(request.user),
                             road_choices=road_choices(request.user, village))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            road = selectors.road_get(user=request.user, pk=data["road"])
            address = services.address_create(actor=request.user, region_code=data["region_code"], road=road,
                                              number=data["number"], building=data["building"], unit=data["unit"],
                                              room=data["room"], lng=data["lng"], lat=data["lat"])
        except Http404:
            form.add_error("road", core_messages.NOT_FOUND)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, ADDRESS_CREATED.format(text=address.full_text))
            return redirect("addresses:detail", pk=address.pk)
    return render(request, "places/addresses/form.html", {"form": form, "title": "新增标准地址",
                                                          "road_options": True})


@permission_required(MANAGE)
@require_GET
def road_options(request: HttpRequest) -> HttpResponse:
    """The road <option>s of one village (htmx, when the village changes)."""
    choices = road_choices(request.user, request.GET.get("region_code", "").strip())
    return render(request, "places/addresses/_road_options.html", {"choices": choices})


@permission_required(MANAGE)
@require_POST
def address_coordinates(request: HttpRequest, pk: int) -> HttpResponse:
    address = selectors.address_get(user=request.user, pk=pk)
    form = CoordinatesForm(request.POST)
    if form.is_valid():
        try:
            services.address_update_coordinates(actor=request.user, address=address, lng=form.cleaned_data["lng"],
                                                lat=form.cleaned_data["lat"])
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, COORDINATES_SAVED)
    return redirect("addresses:detail", pk=address.pk)


@permission_required(MANAGE)
@require_POST
def address_retire(request: HttpRequest, pk: int) -> HttpResponse:
    address = selectors.address_get(user=request.user, pk=pk)
    form = RetireForm(request.POST)
    if form.is_valid():
        code = form.cleaned_data["successor"].strip()
        try:
            successor = selectors.address_get(user=request.user, code=code) if code else None
            services.address_retire(actor=request.user, address=address, successor=successor)
        except Http404:
            messages.error(request, core_messages.NOT_FOUND)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, ADDRESS_RETIRED)
    return redirect("addresses:detail", pk=address.pk)


@permission_required(LINK)
@require_POST
def address_link_person(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm by hand that a resident (found by ID number, in the user's scope) lives here."""
    address = selectors.address_get(user=request.user, pk=pk)
    form = LinkPersonForm(request.POST)
    if form.is_valid():
        person = person_find_by_id_number(user=request.user, id_number=form.cleaned_data["id_number"])
        if person is None:
            messages.error(request, PERSON_NOT_FOUND)
        else:
            try:
                links.person_address_link(actor=request.user, person=person, address=address)
            except ValidationError as exc:
                for message in exc.messages:
                    messages.error(request, message)
            else:
                messages.success(request, RESIDENT_LINKED.format(name=person.name))
    else:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    return redirect("addresses:detail", pk=address.pk)


# Roads -----------------------------------------------------------------------------------------


@login_required
@require_GET
def road_list(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()[:30]
    page = Window(selectors.road_list(user=request.user, q=q), request)
    return render_page(request, "places/addresses/road_list.html", "places/addresses/_road_results.html",
                       {"page": page, "q": q, "can_manage": request.user.has_perm(MANAGE)})


@permission_required(MANAGE)
@require_http_methods(["GET", "POST"])
def road_create(request: HttpRequest) -> HttpResponse:
    form = RoadCreateForm(request.POST or None, region_choices=road_region_choices(request.user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            road = services.road_create(actor=request.user, region_code=data["region_code"], name=data["name"],
                                        kind=data["kind"], aliases=split_aliases(data["aliases"]))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, ROAD_CREATED.format(kind=road.get_kind_display(), name=road.name))
            return redirect(f"{reverse('addresses:roads')}?q={road.name}")
    return render(request, "places/addresses/form.html", {"form": form, "title": "新增街路巷/小区"})


# Import and export --------------------------------------------------------------------------------


@login_required
@require_GET
def address_export(request: HttpRequest) -> HttpResponse:
    """The addresses of the current filter, in the user's scope: CSV streamed, or .xlsx."""
    form = AddressFilterForm(request.GET, region_choices=region_filter_choices(user=request.user))
    if not form.is_valid():
        raise Http404(core_messages.NOT_FOUND)
    addresses = selectors.address_list(user=request.user, q=form.cleaned_data["q"],
                                       region_code=form.cleaned_data["region"], status=form.cleaned_data["status"])
    if request.GET.get("format") == "xlsx":
        if exports.too_big_for_xlsx(addresses):
            messages.error(request, EXPORT_TOO_BIG.format(max=exports.XLSX_MAX_ROWS))
            return redirect(f"{reverse('addresses:search')}?{request.GET.urlencode()}")
        response = HttpResponse(exports.xlsx(addresses), content_type=XLSX)
        response["Content-Disposition"] = content_disposition_header(True, "标准地址.xlsx")
        return response
    response = StreamingHttpResponse(exports.csv_stream(addresses), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, "标准地址.csv")
    return response


@permission_required(MANAGE)
@require_http_methods(["GET", "POST"])
def import_page(request: HttpRequest) -> HttpResponse:
    form = UploadForm(request.POST or None, request.FILES or None, initial={"only_good": True})
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > imports.max_bytes():
            form.add_error("file", FILE_TOO_BIG.format(limit=human_size(imports.max_bytes()),
                                                       size=human_size(upload.size)))
        else:
            try:
                job = imports.address_import_start(actor=request.user, data=b"".join(upload.chunks()),
                                                   filename=upload.name, only_good=form.cleaned_data["only_good"])
            except ValidationError as exc:
                for message in exc.message_dict.get("file", exc.messages):
                    form.add_error("file", message)
            else:
                return redirect("addresses:import_detail", pk=job.pk)
    return render(request, "places/addresses/import.html", {
        "form": form, "jobs": selectors.address_import_list(user=request.user)[:RECENT_JOBS],
        "columns": imports.COLUMNS, "max_size": human_size(imports.max_bytes()), "max_rows": imports.max_rows(),
    })


@permission_required(MANAGE)
@require_GET
def import_template(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(imports.template_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, "标准地址导入模板.csv")
    return response


IMPORT_URLS = ImportUrls(back="addresses:import", progress="addresses:import_progress",
                         commit="addresses:import_commit", report="addresses:import_errors",
                         report_label="下载全部错误（.csv）")


@login_required
@require_GET
def import_detail(request: HttpRequest, pk: str) -> HttpResponse:
    job = selectors.address_import_get(user=request.user, pk=pk, with_errors=True)
    return import_detail_page(request, job, template="places/addresses/import_detail.html", urls=IMPORT_URLS,
                              can_commit=request.user.has_perm(MANAGE))


@login_required
@require_GET
def import_progress(request: HttpRequest, pk: str) -> HttpResponse:
    return import_progress_page(request, selectors.address_import_get(user=request.user, pk=pk), urls=IMPORT_URLS)


@permission_required(MANAGE)
@require_POST
def import_commit(request: HttpRequest, pk: str) -> HttpResponse:
    job = selectors.address_import_get(user=request.user, pk=pk)
    try:
        imports.address_import_commit(actor=request.user, job=job)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    return redirect("addresses:import_detail", pk=job.pk)


@login_required
@require_GET
def import_errors(request: HttpRequest, pk: str) -> HttpResponse:
    job = selectors.address_import_get(user=request.user, pk=pk, with_errors=True)
    response = StreamingHttpResponse(imports.errors_csv(job), content_type="text/csv; charset=utf-8")
    stem = job.filename.rsplit(".", 1)[0] or "导入"
    response["Content-Disposition"] = content_disposition_header(True, f"{stem}_错误明细.csv")
    return response


# Data quality ------------------------------------------------------------------------------------


def _county_choices(user: User) -> list[tuple[str, str]]:
    return [(r.code, r.name) for r in selectors.county_regions(user=user)]


@login_required
@require_GET
def quality_report(request: HttpRequest) -> HttpResponse:
    """The latest score of each county the user sees, with the counts by kind."""
    names = dict(_county_choices(request.user))
    rows = [{"run": summary.run, "summary": summary, "name": names.get(summary.run.region_code, summary.run.region_code),
             "counts": [(kind, label, summary.counts.get(kind, 0)) for kind, label in QualityIssue.Kind.choices]}
            for summary in selectors.quality_summaries(user=request.user)]
    can_manage = request.user.has_perm(MANAGE)
    return render(request, "places/addresses/quality.html", {
        "rows": rows, "kinds": QualityIssue.Kind.choices, "can_manage": can_manage,
        "run_form": QualityRunForm(county_choices=_county_choices(request.user)),
        "link_form": LinkRunForm(),
    })


@permission_required(MANAGE)
@require_POST
def quality_run(request: HttpRequest) -> HttpResponse:
    form = QualityRunForm(request.POST, county_choices=_county_choices(request.user))
    if not form.is_valid():
        raise PermissionDenied(core_messages.PERMISSION_DENIED)
    counties = [form.cleaned_data["county"]] if form.cleaned_data["county"] else [
        code for code, _ in _county_choices(request.user)]
    for code in counties:
        tasks.check_address_quality.enqueue(code, request.user.pk)
    messages.success(request, QUALITY_STARTED)
    return redirect("addresses:quality")


@login_required
@require_GET
def quality_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The bad rows of one run, by kind, cut to the user's own scope."""
    run = selectors.quality_run_get(user=request.user, pk=pk)
    form = IssueFilterForm(request.GET)
    kind = form.cleaned_data["kind"] if form.is_valid() else ""
    page = Window(selectors.quality_issue_list(user=request.user, run=run, kind=kind), request)
    summary = selectors.quality_summary(user=request.user, run=run)
    counts = selectors.quality_issue_counts(user=request.user, run=run)
    return render_page(request, "places/addresses/quality_detail.html", "places/addresses/_issue_results.html", {
        "run": run, "summary": summary, "form": form, "page": page, "kind": kind,
        "tabs": [(value, label, counts.get(value, 0)) for value, label in QualityIssue.Kind.choices],
        "total_in_scope": sum(counts.values()),
    })
