"""Writing the audit and access logs. Services call these inside their own transaction, so a
write and its audit row commit or roll back together."""

from __future__ import annotations

import datetime as dt
import decimal
import uuid
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import models

from minzheng.core.models import AccessLog, AuditEntry, User

# Field names whose values never reach the audit log in clear. Services pass masked values for
# these; the guard below catches any that slip through.
SENSITIVE_FIELDS = frozenset({"id_number", "phone", "bank_account"})
SECRET_SUFFIXES = ("_cipher", "_digest")


def _jsonable(value: Any) -> Any:
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, (decimal.Decimal, uuid.UUID)):
        return str(value)
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    return value


def snapshot(obj: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """The named fields of ``obj`` as JSON-ready values. Ciphertexts and digests are dropped;
    callers list ``*_masked`` fields for personal data."""
    out: dict[str, Any] = {}
    for name in fields:
        if name.endswith(SECRET_SUFFIXES):
            continue
        value = getattr(obj, f"{name}_id" if _is_fk(obj, name) else name)
        out[name.removesuffix("_masked")] = _jsonable(value)
    return out


def _is_fk(obj: models.Model, name: str) -> bool:
    try:
        return obj._meta.get_field(name).many_to_one  # type: ignore[return-value]
    except Exception:
        return False


def diff(before: Mapping[str, Any] | None, after: Mapping[str, Any] | None) -> dict[str, list[Any]]:
    before, after = before or {}, after or {}
    return {
        key: [before.get(key), after.get(key)]
        for key in sorted(set(before) | set(after))
        if before.get(key) != after.get(key)
    }


def _guard(values: Mapping[str, Any] | None) -> dict[str, Any] | None:
    if values is None:
        return None
    from minzheng.core.masking import mask_id_number, mask_phone

    masked = dict(values)
    for key in SENSITIVE_FIELDS & set(masked):
        raw = masked[key]
        if isinstance(raw, str) and "*" not in raw:
            masked[key] = mask_phone(raw) if key == "phone" else mask_id_number(raw)
    return masked


def audit_record(
    *,
    actor: User | None,
    action: str,
    obj: models.Model,
    region_code: str = "",
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
    object_repr: str | None = None,
) -> AuditEntry:
    """Append one audit entry. ``action`` is namespaced: ``people.household.member_moved``."""
    before_m, after_m = _guard(before), _guard(after)
    return AuditEntry.objects.create(
        actor=actor if actor is not None and actor.pk else None,
        actor_name=actor.get_username() if actor is not None and actor.pk else "system",
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_repr=(object_repr if object_repr is not None else str(obj))[:200],
        region_code=region_code or getattr(obj, "region_code", "") or "",
        before=before_m,
        after=after_m,
        diff=diff(before_m, after_m),
    )


def access_record(
    *,
    actor: User,
    kind: str,
    subject: models.Model,
    field: str = "",
    channel: str = "web",
    subject_repr: str | None = None,
) -> AccessLog:
    return AccessLog.objects.create(
        actor=actor,
        actor_name=actor.get_username(),
        kind=kind,
        subject_type=subject._meta.label_lower,
        subject_id=str(subject.pk),
        subject_repr=(subject_repr if subject_repr is not None else str(subject))[:200],
        field=field,
        region_code=getattr(subject, "region_code", "") or "",
        channel=channel,
    )


def access_record_many(*, actor: User, subjects: Iterable[models.Model | None], channel: str = "web",
                       kind: str = AccessLog.Kind.VIEW) -> int:
    """One access-log row per person a list showed (the residents at an address, the members of a
    household, the occupants on a page of stays), written in one statement: a person the list
    names twice is logged once, a row that names nobody (None) is skipped. Returns the rows written."""
    shown = {(s._meta.label_lower, s.pk): s for s in subjects if s is not None}
    rows = [AccessLog(actor=actor, actor_name=actor.get_username(), kind=kind,
                      subject_type=subject._meta.label_lower, subject_id=str(subject.pk),
                      subject_repr=str(subject)[:200], region_code=getattr(subject, "region_code", "") or "",
                      channel=channel) for subject in shown.values()]
    if rows:
        AccessLog.objects.bulk_create(rows)
    return len(rows)
