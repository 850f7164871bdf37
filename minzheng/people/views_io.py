"""Pages for importing and exporting people: thin, each one a form, a service call, a render.

Sign-in and permission guards come from ``core.http``: when a session expires while the progress
line is polling, htmx gets a redirect for the whole page instead of a login form in the bar."""

from __future__ import annotations

from typing import cast

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from minzheng.core.http import login_required, permission_required
from minzheng.core.import_pages import ImportUrls, import_detail_page, import_progress_page
from minzheng.core.models import User
from minzheng.core.tabular import FILE_TOO_BIG, human_size
from minzheng.people import exports, imports
from minzheng.people.models import Person

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
RECENT_JOBS = 20


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)  # the guards below let only signed-in staff through


class UploadForm(forms.Form):
    file = forms.FileField(
        label="选择文件（.xlsx 或 .csv）",
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
        error_messages={"required": "请选择要导入的文件", "empty": "文件是空的"},
    )


@permission_required("people.import_people")
@require_http_methods(["GET", "POST"])
def import_page(request: HttpRequest) -> HttpResponse:
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > imports.max_bytes():
            form.add_error("file", _too_big(upload.size))
        else:
            data = b"".join(upload.chunks())
            try:
                job = imports.import_job_create(actor=_user(request), data=data, filename=upload.name)
            except ValidationError as exc:
                for message in exc.message_dict.get("file", exc.messages):
                    form.add_error("file", message)
            else:
                return redirect("people_io:import_detail", pk=job.pk)
    jobs = imports.import_job_list(user=_user(request))[:RECENT_JOBS]
    return render(request, "people/io/import.html", {
        "form": form, "jobs": jobs, "columns": imports.COLUMNS, "max_size": human_size(imports.max_bytes()),
        "max_rows": imports.max_rows(),
    })


def _too_big(size: int) -> str:
    return FILE_TOO_BIG.format(limit=human_size(imports.max_bytes()), size=human_size(size))


@permission_required("people.import_people")
@require_GET
def import_template(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(imports.template_xlsx(), content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, "人口导入模板.xlsx") or ""
    return response


IMPORT_URLS = ImportUrls(back="people_io:import", progress="people_io:import_progress",
                         commit="people_io:import_commit", report="people_io:import_report",
                         report_label="下载错误报告（.xlsx）")


@login_required
@require_GET
def import_detail(request: HttpRequest, pk: str) -> HttpResponse:
    job = imports.import_job_get(user=_user(request), pk=pk, with_errors=True)
    return import_detail_page(request, job, template="people/io/import_detail.html", urls=IMPORT_URLS,
                              can_commit=_user(request).has_perm("people.import_people"),
                              planned=(job.summary or {}).get("planned", {}))


@login_required
@require_GET
def import_progress(request: HttpRequest, pk: str) -> HttpResponse:
    return import_progress_page(request, imports.import_job_get(user=_user(request), pk=pk), urls=IMPORT_URLS)


@login_required
@require_GET
def import_report(request: HttpRequest, pk: str) -> HttpResponse:
    job = imports.import_job_get(user=_user(request), pk=pk, with_errors=True)
    response = HttpResponse(imports.report_xlsx(job), content_type=XLSX)
    stem = job.filename.rsplit(".", 1)[0] or "导入"
    response["Content-Disposition"] = content_disposition_header(True, f"{stem}_错误报告.xlsx") or ""
    return response


@login_required
@require_POST
def import_commit(request: HttpRequest, pk: str) -> HttpResponse:
    job = imports.import_job_get(user=_user(request), pk=pk)
    try:
        imports.import_job_commit_start(actor=_user(request), job=job)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, "已开始导入正确的行")
    return redirect("people_io:import_detail", pk=job.pk)


class ExportForm(forms.Form):
    q = forms.CharField(label="姓名或身份证号", required=False, max_length=50)
    region_code = forms.RegexField(
        label="区划代码", required=False, regex=r"^\d{2,12}$", max_length=12,
        error_messages={"invalid": "区划代码应为数字（如 330502 或 12 位村社区代码）"},
        help_text="可填区县、乡镇街道或村社区代码，留空为全部",
    )
    status = forms.ChoiceField(label="状态", required=False, choices=[("", "全部"), *Person.Status.choices])
    format = forms.ChoiceField(label="格式", choices=list(exports.FORMATS.items()), initial="xlsx",
                               widget=forms.RadioSelect)


@permission_required("people.export_people")
@require_http_methods(["GET", "POST"])
def export(request: HttpRequest) -> HttpResponse:
    """GET shows the form (prefilled from a person search's q and region_code); POST downloads."""
    if request.method == "POST":
        form = ExportForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                result = exports.people_export(actor=_user(request), fmt=data["format"], q=data["q"],
                                               region_code=data["region_code"], status=data["status"])
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    for message in errors:
                        form.add_error(field if field in form.fields else None, message)
            else:
                response: HttpResponse | StreamingHttpResponse
                if result.stream is not None:
                    response = StreamingHttpResponse(result.stream, content_type=result.content_type)
                    response["Content-Disposition"] = content_disposition_header(True, result.filename) or ""
                else:
                    response = FileResponse(result.file, as_attachment=True, filename=result.filename,
                                            content_type=result.content_type)
                response["X-Export-Count"] = str(result.count)
                return cast(HttpResponse, response)  # a streaming response; the guards pass it through
    else:
        # The person search calls its filter "region"; either name prefills the form.
        region = request.GET.get("region_code") or request.GET.get("region", "")
        form = ExportForm(initial={"q": request.GET.get("q", ""), "region_code": region,
                                   "status": request.GET.get("status", ""), "format": "xlsx"})
    return render(request, "people/io/export.html", {"form": form})
