"""The auditors' pages: search the audit log and the personal-data access log. Read-only: there
is no URL that changes or deletes a log row, and the models refuse it anyway. What the codes
and keys of an entry are called lives in ``core.audit_labels``. Both pages show what the last
verification of each log's hash chain found (``core.audit_verify``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import localtime
from django.views.decorators.http import require_GET

from minzheng.core import selectors
from minzheng.core.audit_labels import (
    Change,
    action_label,
    changes,
    field_label,
    object_type_label,
    region_codes,
)
from minzheng.core.audit_verify import audit_verifications_latest
from minzheng.core.forms import AccessLogSearchForm, AuditSearchForm
from minzheng.core.http import Window, permission_required, render_page
from minzheng.core.models import AccessLog, AuditEntry


def _when(at: dt.datetime) -> str:
    """``at`` in local time as the log pages show it: what ``|date:"Y-m-d H:i:s"`` writes, at a
    tenth of its cost (a page shows 50)."""
    return localtime(at).strftime("%Y-%m-%d %H:%M:%S")


@dataclass(frozen=True)
class AuditRow:
    entry: AuditEntry
    action: str
    object_type: str
    region: str
    changes: list[Change]
    at: str = ""  # the entry's time, as shown

    @property
    def changes_table(self) -> SafeString:
        """The changes as the page's small table (label, before → after), every value escaped.
        Written here rather than as a loop in the template: a page of 50 entries holds hundreds
        of changes, and the template engine's nodes cost several times this."""
        if not self.changes:
            return mark_safe('<span class="muted">—</span>')
        parts = ['<table class="diff"><tbody>']
        for c in self.changes:
            before = (f'<td class="before">{conditional_escape(c.before)}</td><td class="arrow">→</td>' if c.had_before
                      else "<td></td><td></td>")
            parts.append(f'\n        <tr><th>{conditional_escape(c.label)}</th>{before}<td class="after">{conditional_escape(c.after)}</td></tr>')
        parts.append("\n      </tbody></table>")
        return mark_safe("".join(parts))


def _actor_cell(entry: AuditEntry) -> str:
    """Who acted: the staff member (and their account when they go by a name), the system, or
    the name the entry kept of an account since deleted."""
    actor = entry.actor
    if actor:
        cell = conditional_escape(actor)
        if actor.display_name:
            cell += f' <span class="muted small">{conditional_escape(entry.actor_name)}</span>'
        return cell
    if entry.actor_name == selectors.SYSTEM_ACTOR:
        return selectors.SYSTEM_ACTOR_LABEL
    return conditional_escape(entry.actor_name)


def audit_rows(rows: list[AuditRow]) -> SafeString:
    """The ``<tr>`` of each entry, as ``_audit_results.html``'s loop wrote them (byte for byte,
    every value escaped): a page of 50 entries cost the template engine several milliseconds."""
    esc = conditional_escape
    parts = []
    for row in rows:
        entry = row.entry
        parts.append(
            f'\n    <tr class="audit-entry" data-action="{esc(entry.action)}">'
            f'\n      <td class="card-title action">{esc(row.action)}</td>'
            f'\n      <td data-label="时间" class="nowrap">{esc(row.at)}</td>'
            f'\n      <td data-label="操作人">{_actor_cell(entry)}</td>'
            f'\n      <td data-label="对象">{esc(row.object_type)}<br><span class="muted">{esc(entry.object_repr)}</span></td>'
            f'\n      <td data-label="区划">{esc(row.region or "—")}</td>'
            f'\n      <td data-label="变更">{row.changes_table}</td>\n    </tr>\n  ')
    return mark_safe("".join(parts))  # every value above is escaped


@permission_required("core.view_auditentry")
@require_GET
def audit_list(request: HttpRequest) -> HttpResponse:
    form = AuditSearchForm(request.GET, region_choices=selectors.region_filter_choices(user=request.user,
                                                                                      prefixes=True))
    entries = selectors.audit_list(user=request.user, **form.cleaned_data) if form.is_valid() else []
    page = Window(entries, request)
    codes = {entry.region_code for entry in page} | region_codes(entry.diff for entry in page)
    regions = selectors.region_names(codes=codes)
    rows = [AuditRow(entry=entry, action=action_label(entry.action), object_type=object_type_label(entry.object_type),
                     region=regions.get(entry.region_code, entry.region_code),
                     changes=changes(object_type=entry.object_type, diff=entry.diff, regions=regions),
                     at=_when(entry.at))
            for entry in page]
    context = {"form": form, "page": page, "rows": rows, "rows_html": audit_rows(rows), "tab": "audit",
               "verifications": audit_verifications_latest(user=request.user)}
    return render_page(request, "core/audit_list.html", "core/_audit_results.html", context)


@permission_required("core.view_auditentry", "core.view_accesslog")
@require_GET
def access_log_list(request: HttpRequest) -> HttpResponse:
    form = AccessLogSearchForm(request.GET)
    logs = selectors.access_log_list(user=request.user, **form.cleaned_data) if form.is_valid() else []
    page = Window(logs, request)
    regions = selectors.region_names(codes={log.region_code for log in page})
    kinds = dict(AccessLog.Kind.choices)
    for log in page:
        log.region_name = regions.get(log.region_code, log.region_code)
        log.field_label = field_label(log.field, None) if log.field else ""
        log.at_shown = _when(log.at)
        log.kind_label = kinds.get(log.kind, log.kind)
    context = {"form": form, "page": page, "tab": "access",
               "verifications": audit_verifications_latest(user=request.user)}
    return render_page(request, "core/access_log_list.html", "core/_access_log_results.html", context)
