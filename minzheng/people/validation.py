"""Field checks shared by services, forms, the API and imports. Each returns the clean value
or raises ``FieldError`` with the field's name and the Chinese reason."""

from __future__ import annotations

import re
from typing import Any

from minzheng.core import messages as core_messages
from minzheng.core.idnumber import IdNumber, IdNumberError, parse_id_number
from minzheng.core.models import Region
from minzheng.core.regions import CODE_RE, Level
from minzheng.core.scope import Scope
from minzheng.people import messages
from minzheng.people.models import Membership

PHONE_RE = re.compile(r"^1\d{10}$")
NAME_RE = re.compile(r"^[\u3400-\u9fffA-Za-z·• ]+$")
NAME_MAX = 50
ADDRESS_MAX = 200


class FieldError(ValueError):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def clean_id_number(value: Any) -> IdNumber:
    try:
        return parse_id_number(str(value) if value is not None else "")
    except IdNumberError as exc:
        raise FieldError("id_number", str(exc)) from exc


def clean_name(value: Any) -> str:
    name = re.sub(r"\s+", " ", str(value or "")).strip()
    if not name:
        raise FieldError("name", core_messages.NAME_REQUIRED)
    if len(name) > NAME_MAX:
        raise FieldError("name", core_messages.NAME_TOO_LONG.format(max=NAME_MAX))
    if not NAME_RE.match(name):
        raise FieldError("name", core_messages.NAME_BAD_CHARACTERS)
    return name


def clean_phone(value: Any) -> str:
    phone = re.sub(r"[\s-]", "", str(value or ""))
    if phone.startswith("+86"):
        phone = phone[3:]
    if phone and not PHONE_RE.match(phone):
        raise FieldError("phone", core_messages.PHONE_INVALID)
    return phone


def clean_address(value: Any) -> str:
    text = str(value or "").strip()
    if len(text) > ADDRESS_MAX:
        raise FieldError("address_text", messages.ADDRESS_TOO_LONG.format(max=ADDRESS_MAX))
    return text


def clean_region_code(value: Any, *, scope: Scope, field: str = "region_code") -> str:
    """A village or community code that exists and lies inside ``scope``."""
    code = str(value or "").strip()
    if not code:
        raise FieldError(field, core_messages.REGION_REQUIRED)
    if not CODE_RE.match(code):
        raise FieldError(field, core_messages.REGION_NOT_VILLAGE)
    region = Region.objects.filter(code=code).only("level").first()
    if region is None:
        raise FieldError(field, core_messages.REGION_UNKNOWN.format(code=code))
    if region.level != Level.VILLAGE:
        raise FieldError(field, core_messages.REGION_NOT_VILLAGE)
    if not scope.contains(code):
        raise FieldError(field, core_messages.REGION_OUT_OF_SCOPE)
    return code


RELATIONSHIP_BY_LABEL = {label: value for value, label in Membership.Relationship.choices}


def clean_relationship(value: Any, *, allow_self: bool = False) -> str:
    """Accept the code (``spouse``) or the Chinese label (``配偶``)."""
    raw = str(value or "").strip()
    rel = RELATIONSHIP_BY_LABEL.get(raw, raw)
    if rel not in Membership.Relationship.values:
        raise FieldError("relationship", messages.RELATIONSHIP_INVALID)
    if rel == Membership.Relationship.SELF and not allow_self:
        raise FieldError("relationship", messages.RELATIONSHIP_SELF_TAKEN)
    return rel
