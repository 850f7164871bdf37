"""What the addresses sub-domain does when other apps' records change (``core.events``)."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.utils import timezone

from minzheng.core.audit import audit_record, snapshot
from minzheng.core.models import Region, User
from minzheng.places.addresses.links import LINK_FIELDS
from minzheng.places.addresses.models import Address, PersonAddress


def addresses_follow_region_rename(sender: Any, *, region: Region, old_full_name: str, new_full_name: str,
                                   actor: User | None, **kwargs: Any) -> None:
    """A renamed region: the standard texts of its addresses start with its new full name. One UPDATE, in the rename's transaction, so
    that no one reads an address under a name its region no longer has."""
    table = Address._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET full_text = %s || SUBSTR(full_text, %s), updated_at = %s "
            "WHERE region_code LIKE %s AND SUBSTR(full_text, 1, %s) = %s",
            [new_full_name, len(old_full_name) + 1, timezone.now(), region.prefix + "%", len(old_full_name),
             old_full_name])
        rewritten = cursor.rowcount
    if rewritten:
        audit_record(actor=actor, action="places.address.region_renamed", obj=region, region_code=region.code,
                     object_repr=f"{old_full_name} → {new_full_name}", after={"addresses": rewritten})


def address_link_follows_move(sender: Any, *, person: Any, from_region_code: str, to_region_code: str,
                              actor: User | None, **kwargs: Any) -> None:
    """A resident who moved to another region no longer lives at their standard address there:
    the link goes, audited, in the move's transaction. The new address is linked when it is
    known (by hand, or by the matcher from the text the new region records)."""
    link = PersonAddress.objects.filter(person=person).select_related("address").first()
    if link is None or link.address.region_code.startswith(to_region_code):
        return
    audit_record(actor=actor, action="places.person_address.unlinked", obj=link, region_code=from_region_code,
                 object_repr=f"{person} → {link.address.full_text}", before=snapshot(link, LINK_FIELDS), after=None)
    link.delete()
