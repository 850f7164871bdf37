"""The rows of the application lists (``benefits/applications/_rows.html``), written in Python.

The queue page shows up to 300 rows and the load test opens it more than any other page; the
template engine spent about 5 ms of CPU on them, this a fraction. The markup is the template's as
it was, byte for byte (``tests/benefits/applications/test_rows.py`` compares the two), every value
escaped."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import localtime

from minzheng.benefits.applications.models import Application

S = Application.Status
OPEN = frozenset(Application.OPEN)
STATUS_NAMES = dict(S.choices)


def _day(day: dt.date | None) -> str:
    """``|date:"Y-m-d"`` of a day: its isoformat, or nothing."""
    return day.isoformat() if day else ""


def _before(day: dt.date | None, today: dt.date | None) -> bool:
    """The template's ``day < today``: false when either is missing (the comparison fails)."""
    return day is not None and bool(today) and day < today  # type: ignore[operator]


def _status(a: Application, today: dt.date | None) -> str:
    """The status cell: the badge, and a warning when the case is overdue or its refusal
    notice is late (``_status.html``)."""
    status = a.status
    tone = " ok" if status in (S.ENROLLED, S.APPROVED) else " grey" if status == S.REFUSED else ""
    cell = f'<span class="badge{tone}">{conditional_escape(STATUS_NAMES.get(status, status))}</span>'
    if status in OPEN and _before(a.due_on, today):
        late = "超过40个工作日" if _before(a.limit_on, today) else "已超期"
        cell += f' <strong class="overdue">{late}</strong>'
    elif status == S.REFUSED and not a.refusal_notified_at and _before(a.refusal_notice_due_on, today):
        cell += ' <strong class="overdue">通知超期</strong>'
    return cell


def _deadline(a: Application) -> str:
    status = a.status
    if status == S.PUBLIC_NOTICE:
        return f"公示至{_day(a.notice_ends_on)}"
    if status == S.REFUSED and not a.refusal_notified_at:
        return f"通知{_day(a.refusal_notice_due_on)}前送达"
    if status in OPEN:
        return _day(a.due_on)
    return "—"


def application_rows(rows: Iterable[Application], *, today: dt.date | None, url: str) -> SafeString:
    """The ``<tr>`` of each application, as ``_rows.html`` wrote them: ``url`` is the list's URL,
    a row's link is it and the application's number."""
    parts = []
    for a in rows:
        if a.household_id:
            head = a.household.head
            name = f"{conditional_escape((head.name if head else '') or '家庭户')}户"
        else:
            name = conditional_escape(a.person.name) if a.person else ""
        submitted = localtime(a.submitted_at).date().isoformat() if a.submitted_at else ""
        parts.append(
            f'\n    <tr>\n      <td class="card-title"><a href="{url}{a.pk}/">{name}（{a.pk}）</a></td>'
            f'\n      <td data-label="项目">{conditional_escape(a.program.name)}</td>'
            f'\n      <td data-label="区划" class="masked">{conditional_escape(a.region_code)}</td>'
            f'\n      <td data-label="状态">{_status(a, today)}</td>'
            f'\n      <td data-label="受理">{submitted}</td>'
            f'\n      <td data-label="期限">{_deadline(a)}</td>\n    </tr>')
    return mark_safe("".join(parts))  # every value above is escaped
