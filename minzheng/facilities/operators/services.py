"""Writes on service providers and their operator accounts.

Each service checks its input (Chinese ``ValidationError`` keyed by field, from
``facilities.messages``), runs in one transaction and writes one audit entry in it. Keeping
operators needs ``facilities.manage_operators`` and the operator's registration region in the
actor's scope.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from django.contrib.auth import password_validation
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from stdnum.cn import uscc as stdnum_uscc
from stdnum.exceptions import InvalidChecksum, InvalidLength
from stdnum.exceptions import ValidationError as StdnumError

from minzheng.core import messages as core_messages
from minzheng.core.audit import audit_record, snapshot
from minzheng.core.models import Region, User
from minzheng.core.regions import CODE_RE
from minzheng.core.roles import Role
from minzheng.core.scope import scope_for
from minzheng.core.services import role_ensure
from minzheng.facilities import messages
from minzheng.facilities.operators.models import Operator, OperatorMember
from minzheng.facilities.operators.selectors import forget_operator_ids

PERM_MANAGE = "facilities.manage_operators"
OPERATOR_FIELDS = ["name", "uscc", "region_code"]
NAME_MAX = 100
USCC_LENGTH = 18


def _require(actor: User | None) -> None:
    if actor is None or not actor.has_perm(PERM_MANAGE):
        raise PermissionDenied(core_messages.PERMISSION_DENIED)


def _writable(actor: User, operator: Operator) -> None:
    """Only the region the operator is registered in (or above it) keeps it; elsewhere it is 404."""
    _require(actor)
    if not scope_for(actor).contains(operator.region_code):
        raise Http404(core_messages.NOT_FOUND)


def clean_uscc(value: Any) -> str:
    """The unified social credit code (GB 32100-2015), upper-cased, with full-width characters
    and spaces forgiven; checked by python-stdnum (length, alphabet, check character)."""
    text = re.sub(r"\s", "", unicodedata.normalize("NFKC", str(value or ""))).upper()
    if not text:
        raise ValidationError({"uscc": [messages.OPERATOR_USCC_REQUIRED]})
    if len(text) != USCC_LENGTH:
        raise ValidationError({"uscc": [messages.OPERATOR_USCC_LENGTH.format(length=len(text))]})
    try:
        return str(stdnum_uscc.validate(text))
    except InvalidChecksum as exc:
        raise ValidationError({"uscc": [messages.OPERATOR_USCC_CHECKSUM]}) from exc
    except InvalidLength as exc:  # pragma: no cover (the length is checked above)
        raise ValidationError({"uscc": [messages.OPERATOR_USCC_LENGTH.format(length=len(text))]}) from exc
    except StdnumError as exc:
        raise ValidationError({"uscc": [messages.OPERATOR_USCC_CHARACTERS]}) from exc


def _clean(actor: User, values: dict[str, Any], *, exclude_pk: int | None = None) -> dict[str, Any]:
    errors: dict[str, list[str]] = {}
    name = str(values.get("name") or "").strip()
    if not name:
        errors["name"] = [messages.OPERATOR_NAME_REQUIRED]
    elif len(name) > NAME_MAX:
        errors["name"] = [messages.OPERATOR_NAME_TOO_LONG.format(max=NAME_MAX)]
    code = ""
    try:
        code = clean_uscc(values.get("uscc"))
    except ValidationError as exc:
        errors.update(exc.message_dict)
    else:
        taken = Operator.objects.filter(uscc=code).exclude(pk=exclude_pk or 0).first()
        if taken is not None:
            errors["uscc"] = [messages.OPERATOR_USCC_TAKEN.format(name=taken.name)]
    region_code = str(values.get("region_code") or "").strip()
    if not CODE_RE.match(region_code):
        errors["region_code"] = [messages.OPERATOR_REGION_INVALID]
    elif not Region.objects.filter(code=region_code).exists():
        errors["region_code"] = [messages.OPERATOR_REGION_UNKNOWN.format(code=region_code)]
    elif not scope_for(actor).contains(region_code):
        errors["region_code"] = [messages.OPERATOR_REGION_OUT_OF_SCOPE]
    if errors:
        raise ValidationError(errors)
    return {"name": name, "uscc": code, "region_code": region_code}


@transaction.atomic
def operator_create(*, actor: User, name: str, uscc: str, region_code: str) -> Operator:
    """Register a service provider by its unified social credit code (one row per code)."""
    _require(actor)
    values = _clean(actor, {"name": name, "uscc": uscc, "region_code": region_code})
    operator = Operator(**values)
    try:
        with transaction.atomic():
            operator.save()
    except IntegrityError as exc:  # the same code registered concurrently
        raise ValidationError({"uscc": [messages.OPERATOR_USCC_TAKEN.format(name=values["name"])]}) from exc
    audit_record(actor=actor, action="facilities.operator.created", obj=operator,
                 after=snapshot(operator, OPERATOR_FIELDS))
    return operator


@transaction.atomic
def operator_update(*, actor: User, operator: Operator, **changes: Any) -> Operator:
    """Correct an operator's name, code or registration region. Fields not given keep their values."""
    unknown = set(changes) - set(OPERATOR_FIELDS)
    if unknown:
        raise TypeError(f"unknown operator fields: {sorted(unknown)}")
    _writable(actor, operator)
    row = Operator.objects.select_for_update().get(pk=operator.pk)
    before = snapshot(row, OPERATOR_FIELDS)
    values = _clean(actor, {**before, **changes}, exclude_pk=row.pk)
    for key, value in values.items():
        setattr(row, key, value)
    row.save()
    audit_record(actor=actor, action="facilities.operator.updated", obj=row, before=before,
                 after=snapshot(row, OPERATOR_FIELDS))
    return row


