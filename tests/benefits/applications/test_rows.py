"""The application list rows written in Python (benefits.applications.rows) are the markup the
template wrote, byte for byte, for every status, deadline and beneficiary."""

from __future__ import annotations

import datetime as dt

import pytest
from django.template import Context, engines
from django.template.loader import render_to_string
from django.utils import timezone

from minzheng.benefits.models import Application, Program
from minzheng.people.models import Household, Person

# _rows.html as it was before its rows were written in Python: the reference.
TEMPLATE_ROWS = """{% if rows %}{% url "benefit_applications:queue" as applications_url %}
<table class="cards">
  <thead><tr><th>申请</th><th>项目</th><th>区划</th><th>状态</th><th>受理</th><th>期限</th></tr></thead>
  <tbody>{% for a in rows %}
    <tr>
      <td class="card-title"><a href="{{ applications_url }}{{ a.pk }}/">{% if a.household_id %}{{ a.household.head.name|default:"家庭户" }}户{% else %}{{ a.person.name }}{% endif %}（{{ a.pk }}）</a></td>
      <td data-label="项目">{{ a.program.name }}</td>
      <td data-label="区划" class="masked">{{ a.region_code }}</td>
      <td data-label="状态"><span class="badge{% if a.status == 'enrolled' or a.status == 'approved' %} ok{% elif a.status == 'refused' %} grey{% endif %}">{{ a.get_status_display }}</span>{% if a.is_open and a.due_on < today %} <strong class="overdue">{% if a.limit_on < today %}超过40个工作日{% else %}已超期{% endif %}</strong>{% elif a.status == "refused" and not a.refusal_notified_at and a.refusal_notice_due_on < today %} <strong class="overdue">通知超期</strong>{% endif %}</td>
      <td data-label="受理">{{ a.submitted_at|date:"Y-m-d" }}</td>
      <td data-label="期限">{% if a.status == "public_notice" %}公示至{{ a.notice_ends_on|date:"Y-m-d" }}{% elif a.status == "refused" and not a.refusal_notified_at %}通知{{ a.refusal_notice_due_on|date:"Y-m-d" }}前送达{% elif a.is_open %}{{ a.due_on|date:"Y-m-d" }}{% else %}—{% endif %}</td>
    </tr>{% endfor %}
  </tbody>
</table>
{% else %}
<p class="muted">{{ empty|default:"暂无。" }}</p>
{% endif %}
"""

TODAY = dt.date(2025, 3, 10)
DAYS = [None, TODAY - dt.timedelta(days=1), TODAY, TODAY + dt.timedelta(days=1)]


def _applications() -> list[Application]:
    program = Program(id=3, name="最低生活<保障>")
    rows = []
    pk = 1
    # 16:30 UTC is past midnight in Shanghai: the day received is the local one.
    submitted = dt.datetime(2025, 1, 31, 16, 30, tzinfo=dt.UTC)
    for status in Application.Status.values:
        for due_on in DAYS:
            for limit_on in DAYS[:2] + DAYS[3:]:
                for notified in (None, submitted):
                    pk += 1
                    a = Application(id=pk, program=program, region_code="330502003001", status=status,
                                    submitted_at=submitted if pk % 5 else None, due_on=due_on, limit_on=limit_on,
                                    notice_ends_on=due_on if pk % 3 else None, refusal_notice_due_on=due_on,
                                    refusal_notified_at=notified)
                    if pk % 4 == 0:
                        a.person = Person(id=pk, name="李\"四\"&<b>")
                    elif pk % 4 == 1:
                        a.household = Household(id=pk, head=None)
                    else:
                        a.household = Household(id=pk, head=Person(id=pk, name="" if pk % 4 == 2 else "王<五>"))
                    rows.append(a)
    return rows


@pytest.mark.parametrize("today", [TODAY, None])
def test_the_rows_written_in_python_are_the_template_s_byte_for_byte(today) -> None:
    rows = _applications()
    context = {"rows": rows, "empty": "没有。"} | ({"today": today} if today else {})
    with timezone.override("Asia/Shanghai"):
        expected = engines["django"].from_string(TEMPLATE_ROWS).render(context)
        written = render_to_string("benefits/applications/_rows.html", context)
    assert "&lt;b&gt;" in expected and "家庭户户" in expected and "公示至" in expected
    assert ("超过40个工作日" in expected and "已超期" in expected and "通知超期" in expected) == bool(today)
    assert written == "\n" + expected  # the line the template's comment ends


def test_no_rows_show_the_empty_text() -> None:
    assert render_to_string("benefits/applications/_rows.html", {"rows": [], "empty": "没有。"}).strip().endswith(
        '<p class="muted">没有。</p>')


def test_the_status_include_and_the_rows_agree() -> None:
    status = engines["django"].from_string('{% include "benefits/applications/_status.html" %}')
    cell = engines["django"].from_string(TEMPLATE_ROWS.split('<td data-label="状态">')[1].split("</td>")[0])
    for a in _applications():
        context = Context({"a": a, "today": TODAY})
        assert status.template.render(context).rstrip("\n") == cell.template.render(context)
