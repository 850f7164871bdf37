"""The commit stage: good rows written in batches of whole households, set-based, each batch one
transaction with its audit entries."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from minzheng.core.audit import diff, snapshot
from minzheng.core.models import AuditEntry, ImportJob, User
from minzheng.people.imports.checks import Row, row_outcome
from minzheng.people.imports.columns import CREATE, HEAD, KEEP, MEMBER, SELF, UPDATE
from minzheng.people.models import Household, Membership, Person
from minzheng.people.services import HOUSEHOLD_FIELDS, MEMBERSHIP_FIELDS, PERSON_FIELDS

BATCH_ROWS = 1000  # rows per commit transaction (whole households, so a little more at times)


def _units(rows: Iterable[Row]) -> Iterator[list[Row]]:
    """Good rows grouped so that a household never spans two batches."""
    groups: dict[str, list[Row]] = {}
    for row in rows:
        key = row.head_digest if row.role in (HEAD, MEMBER) and row.household_id is None else f"{row.number}"
        groups.setdefault(key, []).append(row)
    return iter(groups.values())


def _batches(rows: Iterable[Row], size: int | None = None) -> Iterator[list[Row]]:
    size = size or BATCH_ROWS
    batch: list[Row] = []
    for unit in _units(rows):
        batch.extend(unit)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


@dataclass
class CommitCounts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    households: int = 0
    memberships: int = 0

    def as_dict(self) -> dict[str, int]:
        return {"created": self.created, "updated": self.updated, "unchanged": self.unchanged,
                "households_created": self.households, "memberships_created": self.memberships}


def _entry(*, actor: User, action: str, obj: Any, region_code: str, before: dict[str, Any] | None,
           after: dict[str, Any] | None, object_repr: str) -> AuditEntry:
    # Same shape as core.audit.audit_record, unsaved, for bulk_create. Values are already masked:
    # snapshot() reads the *_masked fields.
    return AuditEntry(
        actor=actor, actor_name=actor.get_username(), action=action, object_type=obj._meta.label_lower,
        object_id=str(obj.pk), object_repr=object_repr[:200], region_code=region_code, before=before,
        after=after, diff=diff(before, after),
    )


def write_batch(rows: list[Row], *, actor: User, job_id: Any, counts: CommitCounts) -> None:
    """Write one batch of good rows, set-based, with its audit entries, in one transaction.

    Audit: ``people.person.created`` / ``updated`` per person (a new person's entry names the
    household and relationship they were imported into), ``people.household.created`` per new
    household, and ``member_added`` / ``member_updated`` for people already registered who
    join a household or change relationship. All bulk-created, like the rows they describe."""
    now = timezone.now()
    source = {"import_job": str(job_id)}
    audit: list[AuditEntry] = []
    with transaction.atomic():
        created = []
        for row in rows:
            if row.person_action == CREATE:
                # A good row has its birth date, and its person and household ids once written.
                person = Person(name=row.name, gender=row.gender, birth_date=row.birth_date,  # type: ignore[misc]
                                region_code=row.region_code, address_text=row.address)
                person.set_id_number(row.id_number)
                person.set_phone(row.phone)
                created.append((row, person))
        Person.objects.bulk_create([p for _, p in created])
        for row, person in created:
            row.person_id = person.pk

        updating = [r for r in rows if r.person_action == UPDATE]
        current = Person.objects.in_bulk([r.person_id for r in updating])
        changed = []
        for row in updating:
            person = current[row.person_id]
            before = snapshot(person, PERSON_FIELDS)
            person.name = row.name
            person.region_code = row.region_code or person.region_code
            person.address_text = row.address or person.address_text
            if row.phone:
                person.set_phone(row.phone)
            person.updated_at = now
            changed.append(person)
            audit.append(_entry(actor=actor, action="people.person.updated", obj=person, region_code=person.region_code,
                                before=before, after={**snapshot(person, PERSON_FIELDS), **source},
                                object_repr=person.name))
        Person.objects.bulk_update(changed, ["name", "region_code", "address_text", "phone_cipher", "phone_digest",
                                             "phone_masked", "updated_at"])

        new_households: dict[str, Household] = {}
        for row in rows:
            if row.role == HEAD and row.household_id is None:
                new_households[row.digest] = Household(region_code=row.region_code, head_id=row.person_id,
                                                       address_text=row.address)
        Household.objects.bulk_create(list(new_households.values()))
        names = {r.digest: r.name for r in rows if r.role == HEAD}
        for digest, household in new_households.items():
            audit.append(_entry(actor=actor, action="people.household.created", obj=household,
                                region_code=household.region_code, before=None,
                                after={**snapshot(household, HOUSEHOLD_FIELDS), "head_name": names[digest], **source},
                                object_repr=f"{names[digest]}户"))

        joining: dict[int, Membership] = {}
        regrouped = []
        for row in rows:
            if row.membership_action == CREATE:
                household_id, region = row.household_id, row.household_region
                if household_id is None:
                    household = new_households[row.head_digest]
                    household_id, region = household.pk, household.region_code
                joining[row.number] = Membership(household_id=household_id,  # type: ignore[misc]
                                                 person_id=row.person_id,
                                                 relationship=row.relationship or SELF, region_code=region)
            elif row.membership_action == UPDATE:
                regrouped.append((row, Membership(pk=row.membership_id,  # type: ignore[misc]
                                                  household_id=row.household_id,
                                                  person_id=row.person_id, relationship=row.relationship,
                                                  region_code=row.household_region)))
        Membership.objects.bulk_create(list(joining.values()))
        Membership.objects.bulk_update([m for _, m in regrouped], ["relationship"])

        for row, person in created:
            after = {**snapshot(person, PERSON_FIELDS), **source}
            membership = joining.get(row.number)
            if membership is not None:
                after.update(household=membership.household_id, relationship=membership.relationship)
            audit.append(_entry(actor=actor, action="people.person.created", obj=person, region_code=person.region_code,
                                before=None, after=after, object_repr=person.name))
        for row in rows:
            membership = joining.get(row.number)
            if membership is None or row.person_action == CREATE or membership.relationship == SELF:
                continue  # covered by person.created, or by household.created for a head
            audit.append(_entry(actor=actor, action="people.household.member_added",
                                obj=Household(pk=membership.household_id), region_code=membership.region_code,
                                before=None, after={"person": row.person_id, "name": row.name,
                                                    "relationship": membership.relationship, **source},
                                object_repr=f"{row.name}加入家庭户"))
        for row, membership in regrouped:
            audit.append(_entry(actor=actor, action="people.household.member_updated",
                                obj=Household(pk=membership.household_id), region_code=membership.region_code,
                                before=None, after={**snapshot(membership, MEMBERSHIP_FIELDS), **source},
                                object_repr=f"{row.name}的与户主关系"))

        AuditEntry.objects.bulk_create(audit, batch_size=500)
        ImportJob.objects.filter(pk=job_id).update(processed_rows=F("processed_rows") + len(rows))

    for row in rows:
        outcome = row_outcome(row)
        if outcome == CREATE:
            counts.created += 1
        elif outcome == UPDATE:
            counts.updated += 1
        else:
            counts.unchanged += 1
    counts.households += len(new_households)
    counts.memberships += len(joining)


def commit_rows(rows: list[Row], *, actor: User, job_id: Any, counts: CommitCounts | None = None,
                on_batch: Callable[[int], None] | None = None) -> CommitCounts:
    """Write the good rows batch by batch. Rows that change nothing are only counted."""
    counts = counts or CommitCounts()
    pending = []
    for row in rows:
        if row.bad:
            continue
        if row_outcome(row) == KEEP:
            counts.unchanged += 1
        else:
            pending.append(row)
    unchanged = counts.unchanged
    ImportJob.objects.filter(pk=job_id).update(processed_rows=unchanged)
    for number, batch in enumerate(_batches(pending), start=1):
        try:
            write_batch(batch, actor=actor, job_id=job_id, counts=counts)
        except Exception as exc:
            raise BatchFailed(number, exc, counts) from exc
        if on_batch:
            on_batch(number)
    return counts


class BatchFailed(Exception):
    def __init__(self, number: int, cause: Exception, counts: CommitCounts) -> None:
        super().__init__(f"batch {number}: {cause!r}")
        self.number, self.cause, self.counts = number, cause, counts

