"""Address codes and standard address text.

Area-based address code (GB/T 39609): region code (12) + road serial (4) + doorplate number
(5: four digits and a sub-number, so 18-1号 is 00181) + building (3) + unit (2) + room (4).
Fixed width, so codes sort by place and compare as strings.
"""

from __future__ import annotations

import re

NUMBER_RE = re.compile(r"^(\d{1,4})(?:-(\d))?$")


class CodeError(ValueError):
    pass


def road_code(region_code: str, serial: int) -> str:
    if not 0 < serial <= 9999:
        raise CodeError(f"road serial out of range: {serial}")
    return f"{region_code}{serial:04d}"


def _digits(value: str, width: int, what: str) -> str:
    value = (value or "").strip()
    if not value:
        return "0" * width
    if not value.isdigit() or len(value) > width:
        raise CodeError(f"{what} must be at most {width} digits: {value!r}")
    return value.zfill(width)


def address_code(*, region_code: str, road_code: str, number: str, building: str = "", unit: str = "",
                 room: str = "") -> str:
    m = NUMBER_RE.match((number or "").strip())
    if not m:
        raise CodeError(f"doorplate number must be 1-4 digits with an optional -sub-number: {number!r}")
    return (
        region_code
        + road_code[-4:]
        + m.group(1).zfill(4) + (m.group(2) or "0")
        + _digits(building, 3, "building")
        + _digits(unit, 2, "unit")
        + _digits(room, 4, "room")
    )


def full_text(*, region_full_name: str, road_name: str, number: str, building: str = "", unit: str = "",
              room: str = "") -> str:
    """湖州市吴兴区爱山街道仪凤桥社区红旗路18号3幢2单元501室."""
    text = f"{region_full_name}{road_name}{number}号"
    if building:
        text += f"{building}幢"
    if unit:
        text += f"{unit}单元"
    if room:
        text += f"{room}室"
    return text
