"""One township's rows, sealed and formatted for the database: the work a worker process does.

The parent process hands each township a block of ids for persons, households and memberships,
so a household can name its head and a membership its person without asking the database, and
the township's dwellings, so each household is housed and linked as it is made (``homes.py``).
Sealing (AES-GCM encryption plus the HMAC blind index, two of each per person) is the costly
part, which is why it happens here, in parallel, and not in the process that writes.

For PostgreSQL the rows leave as ``COPY … FROM STDIN`` text (tab-separated, ``\\N`` for NULL),
so the writer only forwards bytes; for SQLite they leave as tuples for ``executemany``. None of
the generated values can contain a tab, a newline or a backslash (names, addresses and codes
come from our own pools; ciphertexts are base64), so no escaping is needed.
"""

from __future__ import annotations

import binascii
import datetime as dt
import hmac
import os
from dataclasses import dataclass
from typing import Any

from django.conf import settings

from minzheng.core import crypto
from minzheng.core.masking import mask_id_number, mask_phone
from minzheng.demo.homes import HomeCounts, Homes, VillageHomes
from minzheng.demo.people import RELATIONSHIP, TownshipPeople, TownshipPlan

# The columns a worker fills, in order. The writer appends the constant ones (timestamps, and
# the default of any column a later migration adds) to every row.
PERSON_COLUMNS = (
    "id", "id_number_cipher", "id_number_digest", "id_number_masked", "name", "gender", "birth_date",
    "phone_cipher", "phone_digest", "phone_masked", "region_code", "address_text", "status", "death_date",
)
HOUSEHOLD_COLUMNS = ("id", "region_code", "head_id", "address_text")
MEMBERSHIP_COLUMNS = ("id", "household_id", "person_id", "relationship", "region_code")
# Link rows take their ids from the database: how many there are depends on the planted ones.
HOUSEHOLD_ADDRESS_COLUMNS = ("household_id", "address_id", "region_code")
PERSON_ADDRESS_COLUMNS = ("person_id", "address_id", "region_code")


@dataclass(frozen=True)
class TownshipTask:
    plan: TownshipPlan
    seed: int
    scale: float
    slices: dict[str, tuple[int, int]]
    as_of: dt.date
    person_base: int
    household_base: int
    membership_base: int
    copy_text: bool  # True: COPY text per table; False: lists of tuples
    # Constant tail of every row, per table: a COPY text fragment ("\t…") or a tuple.
    tails: dict[str, Any]
    # The township's dwellings by village, read by the parent just before the task is handed out.
    homes: dict[str, VillageHomes] | None = None


@dataclass
class TownshipRows:
    code: str
    persons: Any  # bytes or list of tuples
    households: Any
    memberships: Any
    household_links: Any
    person_links: Any  # on SQLite only the deceased's: the members' are one INSERT … SELECT
    memberships_range: tuple[int, int]  # the township's membership ids, first and past the last
    n_persons: int
    n_households: int
    n_memberships: int
    homes: HomeCounts


class BatchSealer:
    """``pii.seal`` for many values at twice the speed, with byte-for-byte the same formats:
    ``crypto.encrypt``'s ``v2:<key id>:`` + base64(nonce + AES-GCM ciphertext) with the purpose as
    associated data, and ``crypto.blind_index``'s HMAC-SHA256 over purpose + NUL + value.

    The savings: the keys are looked up once, the HMAC is OpenSSL's one-shot ``hmac.digest``,
    and nonces are sliced from one ``os.urandom`` read instead of a system call per value (the
    same CSPRNG, so they are as unpredictable and as unlikely to repeat).
    tests/demo/test_batch.py proves every output opens with ``pii.unseal`` and matches
    ``pii.digest``, so a change of format in core fails there, not in production.
    """

    NONCES_PER_READ = 4096

    def __init__(self) -> None:
        keys = crypto.derive_keys(settings.FIELD_KEY)
        self.encrypt = keys.aead.encrypt
        self.index_key = keys.index_key
        self.nonces = b""
        self.used = 0
        self.prefix = f"{crypto.VERSION}:{keys.key_id}:"

    def _nonce(self) -> bytes:
        if self.used >= len(self.nonces):
            self.nonces, self.used = os.urandom(12 * self.NONCES_PER_READ), 0
        self.used += 12
        return self.nonces[self.used - 12 : self.used]

    def seal(self, field: str, value: str) -> tuple[str, str, str]:
        """(cipher, digest, masked), as ``pii.seal`` would give them."""
        if not value:
            return "", "", ""
        data, purpose = value.encode("utf-8"), field.encode("ascii")
        nonce = self._nonce()
        sealed = binascii.b2a_base64(nonce + self.encrypt(nonce, data, purpose), newline=False)
        digest = hmac.digest(self.index_key, purpose + b"\x00" + data, "sha256").hex()
        masked = mask_phone(value) if field == "phone" else mask_id_number(value)
        return self.prefix + sealed.decode("ascii"), digest, masked


