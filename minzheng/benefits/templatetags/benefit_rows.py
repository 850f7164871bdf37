"""``{% application_rows %}`` and ``{% enrollment_rows %}``: the rows of the benefit lists, written
in Python (``applications.rows``, ``enrollments.rows``) because the list pages show them by the
hundred. Each list's link is reversed once per table, not per row."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django import template
from django.urls import reverse
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString

from minzheng.benefits.applications.models import Application
from minzheng.benefits.applications.rows import application_rows as _application_rows
from minzheng.benefits.enrollments.models import Enrollment
from minzheng.benefits.enrollments.rows import enrollment_rows as _enrollment_rows

register = template.Library()


def _today(today: object) -> dt.date | None:
    return today if isinstance(today, dt.date) else None  # missing from the context: no overdue marks


@register.simple_tag
def application_rows(rows: Iterable[Application], today: object = None) -> SafeString:
    return _application_rows(rows, today=_today(today),
                             url=conditional_escape(reverse("benefit_applications:queue")))


@register.simple_tag
def enrollment_rows(rows: Iterable[Enrollment], today: object = None) -> SafeString:
    return _enrollment_rows(rows, today=_today(today),
                            url=conditional_escape(reverse("benefit_enrollments:detail", args=[0])[:-2]))
