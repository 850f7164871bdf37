"""The bed rows written in Python (eldercare.beds.rows) are the markup home.html's loop wrote, byte
for byte: free and occupied beds of each kind, and values that must be escaped."""

from __future__ import annotations

import datetime as dt

from django.template import Context, engines
from django.urls import reverse

from minzheng.eldercare.beds.models import Bed, BedKind, Occupancy
from minzheng.eldercare.beds.rows import bed_rows
from minzheng.people.models import Person

# home.html's loop as it was before its rows were written in Python: the reference.
TEMPLATE_ROWS = """{% for bed in beds %}
      <tr>
        <td class="card-title"><a href="{{ bed.url }}">{{ bed.room }}房{{ bed.number }}床</a></td>
        <td data-label="类型">{{ bed.get_kind_display }}</td>
{% with stay=bed.stay %}{% if stay %}        <td data-label="状态"><span class="badge ok">在住</span></td>
        <td data-label="入住老人">{{ stay.person.name }} <span class="masked muted">{{ stay.person.id_number_masked }}</span></td>
        <td data-label="入住日期">{{ stay.checked_in_on|date:"Y-m-d" }}</td>
{% else %}        <td data-label="状态"><span class="badge grey">空闲</span></td>
        <td data-label="入住老人">—</td>
        <td data-label="入住日期">—</td>
{% endif %}{% endwith %}        <td data-label="床位码"><a href="{% url 'beds:qr_png' bed.pk %}?download=1">PNG</a> · <a href="{% url 'beds:qr_svg' bed.pk %}?download=1">SVG</a></td>
      </tr>{% endfor %}"""


def _beds() -> list[Bed]:
    beds = []
    for pk, kind in enumerate([*BedKind.values, "gone"] * 2, start=7):
        bed = Bed(id=pk, room="1<0>" if pk % 2 else "203", number='2"&' if pk % 3 else "12", kind=kind)
        bed.stay = None
        if pk % 2:
            person = Person(id=pk, name="李\"四\"&<b>" if pk % 3 else "王五", id_number_masked="3305**********12<>")
            bed.stay = Occupancy(bed_id=pk, person=person, checked_in_on=dt.date(2024, 5, pk))
        bed.url = reverse("beds:bed", args=[pk])
        beds.append(bed)
    return beds


def test_the_rows_are_the_templates_byte_for_byte() -> None:
    beds = _beds()
    expected = engines["django"].from_string(TEMPLATE_ROWS).render(Context({"beds": beds}).flatten())
    root = reverse("beds:bed", kwargs={"pk": 0}).removesuffix("0/")
    assert bed_rows(beds, root=root) == expected
    assert "&lt;b&gt;" in expected and "&quot;" in expected and '<span class="badge grey">空闲</span>' in expected
    assert bed_rows([], root=root) == ""