def check_region_codes(plan: TownshipPlan) -> None:
    """Every row's region code is one of the plan's village codes: checked here once per
    village, so the SQLite load can skip the per-row CHECK (see ``SqliteWriter.begin``)."""
    for village in plan.villages:
        if not (len(village.code) == 12 and village.code.isascii() and village.code.isdigit()):
            raise RuntimeError(f"village code {village.code!r} is not 12 digits")


def build_township(task: TownshipTask) -> TownshipRows:
    """Generate, house, seal and format one township. Runs in a worker process (or inline)."""
    plan = task.plan
    check_region_codes(plan)
    if task.homes is None:
        raise RuntimeError(f"township {plan.township.code}: no dwellings were read for it")
    people = TownshipPeople(seed=task.seed, scale=task.scale, plan=plan, slices=task.slices, as_of=task.as_of)
    homes = Homes(seed=task.seed, scale=task.scale, plan=plan, homes=task.homes)
    seal = BatchSealer().seal
    copy_text = task.copy_text
    p_tail, h_tail, m_tail = task.tails["person"], task.tails["household"], task.tails["membership"]
    hl_tail, pl_tail = task.tails["household_address"], task.tails["person_address"]
    persons: list[Any] = []
    households: list[Any] = []
    memberships: list[Any] = []
    household_links: list[Any] = []
    person_links: list[Any] = []
    persons_linked = 0
    pid, hid, mid = task.person_base, task.household_base, task.membership_base
    full_names = {v.code: plan.township.full_name + v.name for v in plan.villages}

    def person_row(p, region: str, address: str, address_id: int | None,  # type: ignore[no-untyped-def]
                   member: bool) -> Any:
        nonlocal pid, persons_linked
        id_cipher, id_digest, id_masked = seal("id_number", p.id_number)
        ph_cipher, ph_digest, ph_masked = seal("phone", p.phone)
        birth = p.birth_date.isoformat()
        if p.death is None:
            status, death = "alive", None
        else:
            status, death = "deceased", dt.date.fromordinal(p.death).isoformat()
        if copy_text:
            row: Any = (f"{pid}\t{id_cipher}\t{id_digest}\t{id_masked}\t{p.name}\t{p.gender}\t{birth}\t"
                        f"{ph_cipher}\t{ph_digest}\t{ph_masked}\t{region}\t{address}\t{status}\t"
                        f"{death if death is not None else chr(92) + 'N'}{p_tail}")
        else:
            row = (pid, id_cipher, id_digest, id_masked, p.name, p.gender, birth, ph_cipher, ph_digest,
                   ph_masked, region, address, status, death, *p_tail)
        persons.append(row)
        if address_id is not None:
            persons_linked += 1
            if copy_text:
                person_links.append(f"{pid}\t{address_id}\t{region}{pl_tail}")
            elif not member:
                person_links.append((pid, address_id, region, *pl_tail))
        pid += 1
        return pid - 1

    for household in people.households():
        village = household.village
        region, full_name = village.code, full_names[village.code]
        home = homes.household(region, full_name, village.kind)
        head_id = pid
        if copy_text:
            households.append(f"{hid}\t{region}\t{head_id}\t{home.text}{h_tail}")
        else:
            households.append((hid, region, head_id, home.text, *h_tail))
        if home.address_id is not None:
            household_links.append(f"{hid}\t{home.address_id}\t{region}{hl_tail}" if copy_text
                                   else (hid, home.address_id, region, *hl_tail))
        for member in household.members:
            person_id = person_row(member, region, homes.person_text(home, full_name), home.address_id, True)
            relationship = RELATIONSHIP[member.relationship]
            if copy_text:
                memberships.append(f"{mid}\t{hid}\t{person_id}\t{relationship}\t{region}{m_tail}")
            else:
                memberships.append((mid, hid, person_id, relationship, region, *m_tail))
            mid += 1
        hid += 1
    for household in people.deceased():
        home = homes.deceased(household.village.code)
        person_row(household.members[0], household.village.code, home.text, home.address_id, False)
    homes.counts.persons_linked = persons_linked

    n_persons, n_households, n_memberships = len(persons), len(households), len(memberships)
    # The parent sized this township's id blocks from the plan; they must match exactly.
    if (n_persons, n_households) != (plan.persons, plan.households):
        raise RuntimeError(f"township {plan.township.code}: generated {n_persons} persons and {n_households} "
                           f"households, planned {plan.persons} and {plan.households}")
    tables = [persons, households, memberships, household_links, person_links]
    if copy_text:
        tables = [_lines(rows) for rows in tables]  # type: ignore[misc]
    return TownshipRows(plan.township.code, *tables, (task.membership_base, mid), n_persons, n_households,
                        n_memberships, homes.counts)


def _lines(rows: list[str]) -> bytes:
    return ("\n".join(rows) + "\n").encode("utf-8") if rows else b""
