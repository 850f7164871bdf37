"""The enrollment list rows written in Python (benefits.enrollments.rows) are the markup the
template wrote, byte for byte."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.template import engines
from django.template.loader import render_to_string

from minzheng.benefits.models import Enrollment, Program
from minzheng.people.models import Household, Person

# _rows.html as it was before its rows were written in Python: the reference.
TEMPLATE_ROWS = """{% load humanize %}{% if rows %}
<table class="cards">
  <thead><tr><th>待遇</th><th>对象</th><th>状态</th><th>月发放金额</th><th>起止</th><th>下次复核</th></tr></thead>
  <tbody>{% for e in rows %}
    <tr>
      <td class="card-title"><a href="{% url 'benefit_enrollments:detail' e.pk %}">{{ e.program.name }}（{{ e.pk }}）</a></td>
      <td data-label="对象">{% if e.household_id %}{{ e.household.head.name|default:"家庭户" }}户 · {{ e.persons }}人{% else %}{{ e.person.name }}{% endif %}</td>
      <td data-label="状态"><span class="badge{% if e.status == 'active' %} ok{% else %} grey{% endif %}">{{ e.get_status_display }}</span>{% if e.status_reason %} <span class="muted small">{{ e.status_reason }}</span>{% endif %}</td>
      <td data-label="月发放金额">{{ e.monthly_amount|floatformat:2|intcomma }}元</td>
      <td data-label="起止">{{ e.start_month|date:"Y-m" }}起{% if e.stop_month %}，{{ e.stop_month|date:"Y-m" }}停发{% endif %}</td>
      <td data-label="下次复核">{% if e.next_review_on %}{{ e.next_review_on|date:"Y-m-d" }}{% if today and e.next_review_on < today %} <strong class="overdue">已到期</strong>{% endif %}{% else %}—{% endif %}</td>
    </tr>{% endfor %}
  </tbody>
</table>
{% else %}
<p class="muted">{{ empty|default:"暂无。" }}</p>
{% endif %}
"""

TODAY = dt.date(2025, 3, 10)
AMOUNTS = [Decimal("0.00"), Decimal("5.50"), Decimal("600.00"), Decimal("1234.56"), Decimal("98765432.10"),
           Decimal("1000000.00"), Decimal("999.99")]


def _enrollments() -> list[Enrollment]:
    program = Program(id=3, name="特困<供养>")
    rows = []
    pk = 0
    for status in Enrollment.Status.values:
        for amount in AMOUNTS:
            for review in (None, TODAY - dt.timedelta(days=1), TODAY, TODAY + dt.timedelta(days=30)):
                pk += 1
                e = Enrollment(id=pk, program=program, status=status, monthly_amount=amount, persons=pk % 5 + 1,
                               status_reason="" if pk % 2 else "死亡 & <迁出>", start_month=dt.date(2024, pk % 12 + 1, 1),
                               stop_month=dt.date(2026, 1, 1) if pk % 3 == 0 else None, next_review_on=review)
                if pk % 4 == 0:
                    e.person = Person(id=pk, name="李\"四\"&<b>")
                elif pk % 4 == 1:
                    e.household = Household(id=pk, head=None)
                else:
                    e.household = Household(id=pk, head=Person(id=pk, name="" if pk % 4 == 2 else "王<五>"))
                rows.append(e)
    return rows


@pytest.mark.parametrize("today", [TODAY, None])
def test_the_rows_written_in_python_are_the_template_s_byte_for_byte(today) -> None:
    context = {"rows": _enrollments(), "empty": "没有。"} | ({"today": today} if today else {})
    expected = engines["django"].from_string(TEMPLATE_ROWS).render(context)
    written = render_to_string("benefits/enrollments/_rows.html", context)
    assert "98,765,432.10元" in expected and "&lt;迁出&gt;" in expected and "家庭户户" in expected
    assert ("已到期" in expected) == bool(today)
    assert written == "\n" + expected  # the line the template's comment ends


def test_no_rows_show_the_empty_text() -> None:
    assert render_to_string("benefits/enrollments/_rows.html", {"rows": [], "empty": "没有。"}).strip().endswith(
        '<p class="muted">没有。</p>')
