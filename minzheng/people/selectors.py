"""Reads on people and households. Every one goes through the jurisdiction scope."""

from __future__ import annotations

from typing import cast

from django.core.cache import cache
from django.db.models import Count, OuterRef, Prefetch, QuerySet, Subquery, prefetch_related_objects
from django.db.models.functions import Coalesce

from minzheng.core import pii
from minzheng.core.idnumber import IdNumberError, parse_id_number
from minzheng.core.models import User
from minzheng.core.scope import get_in_scope, scope_for, scoped
from minzheng.people.models import DeathEffect, Household, Membership, Person


def _looks_like_id_number(q: str) -> bool:
    return len(q) == 18 and q[:17].isdigit()


# What a row of the people list (people/_person_results.html) shows: loading only these spares
# decoding the ciphertexts and digests of every row.
PERSON_ROW_FIELDS = ("name", "gender", "birth_date", "id_number_masked", "phone_masked", "region_code", "status")


def person_list(
    *,
    user: User,
    q: str = "",
    region_code: str = "",
    status: str = "",
    address: str = "",
    unhoused: bool = False,
) -> QuerySet[Person]:
    """People the user may see. ``q`` is a name (prefix) or an exact ID number, found through
    the blind index without decrypting anything. ``address`` is a standard address code or a
    prefix of one (a road's code finds everyone linked to an address on that road).
    ``unhoused`` keeps those who belong to no household (未入户)."""
    qs = scoped(Person.objects.all(), user=user)
    q = (q or "").strip()
    if q:
        if _looks_like_id_number(q):
            try:
                number = parse_id_number(q).value
            except IdNumberError:
                return qs.none()
            qs = qs.filter(id_number_digest__in=pii.digests("id_number", number))
        else:
            qs = qs.filter(name__startswith=q)
    if region_code:
        qs = qs.filter(region_code__startswith=region_code.strip())
    if status:
        qs = qs.filter(status=status)
    if unhoused:
        qs = qs.filter(membership__isnull=True)
    if address:
        # The link lives in the places app (PersonAddress); a lookup by name keeps this app
        # free of an import of a sibling.
        qs = qs.filter(standard_address__address__code__startswith=address.strip())
    return qs.order_by("region_code", "id")


MEMBER_CANDIDATES = 20


def member_candidates(*, user: User, q: str) -> list[Person]:
    """Who the add-member form offers for ``q`` (a name prefix, or an ID number): living people
    in the user's scope who belong to no household, the first few. Nothing for an empty ``q``:
    a list of everyone unhoused in a county helps nobody pick."""
    if not (q or "").strip():
        return []
    return list(person_list(user=user, q=q, status=Person.Status.ALIVE, unhoused=True)[:MEMBER_CANDIDATES])


def person_get(*, user: User, pk: int | str) -> Person:
    return get_in_scope(Person.objects.all(), user=user, pk=pk)


def person_by_full_id_number(*, id_number: str) -> Person | None:
    """The registered person an exact 18-digit ID number names, wherever they live. Not cut to a
    scope on purpose, for the pages that serve people across regions (a meal site, a care home, a
    provider operator with no region at all), which check their own permission first: only the
    exact number finds anyone, so this finds only a person the actor already knows."""
    try:
        number = parse_id_number(id_number).value
    except IdNumberError:
        return None
    return Person.objects.filter(id_number_digest__in=pii.digests("id_number", number)).first()


def person_find_by_id_number(*, user: User, id_number: str) -> Person | None:
    try:
        number = parse_id_number(id_number).value
    except IdNumberError:
        return None
    return scoped(Person.objects.all(), user=user).filter(id_number_digest__in=pii.digests("id_number", number)).first()


def person_household(*, person: Person) -> Membership | None:
    return Membership.objects.select_related("household", "household__head").filter(person=person).first()


def _members() -> Prefetch:
    return Prefetch("memberships", queryset=Membership.objects.select_related("person").order_by("id"))


# What the person page (people/person_detail.html) and its access-log row read of the person, their
# membership, household and head: no ciphertexts, digests or timestamps (a reveal reads the person again).
PERSON_DETAIL_FIELDS = (
    "name", "gender", "birth_date", "id_number_masked", "phone_masked", "region_code", "address_text", "status",
    "death_date",
    "membership__household_id", "membership__person_id", "membership__relationship",
    "membership__household__region_code", "membership__household__head_id", "membership__household__head__name",
)
# What the person page's member table shows of each member.
_PERSON_PAGE_MEMBER_FIELDS = ("household_id", "person_id", "relationship",
                              "person__name", "person__gender", "person__id_number_masked")


def person_with_household_get(*, user: User, pk: int | str) -> Person:
    """``person_get``, with the person's membership, household and head read in the same query
    (for ``person_household_in_scope``), only the columns the person page shows."""
    return get_in_scope(Person.objects.select_related("membership__household__head").only(*PERSON_DETAIL_FIELDS),
                        user=user, pk=pk)


