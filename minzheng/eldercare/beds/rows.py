"""The rows of a care home's beds (``eldercare/beds/home.html``), written in Python.

A home has a hundred beds and more; the template engine spent about 5 ms of CPU on their rows, this
a fraction. The markup is the template's as it was, byte for byte (``tests/eldercare/beds/test_rows.py``
compares the two), every value escaped."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

from minzheng.eldercare.beds.models import Bed, BedKind

KIND_NAMES = dict(BedKind.choices)

_FREE = ('        <td data-label="状态"><span class="badge grey">空闲</span></td>\n'
         '        <td data-label="入住老人">—</td>\n'
         '        <td data-label="入住日期">—</td>\n')


def bed_rows(beds: Iterable[Bed], *, root: str) -> SafeString:
    """The ``<tr>`` of each bed, with ``stay`` (its open stay with its person, or None) as
    ``selectors.home_bed_board`` gives them: ``root`` is the beds' URL prefix, a bed's page is it
    and the bed's id, its codes that and ``qr.png`` or ``qr.svg``."""
    esc = conditional_escape
    parts = []
    for bed in beds:
        url = f"{root}{bed.pk}/"
        stay = bed.stay  # type: ignore[attr-defined]
        if stay:
            person = stay.person
            state = ('        <td data-label="状态"><span class="badge ok">在住</span></td>\n'
                     f'        <td data-label="入住老人">{esc(person.name)} <span class="masked muted">'
                     f'{esc(person.id_number_masked)}</span></td>\n'
                     f'        <td data-label="入住日期">{stay.checked_in_on.isoformat()}</td>\n')
        else:
            state = _FREE
        parts.append(
            f'\n      <tr>\n        <td class="card-title"><a href="{url}">{esc(bed.room)}房{esc(bed.number)}床</a></td>'
            f'\n        <td data-label="类型">{esc(KIND_NAMES.get(bed.kind, bed.kind))}</td>\n{state}'
            f'        <td data-label="床位码"><a href="{url}qr.png?download=1">PNG</a> · '
            f'<a href="{url}qr.svg?download=1">SVG</a></td>\n      </tr>')
    return mark_safe("".join(parts))  # every value above is escaped
