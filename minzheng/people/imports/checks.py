"""The validate stage: every row checked, then the rows against one another and the registry,
with bulk look-ups only. Nothing here writes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from minzheng.core import messages as core_messages
from minzheng.core import pii
from minzheng.core.models import Region
from minzheng.core.regions import CODE_RE, Level
from minzheng.core.scope import Scope
from minzheng.core.tabular import Table, read_table
from minzheng.people.imports.columns import (
    ALREADY_IN_HOUSEHOLD,
    COLUMNS,
    CREATE,
    DUPLICATE_ID,
    HEAD,
    HEAD_HAS_NO_HOUSEHOLD,
    HEAD_ID_REQUIRED,
    HEAD_MUST_BE_SELF,
    HEAD_NOT_FOUND,
    HEAD_OUT_OF_SCOPE,
    HEAD_ROW_BAD,
    HEAD_ROW_NOT_HEAD,
    ID_STORED_AS_NUMBER,
    KEEP,
    MASKED_COLUMNS,
    MEMBER,
    PERSON_DECEASED,
    PERSON_OUT_OF_SCOPE,
    RELATIONSHIP_INVALID,
    RELATIONSHIP_REQUIRED,
    RELATIONSHIPS,
    SECOND_SELF,
    SELF,
    SINGLE,
    UPDATE,
    max_rows,
)
from minzheng.people.models import Person
from minzheng.people.validation import FieldError, clean_address, clean_id_number, clean_name, clean_phone

LOOKUP_CHUNK = 1000  # digests per registry query
PROGRESS_EVERY = 2000  # rows between progress updates


@dataclass(slots=True)
class Row:
    """One data row: its clean values, and after validation, what committing it would do."""

    number: int
    id_number: str = ""
    digest: str = ""
    name: str = ""
    phone: str = ""
    region_code: str = ""
    address: str = ""
    head_digest: str = ""
    relationship: str = ""
    role: str = SINGLE
    gender: str = ""
    birth_date: dt.date | None = None
    bad: bool = False
    person_id: int | None = None
    person_action: str = ""
    household_id: int | None = None
    household_region: str = ""
    membership_id: int | None = None
    membership_action: str = ""


@dataclass(slots=True)
class _Registered:
    """A registered person, as much of them as the checks need."""

    id: int
    name: str
    phone_digest: str
    region_code: str
    address: str
    status: str
    membership_id: int | None
    household_id: int | None
    relationship: str | None
    household_region: str | None
    household_head_name: str | None


@dataclass
class Validation:
    rows: list[Row]
    errors: list[list[Any]]
    table: Table
    planned: dict[str, int] = field(default_factory=dict)
    # Ids of registered people outside the importer's scope whose ID numbers the file named:
    # the answer does not say so, but each look-up goes to the access log.
    elsewhere: list[int] = field(default_factory=list)

    @property
    def bad_count(self) -> int:
        return sum(1 for r in self.rows if r.bad)


class _Checker:
    """Validates a table for one scope. Nothing here writes."""

    def __init__(self, table: Table, *, scope: Scope, progress: Callable[[int], None] | None = None) -> None:
        self.table = table
        self.scope = scope
        self.progress = progress or (lambda n: None)
        self.errors: list[list[Any]] = []
        self.elsewhere: list[int] = []
        self._digests: dict[str, str] = {}
        # During a key rotation: a number's digests under the previous keys, by its current one,
        # so the registry is searched for people indexed under either (empty otherwise).
        self._older: dict[str, list[str]] = {}
        self._heads: dict[str, tuple[str, str]] = {}

    def fail(self, row: Row, key: str, raw: str, reason: str) -> None:
        row.bad = True
        shown = MASKED_COLUMNS[key](raw) if key in MASKED_COLUMNS and raw else raw
        self.errors.append([row.number, self.table.header(key), shown, reason])

    def head_number(self, raw: str) -> tuple[str, str]:
        """The 户主身份证号 column, checked once per distinct value (it recurs on every member's
        row): ``(number, "")`` or ``("", reason)``."""
        found = self._heads.get(raw)
        if found is None:
            try:
                found = (clean_id_number(raw).value, "")
            except FieldError as exc:
                found = ("", exc.message)
            self._heads[raw] = found
        return found

    def digest(self, number: str) -> str:
        found = self._digests.get(number)
        if found is None:
            found = self._digests[number] = self._current_digest(number)
        return found

    def _current_digest(self, number: str) -> str:
        current, *older = pii.digests("id_number", number)
        if older:
            self._older[current] = older
        return current

    def run(self) -> Validation:
        rows = []
        # Consume the raw rows as they are checked, so the file's text and the checked rows are
        # not both held whole: reverse once, then pop from the end, in file order.
        raw_rows, self.table.rows = self.table.rows, []
        raw_rows.reverse()
        index = 0
        while raw_rows:
            number, values = raw_rows.pop()
            rows.append(self.check_row(number, values))
            index += 1
            if index % PROGRESS_EVERY == 0:
                self.progress(index)
        by_digest = self.check_duplicates(rows)
        self.check_regions(rows)
        registry = self.look_up(rows, by_digest)
        self.check_people(rows, registry)
        self.check_heads(rows, registry)
        self.check_members(rows, by_digest, registry)
        self.progress(len(rows))
        column_order = {c.key: i for i, c in enumerate(COLUMNS)}
        header_order = {self.table.header(k): i for k, i in column_order.items()}
        self.errors.sort(key=lambda e: (e[0], header_order.get(e[1], 99)))
        return Validation(rows=rows, errors=self.errors, table=self.table, planned=_plan_counts(rows),
                          elsewhere=self.elsewhere)

    # One row at a time: the fields themselves.
    def check_row(self, number: int, values: tuple[str, ...]) -> Row:
        raw_id, raw_name, raw_phone, raw_region, raw_address, raw_head, raw_rel = values
        row = Row(number=number)
        try:
            parsed = clean_id_number(raw_id)
            row.id_number, row.gender, row.birth_date = parsed.value, parsed.gender, parsed.birth_date
            row.digest = self._current_digest(parsed.value)
        except FieldError as exc:
            self.fail(row, "id_number", raw_id, ID_STORED_AS_NUMBER if "E+" in raw_id.upper() else exc.message)
        for key, raw, clean in (("name", raw_name, clean_name), ("phone", raw_phone, clean_phone),
                                ("address", raw_address, clean_address)):
            try:
                setattr(row, key, clean(raw))
            except FieldError as exc:
                self.fail(row, key, raw, exc.message)
        if not raw_region:
            self.fail(row, "region_code", raw_region, core_messages.REGION_REQUIRED)
        elif not CODE_RE.match(raw_region):
            self.fail(row, "region_code", raw_region, core_messages.REGION_NOT_VILLAGE)
        else:
            row.region_code = raw_region
        self.check_household_columns(row, raw_id, raw_head, raw_rel)
        return row

    def check_household_columns(self, row: Row, raw_id: str, raw_head: str, raw_rel: str) -> None:
        head_number = rel = ""
        ok = True
        if raw_head and raw_head == raw_id and row.id_number:
            head_number = row.id_number
        elif raw_head:
            head_number, reason = self.head_number(raw_head)
            if reason:
                self.fail(row, "head_id_number", raw_head, ID_STORED_AS_NUMBER if "E+" in raw_head.upper() else reason)
                ok = False
        if raw_rel:
            rel = RELATIONSHIPS.get(raw_rel, "")
            if not rel:
                self.fail(row, "relationship", raw_rel, RELATIONSHIP_INVALID)
                ok = False
        if not raw_head:
            if not raw_rel:
                row.role = SINGLE
            elif rel == SELF:
                row.role, row.head_digest = HEAD, row.digest
            elif ok:
                self.fail(row, "head_id_number", "", HEAD_ID_REQUIRED)
            return
        if not ok:
            # Still say whether it meant to be a head, so its members are told about this row.
            if rel == SELF or (head_number and head_number == row.id_number):
                row.role, row.head_digest = HEAD, row.digest
            else:
                row.role = MEMBER
            return
        is_head = head_number == row.id_number if row.id_number else rel == SELF
        if is_head:
            row.role, row.head_digest = HEAD, row.digest
            if rel and rel != SELF:
                self.fail(row, "relationship", raw_rel, HEAD_MUST_BE_SELF)
            row.relationship = SELF
            return
        row.role, row.head_digest, row.relationship = MEMBER, self.digest(head_number), rel
        if not rel:
            self.fail(row, "relationship", raw_rel, RELATIONSHIP_REQUIRED)
        elif rel == SELF:
            self.fail(row, "relationship", raw_rel, SECOND_SELF)

    # The rows against one another and the registry.
    def check_duplicates(self, rows: list[Row]) -> dict[str, Row]:
        first: dict[str, Row] = {}
        for row in rows:
            if not row.digest:
                continue
            seen = first.get(row.digest)
            if seen is None:
                first[row.digest] = row
            else:
                self.fail(row, "id_number", row.id_number, DUPLICATE_ID.format(row=seen.number))
        return first

    def check_regions(self, rows: list[Row]) -> None:
        codes = {r.region_code for r in rows if r.region_code}
        levels: dict[str, str] = {}
        code_list = sorted(codes)
        for start in range(0, len(code_list), LOOKUP_CHUNK):
            chunk = code_list[start : start + LOOKUP_CHUNK]
            levels.update(Region.objects.filter(code__in=chunk).values_list("code", "level"))
        for row in rows:
            code = row.region_code
            if not code:
                continue
            level = levels.get(code)
            if level is None:
                self.fail(row, "region_code", code, core_messages.REGION_UNKNOWN.format(code=code))
            elif level != Level.VILLAGE:
                self.fail(row, "region_code", code, core_messages.REGION_NOT_VILLAGE)
            elif not self.scope.contains(code):
                self.fail(row, "region_code", code, core_messages.REGION_OUT_OF_SCOPE)
            else:
                continue
            row.region_code = ""

    def look_up(self, rows: list[Row], by_digest: dict[str, Row]) -> dict[str, _Registered]:
        wanted = set(by_digest) | {r.head_digest for r in rows if r.role == MEMBER and r.head_digest}
        found: dict[str, _Registered] = {}
        ordered = sorted(wanted)
        fields = ("id_number_digest", "id", "name", "phone_digest", "region_code", "address_text", "status",
                  "membership__id", "membership__household_id", "membership__relationship",
                  "membership__household__region_code", "membership__household__head__name")
        current_of = {old: digest for digest in ordered for old in self._older.get(digest, ())}
        for start in range(0, len(ordered), LOOKUP_CHUNK):
            chunk = ordered[start : start + LOOKUP_CHUNK]
            chunk += [old for digest in chunk for old in self._older.get(digest, ())]
            for values in Person.objects.filter(id_number_digest__in=chunk).values_list(*fields):
                found[current_of.get(values[0], values[0])] = _Registered(*values[1:])
        return found

    def check_people(self, rows: list[Row], registry: dict[str, _Registered]) -> None:
        for row in rows:
            known = registry.get(row.digest) if row.digest else None
            if known is None:
                row.person_action = CREATE
                continue
            row.person_id = known.id
            if not self.scope.contains(known.region_code):
                self.fail(row, "id_number", row.id_number, PERSON_OUT_OF_SCOPE)
                self.elsewhere.append(known.id)
                continue
            changed = (
                row.name != known.name
                or (row.region_code and row.region_code != known.region_code)
                or (row.address and row.address != known.address)
                or (row.phone and known.phone_digest not in pii.digests("phone", row.phone))
            )
            row.person_action = UPDATE if changed else KEEP

    def check_heads(self, rows: list[Row], registry: dict[str, _Registered]) -> None:
        for row in rows:
            if row.role != HEAD or row.bad:
                continue
            known = registry.get(row.digest)
            if known is None or known.membership_id is None:
                if known is not None and known.status == Person.Status.DECEASED:
                    self.fail(row, "id_number", row.id_number, PERSON_DECEASED)
                    continue
                row.household_region, row.membership_action = row.region_code, CREATE
            elif known.relationship == SELF:
                row.household_id, row.household_region = known.household_id, known.household_region or ""
                row.membership_id, row.membership_action = known.membership_id, KEEP
            else:
                self.fail(row, "id_number", row.id_number, self._elsewhere(known))

    def check_members(self, rows: list[Row], by_digest: dict[str, Row], registry: dict[str, _Registered]) -> None:
        for row in rows:
            if row.role != MEMBER or not row.head_digest:
                continue
            head_row = by_digest.get(row.head_digest)
            if head_row is not None:
                if head_row.role != HEAD:
                    self.fail(row, "head_id_number", head_row.id_number, HEAD_ROW_NOT_HEAD.format(row=head_row.number))
                    continue
                if head_row.bad:
                    self.fail(row, "head_id_number", head_row.id_number, HEAD_ROW_BAD.format(row=head_row.number))
                    continue
                household_id, household_region = head_row.household_id, head_row.household_region
            else:
                head = registry.get(row.head_digest)
                if head is None:
                    self.fail(row, "head_id_number", "", HEAD_NOT_FOUND)
                    continue
                if head.relationship != SELF:
                    self.fail(row, "head_id_number", "", HEAD_HAS_NO_HOUSEHOLD)
                    continue
                if not self.scope.contains(head.household_region):
                    self.fail(row, "head_id_number", "", HEAD_OUT_OF_SCOPE)
                    continue
                household_id, household_region = head.household_id, head.household_region or ""
            if row.bad:
                continue
            row.household_id, row.household_region = household_id, household_region
            known = registry.get(row.digest)
            if known is None or known.membership_id is None:
                if known is not None and known.status == Person.Status.DECEASED:
                    self.fail(row, "id_number", row.id_number, PERSON_DECEASED)
                    continue
                row.membership_action = CREATE
            elif household_id is not None and known.household_id == household_id:
                row.membership_id = known.membership_id
                row.membership_action = KEEP if known.relationship == row.relationship else UPDATE
            else:
                self.fail(row, "id_number", row.id_number, self._elsewhere(known))

    def _elsewhere(self, known: _Registered) -> str:
        head = known.household_head_name if self.scope.contains(known.household_region) else "不在您的管辖范围内"
        return ALREADY_IN_HOUSEHOLD.format(head=head or "无")


def row_outcome(row: Row) -> str:
    if row.person_action == CREATE:
        return CREATE
    if row.person_action == UPDATE or row.membership_action in (CREATE, UPDATE):
        return UPDATE
    return KEEP


def _plan_counts(rows: list[Row]) -> dict[str, int]:
    counts = {CREATE: 0, UPDATE: 0, KEEP: 0, "households": 0, "memberships": 0}
    for row in rows:
        if row.bad:
            continue
        counts[row_outcome(row)] += 1
        if row.role == HEAD and row.household_id is None:
            counts["households"] += 1
        if row.membership_action == CREATE:
            counts["memberships"] += 1
    return counts


def validate_table(table: Table, *, scope: Scope, progress: Callable[[int], None] | None = None) -> Validation:
    """Check every row of ``table`` for an importer with ``scope``. Writes nothing."""
    return _Checker(table, scope=scope, progress=progress).run()


def read_people_table(data: bytes) -> Table:
    return read_table(data, columns=COLUMNS, max_rows=max_rows())