def person_household_in_scope(*, user: User, person: Person) -> tuple[Membership | None, Household | None]:
    """The person's membership, and their household (head, and members with what the person
    page shows of their people) when it lies in the user's scope, else None. The household comes
    with the membership (already read by ``person_with_household_get``, or one query) and is
    checked against the scope here, not read again; its members are one more query."""
    if Person.membership.is_cached(person):
        membership = getattr(person, "membership", None)
    else:
        membership = person_household(person=person)
    if membership is None:
        return None, None
    household = membership.household
    if not scope_for(user).contains(household.region_code):
        return membership, None
    prefetch_related_objects([household], Prefetch("memberships", queryset=Membership.objects.select_related(
        "person").only(*_PERSON_PAGE_MEMBER_FIELDS).order_by("id")))
    return membership, household


def household_list(*, user: User, q: str = "", region_code: str = "") -> QuerySet[Household]:
    # A correlated count, not a GROUP BY: the database then counts members for the rows of the
    # page only, rather than for a county's million households before it can sort and cut.
    members = (Membership.objects.filter(household=OuterRef("pk")).order_by().values("household")
               .annotate(n=Count("*")).values("n"))
    qs = scoped(Household.objects.select_related("head"), user=user).annotate(
        member_count=Coalesce(Subquery(members), 0))
    q = (q or "").strip()
    if q:
        if _looks_like_id_number(q):
            try:
                number = parse_id_number(q).value
            except IdNumberError:
                return qs.none()
            qs = qs.filter(memberships__person__id_number_digest__in=pii.digests("id_number", number))
        else:
            qs = qs.filter(head__name__startswith=q)
    if region_code:
        qs = qs.filter(region_code__startswith=region_code.strip())
    return qs.order_by("region_code", "id")


def household_get(*, user: User, pk: int | str) -> Household:
    return get_in_scope(Household.objects.select_related("head").prefetch_related(_members()), user=user, pk=pk)


# What the household page (people/_household_panel.html), its head-change form and its access-log rows
# read of the household, its head and its members: no ciphertexts, digests or timestamps.
_HOUSEHOLD_PAGE_FIELDS = ("region_code", "head_id", "address_text", "head__name")
_HOUSEHOLD_PAGE_MEMBER_FIELDS = ("household_id", "person_id", "relationship", "person__name", "person__gender",
                                 "person__birth_date", "person__id_number_masked", "person__phone_masked",
                                 "person__region_code", "person__status", "person__death_date")


def household_page_get(*, user: User, pk: int | str) -> Household:
    """``household_get`` for the household page, with only the columns the page shows."""
    members = Prefetch("memberships", queryset=Membership.objects.select_related("person")
                       .only(*_HOUSEHOLD_PAGE_MEMBER_FIELDS).order_by("id"))
    return get_in_scope(Household.objects.select_related("head").only(*_HOUSEHOLD_PAGE_FIELDS)
                        .prefetch_related(members), user=user, pk=pk)


def membership_get(*, user: User, pk: int | str) -> Membership:
    return get_in_scope(Membership.objects.select_related("person", "household"), user=user, pk=pk)


COUNTS_SECONDS = 60


def registry_counts(*, user: User) -> dict[str, int]:
    """How many people and households lie in the user's scope. Plain counts on the indexed
    ``region_code`` range, without the member-count join that ``household_list`` carries; kept
    for a minute per scope, because the city's count reads 4.7M index entries (half a second)
    and every officer's start page shows it."""
    scope = scope_for(user)
    if scope.prefix is None:
        return {"persons": 0, "households": 0}

    def count() -> dict[str, int]:
        return {"persons": scoped(Person.objects.all(), user=user).count(),
                "households": scoped(Household.objects.all(), user=user).count()}

    return cast(dict[str, int], cache.get_or_set(f"people:registry_counts:{scope.prefix}", count, COUNTS_SECONDS))


def death_effects_of(*, person: Person) -> QuerySet[DeathEffect]:
    """Everything the person's death closed, in the order it was closed (the after-death case page
    reads it; the caller has already checked that the person is in scope)."""
    return DeathEffect.objects.filter(person=person).order_by("id")


def death_effects_to_reopen(*, person: Person, app: str, kind: str) -> QuerySet[DeathEffect]:
    """The affairs of one kind that a revoked death closed and its app may still reopen by itself
    (locked: the ``person_death_revoked`` receivers run in the revocation's transaction)."""
    return DeathEffect.objects.select_for_update().filter(person=person, app=app, kind=kind, reopened_at__isnull=True,
                                                          reopen=DeathEffect.Reopen.AUTO).order_by("id")