def _check_joinable(user: User, operator: Operator) -> None:
    if not user.is_active:
        raise ValidationError({"username": [messages.MEMBER_USER_INACTIVE]})
    if not user.groups.filter(name=Role.PROVIDER_OPERATOR.value).exists():
        raise ValidationError({"username": [messages.MEMBER_NOT_OPERATOR_ROLE]})
    if user.region_id:
        # A region would give the account the jurisdiction of a member of staff in every other
        # app: the people registry of that region among them.
        raise ValidationError({"username": [messages.MEMBER_HAS_REGION]})
    current = OperatorMember.objects.filter(user=user).select_related("operator").first()
    if current is not None:
        if current.operator_id == operator.pk:
            raise ValidationError({"username": [messages.MEMBER_ALREADY]})
        raise ValidationError({"username": [messages.MEMBER_OF_OTHER_OPERATOR.format(name=current.operator.name)]})


def _member_audit(actor: User, member: OperatorMember, action: str, *, removed: bool = False) -> None:
    values = {"operator": member.operator_id, "user": member.user.get_username(), "role": Role.PROVIDER_OPERATOR.value}
    audit_record(actor=actor, action=action, obj=member, region_code=member.operator.region_code,
                 object_repr=f"{member.operator.name} · {member.user.get_username()}",
                 before=values if removed else None, after=None if removed else values)


@transaction.atomic
def operator_account_create(*, actor: User, operator: Operator, username: str, password: str,
                            display_name: str = "") -> OperatorMember:
    """Open a sign-in for someone who works for ``operator``: role 服务机构操作员, no region (so
    no jurisdiction anywhere), and the operator's sites as all they see. The password must pass
    the site's password rules."""
    _writable(actor, operator)
    username = (username or "").strip()
    if not username:
        raise ValidationError({"username": [messages.MEMBER_USERNAME_REQUIRED]})
    try:
        User.username_validator(username)
    except ValidationError as exc:
        raise ValidationError({"username": [messages.MEMBER_USERNAME_INVALID]}) from exc
    if len(username) > 150:
        raise ValidationError({"username": [messages.MEMBER_USERNAME_INVALID]})
    if User.objects.filter(username=username).exists():
        raise ValidationError({"username": [messages.MEMBER_USERNAME_TAKEN.format(username=username)]})
    user = User(username=username, display_name=(display_name or "").strip()[:64], is_active=True)
    try:
        password_validation.validate_password(password, user)
    except ValidationError as exc:
        raise ValidationError({"password": [messages.MEMBER_PASSWORD_WEAK.format(reasons="；".join(exc.messages))]}) \
            from exc
    user.set_password(password)
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError as exc:
        raise ValidationError({"username": [messages.MEMBER_USERNAME_TAKEN.format(username=username)]}) from exc
    user.groups.set([role_ensure(Role.PROVIDER_OPERATOR)])
    member = OperatorMember.objects.create(operator=operator, user=user)
    _member_audit(actor, member, "facilities.operator_member.account_created")
    return member


@transaction.atomic
def operator_member_add(*, actor: User, operator: Operator, user: User | None) -> OperatorMember:
    """Let an existing provider-operator account act for ``operator`` (one operator per account)."""
    _writable(actor, operator)
    if user is None:
        raise ValidationError({"username": [messages.MEMBER_USER_UNKNOWN.format(username="")]})
    _check_joinable(user, operator)
    try:
        with transaction.atomic():
            member = OperatorMember.objects.create(operator=operator, user=user)
    except IntegrityError as exc:  # joined another operator concurrently
        raise ValidationError({"username": [messages.MEMBER_ALREADY]}) from exc
    forget_operator_ids(user)
    _member_audit(actor, member, "facilities.operator_member.added")
    return member


@transaction.atomic
def operator_member_remove(*, actor: User, member: OperatorMember) -> None:
    """Take an account off its operator: from then on it sees no facility at all."""
    _writable(actor, member.operator)
    _member_audit(actor, member, "facilities.operator_member.removed", removed=True)
    member.delete()
    forget_operator_ids(member.user)
