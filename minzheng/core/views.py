"""The auditors' pages: search the audit log and the personal-data access log. Read-only: there
is no URL that changes or deletes a log row, and the models refuse it anyway."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from minzheng.core import selectors
from minzheng.core.forms import AccessLogSearchForm, AuditSearchForm
from minzheng.core.http import Window, permission_required, render_page
from minzheng.core.models import AuditEntry

# The last part of an action code, in words. The object part comes from the model's own
# verbose_name, so a new app's actions read sensibly without touching this list.
ACTION_VERBS = {
    "created": "新增",
    "updated": "修改",
    "deleted": "删除",
    "died": "登记死亡",
    "member_added": "添加成员",
    "member_updated": "修改成员关系",
    "member_moved": "迁移成员",
    "member_removed": "移出成员",
    "head_changed": "更换户主",
    "imported": "导入",
    "exported": "导出",
}
# Keys of before/after that no model field names.
KEY_LABELS = {
    "head_name": "户主姓名",
    "role": "角色",
}
# Common starting points for the action filter.
ACTION_PREFIXES = ["people.person", "people.household", "core.staff"]
OBJECT_TYPES = ["people.person", "people.household", "core.user"]
EMPTY = "—"


def _model(label: str) -> type[Model] | None:
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None


def action_label(action: str, object_type: str = "") -> str:
    """people.household.member_added reads 家庭户 · 添加成员. When the action's middle part is
    not a model (core.staff.created, on a core.user), the object's model names it."""
    app_model, _, verb = action.rpartition(".")
    model = _model(app_model) or _model(object_type)
    noun = str(model._meta.verbose_name) if model is not None else app_model
    return f"{noun} · {ACTION_VERBS.get(verb, verb)}"


@dataclass(frozen=True)
class Change:
    label: str
    before: str
    after: str
    had_before: bool  # False when the value was set from nothing (a creation)


def _field(model: type[Model] | None, key: str) -> Any:
    """The field a snapshot key came from: on the object's own model, or else on another model
    of its app (a household entry carries a member's ``relationship``)."""
    if model is None:
        return None
    app_config = model._meta.app_config
    candidates = [model, *(m for m in (app_config.get_models() if app_config else []) if m is not model)]
    for candidate in candidates:
        for name in (key, f"{key}_masked"):
            try:
                field = candidate._meta.get_field(name)
            except FieldDoesNotExist:
                continue
            if field.concrete:  # not a reverse relation, which has no verbose name
                return field
    return None


def _show(value: Any, choices: dict[str, str]) -> str:
    if value is None or value == "":
        return EMPTY
    if isinstance(value, bool):
        return "是" if value else "否"
    return choices.get(str(value), str(value))


def changes(entry: AuditEntry) -> list[Change]:
    """The entry's diff as rows a person can read: field names and choice values in Chinese."""
    model = _model(entry.object_type)
    rows = []
    for key, pair in (entry.diff or {}).items():
        before, after = [*pair, None, None][:2] if isinstance(pair, list) else (None, pair)
        field = _field(model, key)
        label = KEY_LABELS.get(key) or (str(field.verbose_name) if field is not None else key)
        choices = {str(k): str(v) for k, v in (getattr(field, "choices", None) or [])}
        rows.append(Change(label=label, before=_show(before, choices), after=_show(after, choices),
                           had_before=before not in (None, "")))
    return rows


@dataclass(frozen=True)
class AuditRow:
    entry: AuditEntry
    action: str
    object_type: str
    changes: list[Change]


@permission_required("core.view_auditentry")
@require_GET
def audit_list(request: HttpRequest) -> HttpResponse:
    form = AuditSearchForm(request.GET)
    entries = selectors.audit_list(user=request.user, **form.cleaned_data) if form.is_valid() else []
    page = Window(entries, request)
    rows = []
    for entry in page:
        model = _model(entry.object_type)
        rows.append(AuditRow(
            entry=entry,
            action=action_label(entry.action, entry.object_type),
            object_type=str(model._meta.verbose_name) if model is not None else entry.object_type,
            changes=changes(entry),
        ))
    context = {"form": form, "page": page, "rows": rows, "tab": "audit",
               "action_prefixes": ACTION_PREFIXES, "object_types": OBJECT_TYPES}
    return render_page(request, "core/audit_list.html", "core/_audit_results.html", context)


@permission_required("core.view_auditentry", "core.view_accesslog")
@require_GET
def access_log_list(request: HttpRequest) -> HttpResponse:
    form = AccessLogSearchForm(request.GET)
    logs = selectors.access_log_list(user=request.user, **form.cleaned_data) if form.is_valid() else []
    page = Window(logs, request)
    context = {"form": form, "page": page, "tab": "access"}
    return render_page(request, "core/access_log_list.html", "core/_access_log_results.html", context)
