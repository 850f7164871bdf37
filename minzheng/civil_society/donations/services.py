"""Writes on campaigns, the donation ledger and disbursements. Each runs in one transaction, checks
its input (a Chinese ``ValidationError`` keyed by the field at fault), writes, records one audit
entry (``civil_society.campaign.filed``, ``civil_society.donation.recorded`` / ``.voided``,
``civil_society.disbursement.recorded``) and returns what it wrote; a refusal writes nothing.
Each needs ``civil_society.manage_charity`` and an organization in the actor's scope (else 404).

- ``campaign_file``: a fundraising plan of a charity. Public and city campaigns (慈善一日捐) need
  the public fundraising qualification on the filing day; the plan is filed at least 7 days
  before the start, or, in an emergency, within 10 days after it (counted as docs/DOMAIN.md
  counts periods).
- ``donation_record``: one line of the ledger; unless the donor declines a receipt, it takes the
  next receipt number of the organization's series for the year (``receipt_next``).
- ``donation_void``: voids a receipt; the number keeps its place in the series and is never reused.
- ``disbursement_record``: charity money put into an assistance project (``project_ref``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from minzheng.civil_society.charity import selectors as charity_selectors
from minzheng.civil_society.charity.periods import period_end
from minzheng.civil_society.charity.services import (
    clean_amount,
    clean_date,
    organization_in_scope,
    require_manage,
)
from minzheng.civil_society.donations import messages, selectors
from minzheng.civil_society.donations.models import (
    Campaign,
    CampaignKind,
    Channel,
    Disbursement,
    Donation,
    DonorKind,
    Livelihood,
    PropertyKind,
    ReceiptCounter,
)
from minzheng.civil_society.registry.models import Organization
from minzheng.core.audit import audit_record, snapshot
from minzheng.core.models import User
from minzheng.people.selectors import person_by_full_id_number

PLAN_DAYS_BEFORE, EMERGENCY_DAYS_AFTER = 7, 10
CAMPAIGN_FIELDS = [
    "organization",
    "name",
    "kind",
    "channel",
    "emergency",
    "filed_on",
    "starts_on",
    "ends_on",
    "target",
    "purpose",
]
DONATION_FIELDS = [
    "organization",
    "campaign",
    "donor_kind",
    "donor_person",
    "donor_organization",
    "donor_name",
    "property_kind",
    "description",
    "amount",
    "received_on",
    "handler",
    "receipt_declined",
    "receipt_number",
    "voided_on",
    "void_reason",
]
DISBURSEMENT_FIELDS = ["organization", "campaign", "amount", "paid_on", "purpose", "project_ref", "note"]


def _raise(errors: dict[str, list[str]]) -> None:
    if errors:
        raise ValidationError(errors)


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def receipt_number(*, organization_id: int, year: int, serial: int) -> str:
    """The printed number: year, organization, serial (``2024-00012-000345``)."""
    return f"{year}-{organization_id:05d}-{serial:06d}"


def receipt_next(*, organization: Organization, year: int) -> int:
    """The next serial of the organization's receipts of ``year``. The counter row is locked
    (``SELECT … FOR UPDATE``) until the caller's transaction ends, so concurrent donations take
    1, 2, 3 … with no gap and no repeat; a transaction that rolls back gives its number back with
    it. Must run inside a transaction. On SQLite, which has no row locks, the first write takes
    the database's one write lock and holds it to commit, so the writers run one after another."""
    ReceiptCounter.objects.get_or_create(organization=organization, year=year)
    counter = ReceiptCounter.objects.select_for_update().get(organization=organization, year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last


# ---- campaigns ------------------------------------------------------------------------------------


@transaction.atomic
def campaign_file(
    *,
    actor: User,
    organization: Organization | int,
    name: str,
    kind: str,
    channel: str,
    filed_on: Any,
    starts_on: Any,
    ends_on: Any,
    target: Any,
    purpose: str,
    emergency: bool = False,
) -> Campaign:
    require_manage(actor)
    org = organization_in_scope(actor=actor, organization=organization)
    errors: dict[str, list[str]] = {}
    name, purpose = _text(name), _text(purpose)
    if not name or len(name) > 100:
        errors["name"] = [messages.CAMPAIGN_NAME_REQUIRED]
    if kind not in CampaignKind.values:
        errors["kind"] = [messages.CAMPAIGN_KIND_INVALID]
    if channel not in Channel.values:
        errors["channel"] = [messages.CAMPAIGN_CHANNEL_INVALID]
    if not purpose or len(purpose) > 200:
        errors["purpose"] = [messages.CAMPAIGN_PURPOSE_REQUIRED]
    filed = clean_date(filed_on, key="filed_on", label="方案备案日期", errors=errors)
    start = clean_date(starts_on, key="starts_on", label="开始日期", errors=errors, future_ok=True)
    end = clean_date(ends_on, key="ends_on", label="结束日期", errors=errors, future_ok=True)
    amount = clean_amount(target, key="target", label="募捐目标", errors=errors, positive=True)
    if start and end and end < start:
        errors["ends_on"] = [messages.CAMPAIGN_ENDS_BEFORE]
    if filed:
        if not charity_selectors.is_charity(org, on=filed):
            errors["organization"] = [messages.NOT_CHARITY_ON.format(date=filed.isoformat())]
        elif kind in (CampaignKind.PUBLIC, CampaignKind.CITY) and not charity_selectors.holds_qualification(
            org, on=filed
        ):
            errors["organization"] = [messages.CAMPAIGN_NEEDS_QUALIFICATION]
    if filed and start:
        if emergency:
            latest = period_end(start, EMERGENCY_DAYS_AFTER)
            if filed > latest:
                errors["filed_on"] = [messages.CAMPAIGN_EMERGENCY_LATE.format(date=latest.isoformat())]
        elif filed > start - dt.timedelta(days=PLAN_DAYS_BEFORE):
            latest = start - dt.timedelta(days=PLAN_DAYS_BEFORE)
            errors["filed_on"] = [messages.CAMPAIGN_FILED_LATE.format(date=latest.isoformat())]
    if (
        not errors
        and start
        and Campaign.objects.filter(organization=org, name=name, starts_on=start).exists()
    ):
        errors["name"] = [messages.CAMPAIGN_EXISTS]
    _raise(errors)
    assert filed is not None and start is not None and end is not None
    campaign = Campaign.objects.create(
        organization=org,
        region_code=org.region_code,
        name=name,
        kind=kind,
        channel=channel,
        emergency=bool(emergency),
        filed_on=filed,
        starts_on=start,
        ends_on=end,
        target=amount,
        purpose=purpose,
        created_by=actor,
    )
    audit_record(
        actor=actor,
        action="civil_society.campaign.filed",
        obj=campaign,
        after=snapshot(campaign, CAMPAIGN_FIELDS),
    )
    return campaign


# ---- the donation ledger ---------------------------------------------------------------------


def _donor(
    *,
    actor: User,
    org: Organization,
    kind: str,
    id_number: str,
    donor_organization: Any,
    name: str,
    errors: dict[str, list[str]],
) -> dict[str, Any]:
    if kind == DonorKind.PERSON:
        person = person_by_full_id_number(id_number=_text(id_number))
        if person is None:
            errors["donor_id_number"] = [messages.DONOR_ID_UNKNOWN]
            return {}
        return {"donor_person": person, "donor_name": person.name}
    if kind == DonorKind.ORGANIZATION:
        pk = donor_organization.pk if isinstance(donor_organization, Organization) else donor_organization
        donor = Organization.objects.filter(pk=pk).first() if pk not in (None, "") else None
        if donor is None:
            errors["donor_organization"] = [messages.DONOR_ORG_REQUIRED]
            return {}
        if donor.pk == org.pk:
            errors["donor_organization"] = [messages.DONOR_ORG_SELF]
        return {"donor_organization": donor, "donor_name": donor.name}
    if kind == DonorKind.UNIT:
        name = _text(name)
        if not name or len(name) > 100:
            errors["donor_name"] = [messages.DONOR_NAME_REQUIRED]
        return {"donor_name": name}
    if kind == DonorKind.ANONYMOUS:
        return {"donor_name": ""}
    errors["donor_kind"] = [messages.DONOR_KIND_INVALID]
    return {}


@transaction.atomic
def donation_record(
    *,
    actor: User,
    organization: Organization | int,
    donor_kind: str,
    amount: Any,
    received_on: Any,
    handler: str,
    property_kind: str = PropertyKind.MONEY,
    description: str = "",
    donor_id_number: str = "",
    donor_organization: Any = None,
    donor_name: str = "",
    campaign: Campaign | int | None = None,
    receipt_declined: bool = False,
) -> Donation:
    """One donation, with the receipt fields of art. 38 and, unless declined, its receipt number.
    An anonymous donor gets a receipt made out to 匿名 if one is asked for."""
    require_manage(actor)
    org = organization_in_scope(actor=actor, organization=organization)
    errors: dict[str, list[str]] = {}
    donor = _donor(
        actor=actor,
        org=org,
        kind=donor_kind,
        id_number=donor_id_number,
        donor_organization=donor_organization,
        name=donor_name,
        errors=errors,
    )
    if property_kind not in PropertyKind.values:
        errors["property_kind"] = [messages.PROPERTY_KIND_INVALID]
    description = _text(description)
    if (property_kind != PropertyKind.MONEY and not description) or len(description) > 200:
        errors["description"] = [messages.DESCRIPTION_REQUIRED]
    value = clean_amount(amount, key="amount", label="金额或折价", errors=errors, positive=True)
    day = clean_date(received_on, key="received_on", label="捐赠日期", errors=errors)
    handler = _text(handler)
    if not handler or len(handler) > 50:
        errors["handler"] = [messages.HANDLER_REQUIRED]
    camp = None
    if campaign not in (None, ""):
        camp = selectors.campaign_get(
            user=actor, pk=campaign.pk if isinstance(campaign, Campaign) else campaign
        )
        if camp.organization_id != org.pk:
            errors["campaign"] = [messages.CAMPAIGN_OTHER_ORG]
        elif day and not camp.starts_on <= day <= camp.ends_on:
            errors["received_on"] = [messages.CAMPAIGN_OUTSIDE.format(start=camp.starts_on, end=camp.ends_on)]
    if day and "organization" not in errors and not charity_selectors.is_charity(org, on=day):
        errors["organization"] = [messages.NOT_CHARITY_ON.format(date=day.isoformat())]
    _raise(errors)
    assert day is not None
    receipt: dict[str, Any] = {}
    if not receipt_declined:
        serial = receipt_next(organization=org, year=day.year)
        receipt = {
            "receipt_year": day.year,
            "receipt_serial": serial,
            "receipt_number": receipt_number(organization_id=org.pk, year=day.year, serial=serial),
        }
    donation = Donation.objects.create(
        organization=org,
        region_code=org.region_code,
        campaign=camp,
        donor_kind=donor_kind,
        property_kind=property_kind,
        description=description,
        amount=value,
        received_on=day,
        handler=handler,
        receipt_declined=bool(receipt_declined),
        created_by=actor,
        **donor,
        **receipt,
    )
    audit_record(
        actor=actor,
        action="civil_society.donation.recorded",
        obj=donation,
        after=snapshot(donation, DONATION_FIELDS),
    )
    return donation


@transaction.atomic
def donation_void(*, actor: User, donation: Donation | int, voided_on: Any, reason: str) -> Donation:
    """作废: the receipt keeps its number with a void mark; the donation leaves the totals."""
    require_manage(actor)
    pk = donation.pk if isinstance(donation, Donation) else donation
    row = selectors.donation_get(user=actor, pk=pk)
    row = Donation.objects.select_for_update().get(pk=row.pk)
    before = snapshot(row, DONATION_FIELDS)
    errors: dict[str, list[str]] = {}
    if not row.receipt_number:
        errors["receipt"] = [messages.RECEIPT_NONE]
    elif row.voided_on is not None:
        errors["receipt"] = [messages.RECEIPT_VOIDED.format(number=row.receipt_number, date=row.voided_on)]
    day = clean_date(voided_on, key="voided_on", label="作废日期", errors=errors)
    reason = _text(reason)
    if not reason:
        errors["void_reason"] = [messages.VOID_REASON_REQUIRED]
    _raise(errors)
    row.voided_on, row.void_reason = day, reason[:200]
    row.save(update_fields=["voided_on", "void_reason"])
    audit_record(
        actor=actor,
        action="civil_society.donation.voided",
        obj=row,
        before=before,
        after=snapshot(row, DONATION_FIELDS),
    )
    return row


# ---- disbursements -----------------------------------------------------------------------------


@transaction.atomic
def disbursement_record(
    *,
    actor: User,
    organization: Organization | int,
    amount: Any,
    paid_on: Any,
    purpose: str,
    project_ref: str,
    note: str = "",
    campaign: Campaign | int | None = None,
) -> Disbursement:
    require_manage(actor)
    org = organization_in_scope(actor=actor, organization=organization)
    errors: dict[str, list[str]] = {}
    value = clean_amount(amount, key="amount", label="金额", errors=errors, positive=True)
    day = clean_date(paid_on, key="paid_on", label="拨付日期", errors=errors)
    if purpose not in Livelihood.values:
        errors["purpose"] = [messages.PURPOSE_INVALID]
    project_ref, note = _text(project_ref), _text(note)
    if not project_ref or len(project_ref) > 100:
        errors["project_ref"] = [messages.PROJECT_REF_REQUIRED]
    if len(note) > 200:
        errors["note"] = [messages.NOTE_TOO_LONG]
    camp = None
    if campaign not in (None, ""):
        camp = selectors.campaign_get(
            user=actor, pk=campaign.pk if isinstance(campaign, Campaign) else campaign
        )
        if camp.organization_id != org.pk:
            errors["campaign"] = [messages.CAMPAIGN_OTHER_ORG]
    if day and not charity_selectors.is_charity(org, on=day):
        errors["organization"] = [messages.NOT_CHARITY_ON.format(date=day.isoformat())]
    _raise(errors)
    assert day is not None
    row = Disbursement.objects.create(
        organization=org,
        region_code=org.region_code,
        campaign=camp,
        amount=value,
        paid_on=day,
        purpose=purpose,
        project_ref=project_ref,
        note=note,
        created_by=actor,
    )
    audit_record(
        actor=actor,
        action="civil_society.disbursement.recorded",
        obj=row,
        after=snapshot(row, DISBURSEMENT_FIELDS),
    )
    return row
