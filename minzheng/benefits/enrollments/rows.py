"""The rows of the enrollment lists (``benefits/enrollments/_rows.html``), written in Python.

The review due list shows fifty a page; the template engine spent about 5 ms of CPU on them, this
a fraction. The markup is the template's as it was, byte for byte
(``tests/benefits/enrollments/test_rows.py`` compares the two), every value escaped."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from django.template.defaultfilters import floatformat
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

from minzheng.benefits.enrollments.models import Enrollment

STATUS_NAMES = dict(Enrollment.Status.choices)


def _amount(amount: Decimal | None) -> str:
    """``|floatformat:"2g"``: two decimals, grouped by three with a comma (our zh_Hans formats).
    An amount has two decimals already, so no rounding happens here; anything else goes through
    the filter itself."""
    if isinstance(amount, Decimal) and amount.is_finite() and amount.as_tuple().exponent == -2:
        return f"{amount:,.2f}"
    return floatformat(amount, "2g")


def _month(day: dt.date) -> str:
    """``|date:"Y-m"``."""
    return f"{day.year:04d}-{day.month:02d}"


def enrollment_rows(rows: Iterable[Enrollment], *, today: dt.date | None, url: str) -> SafeString:
    """The ``<tr>`` of each enrollment, as ``_rows.html`` wrote them: ``url`` is the detail URL
    without its number, a row's link is it, the number and a slash."""
    parts = []
    for e in rows:
        if e.household_id:
            head = e.household.head
            who = f"{conditional_escape((head.name if head else '') or '家庭户')}户 · {e.persons}人"
        else:
            who = conditional_escape(e.person.name) if e.person else ""
        status = e.status
        reason = f' <span class="muted small">{conditional_escape(e.status_reason)}</span>' if e.status_reason else ""
        span = f"{_month(e.start_month)}起" if e.start_month else "起"
        if e.stop_month:
            span += f"，{_month(e.stop_month)}停发"
        due = e.next_review_on
        if due:
            review = due.isoformat() + (' <strong class="overdue">已到期</strong>' if today and due < today else "")
        else:
            review = "—"
        parts.append(
            f'\n    <tr>\n      <td class="card-title"><a href="{url}{e.pk}/">{conditional_escape(e.program.name)}（{e.pk}）</a></td>'
            f'\n      <td data-label="对象">{who}</td>'
            f'\n      <td data-label="状态"><span class="badge{" ok" if status == "active" else " grey"}">'
            f'{conditional_escape(STATUS_NAMES.get(status, status))}</span>{reason}</td>'
            f'\n      <td data-label="月发放金额">{_amount(e.monthly_amount)}元</td>'
            f'\n      <td data-label="起止">{span}</td>'
            f'\n      <td data-label="下次复核">{review}</td>\n    </tr>')
    return mark_safe("".join(parts))
