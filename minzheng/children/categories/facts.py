"""A child's facts as the API takes them (JSON), checked into ``rules.ChildFacts``: every fault at
once, as a Chinese ``ValidationError`` keyed by the field (``parents[1].since``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError

from minzheng.children import messages
from minzheng.children.categories.rules import TIMED, ChildFacts, ParentFacts
from minzheng.children.codes import Hukou, ParentStatus

GRADES = (1, 2, 3, 4)


def _date(
    value: Any, key: str, errors: dict[str, list[str]], *, required: bool, today: dt.date
) -> dt.date | None:
    if value is None or value == "":
        if required:
            errors[key] = [messages.DATE_REQUIRED.format(field=key)]
        return None
    if not isinstance(value, str):
        errors[key] = [messages.DATE_INVALID.format(field=key)]
        return None
    try:
        day = dt.date.fromisoformat(value.strip())
    except ValueError:
        errors[key] = [messages.DATE_INVALID.format(field=key)]
        return None
    if day > today:
        errors[key] = [messages.DATE_FUTURE.format(field=key)]
    return day


def _bool(data: dict[str, Any], key: str, label: str, default: bool, errors: dict[str, list[str]]) -> bool:
    value = data.get(key, default)
    if not isinstance(value, bool):
        errors[label] = [messages.BOOL_INVALID.format(field=label)]
        return default
    return value


def facts_from_json(data: Any, *, today: dt.date) -> ChildFacts:
    """The facts of ``data``: ``as_of`` (not after today), ``birth_date`` (not after ``as_of``),
    ``hukou`` rural|urban, ``disability_grade`` 1–4 or null, ``dibao`` bool, and exactly two
    ``parents`` with their ``status``, ``since`` (required when imprisoned or unreachable; not
    after ``as_of`` nor today), ``works_away`` and ``can_guard``."""
    if not isinstance(data, dict):
        raise ValidationError({"non_field_errors": [messages.FACTS_NOT_OBJECT]})
    errors: dict[str, list[str]] = {}
    as_of = _date(data.get("as_of"), "as_of", errors, required=True, today=today)
    birth = _date(data.get("birth_date"), "birth_date", errors, required=True, today=today)
    if as_of is not None and birth is not None and "birth_date" not in errors and birth > as_of:
        errors["birth_date"] = [messages.BIRTH_AFTER_AS_OF]
    hukou = data.get("hukou")
    if hukou not in Hukou.values:
        errors["hukou"] = [messages.HUKOU_INVALID]
    grade = data.get("disability_grade")
    if grade is not None and (isinstance(grade, bool) or not isinstance(grade, int) or grade not in GRADES):
        errors["disability_grade"] = [messages.GRADE_INVALID]
    dibao = _bool(data, "dibao", "dibao", False, errors)
    parents: list[ParentFacts] = []
    raw = data.get("parents")
    if not isinstance(raw, list) or len(raw) != 2:
        errors["parents"] = [messages.PARENTS_INVALID]
        raw = []
    for index, item in enumerate(raw):
        key = f"parents[{index}]"
        if not isinstance(item, dict):
            errors[key] = [messages.PARENT_NOT_OBJECT.format(field=key)]
            continue
        status = item.get("status")
        if status not in ParentStatus.values:
            errors[f"{key}.status"] = [messages.STATUS_INVALID.format(field=f"{key}.status")]
        since = _date(item.get("since"), f"{key}.since", errors, required=False, today=today)
        if since is None and status in TIMED and f"{key}.since" not in errors:
            errors[f"{key}.since"] = [messages.SINCE_REQUIRED.format(field=f"{key}.since")]
        if since is not None and as_of is not None and since > as_of and f"{key}.since" not in errors:
            errors[f"{key}.since"] = [messages.SINCE_AFTER_AS_OF.format(field=f"{key}.since")]
        works_away = _bool(item, "works_away", f"{key}.works_away", False, errors)
        can_guard = _bool(item, "can_guard", f"{key}.can_guard", True, errors)
        parents.append(
            ParentFacts(
                status=str(status),
                since=since,
                works_away=works_away,
                can_guard=can_guard,
                label=f"父母一方（第{index + 1}项）",
            )
        )
    if errors:
        raise ValidationError(errors)
    assert as_of is not None and birth is not None
    return ChildFacts(
        as_of=as_of,
        birth_date=birth,
        hukou=str(hukou),
        disability_grade=grade,
        dibao=dibao,
        parents=tuple(parents),
    )
