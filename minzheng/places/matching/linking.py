"""Linking the registry's free-text addresses to standard addresses.

People and households carry the address they gave as text (``address_text``). The automatic
run matches the texts with the address matcher (``places.matching.match_addresses``, a chunk of
texts of one village per call, so a city-wide run is not a round trip per person) and keeps
the best hit as a ``PersonAddress`` / ``HouseholdAddress`` with its score and method ``auto``;
a text whose best score is below the threshold is left unlinked for a person to confirm. A
manual link (method ``manual``, ``places.addresses.links``) is an officer's decision: the automatic
run never overwrites it.

Runs are idempotent: people and households already linked are skipped (``relink=True``
re-matches automatic links only), and the one-to-one columns refuse a second link even when
two runs race.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet

from minzheng.core import messages as core_messages
from minzheng.core.audit import audit_record
from minzheng.core.models import Region, User
from minzheng.core.scope import Scope, scope_for
from minzheng.people.models import Household, Person
from minzheng.places.addresses.models import HouseholdAddress, PersonAddress

CHUNK = 5000
CACHE_LIMIT = 200_000
SCORE_PLACES = Decimal("0.001")


def default_threshold() -> float:
    """The matcher's own threshold: a text good enough to be shown as the best match is good
    enough to be linked, and one setting keeps the two from drifting apart."""
    return float(settings.MINZHENG_ADDRESS_MATCH_THRESHOLD)


@dataclass(frozen=True)
class Hit:
    address_id: int
    score: Decimal


def _match_many(texts: list[str], region_code: str) -> list[Any]:
    """The matcher's best hit for each text near ``region_code`` (objects with ``address_id``
    and ``score``, or None). Kept apart so that tests can stand in for the matcher."""
    from minzheng.places.matching import match_addresses

    return [result.best for result in match_addresses(texts, region_code=region_code)]


def _score(value: Any) -> Decimal:
    score = Decimal(str(value)).quantize(SCORE_PLACES)
    return min(max(score, Decimal(0)), Decimal("9.999"))


@dataclass
class LinkCounts:
    people_linked: int = 0
    people_unmatched: int = 0
    people_relinked: int = 0
    households_linked: int = 0
    households_unmatched: int = 0
    households_relinked: int = 0

    def as_dict(self) -> dict[str, int]:
        return asdict(self)


class _Matcher:
    """Matches a chunk's texts in batches, one call per village, with a cache: the members of a
    household usually share one text."""

    def __init__(self, threshold: float) -> None:
        self.threshold = threshold
        self.cache: dict[tuple[str, str], Hit | None] = {}

    def prime(self, rows: list[tuple[int, str, str]]) -> None:
        """Match every text of ``rows`` (id, region code, text) not already known."""
        if len(self.cache) > CACHE_LIMIT:  # bounded: a city-wide run must not grow without limit
            self.cache.clear()
        wanted: dict[str, set[str]] = {}
        for _, region_code, text in rows:
            key = (text.strip(), region_code)
            if key not in self.cache:
                if key[0]:
                    wanted.setdefault(region_code, set()).add(key[0])
                else:
                    self.cache[key] = None
        for region_code, texts in wanted.items():
            ordered = sorted(texts)
            for text, best in zip(ordered, _match_many(ordered, region_code), strict=True):
                hit = None
                if best is not None and getattr(best, "address_id", None) and float(best.score) >= self.threshold:
                    hit = Hit(address_id=int(best.address_id), score=_score(best.score))
                self.cache[(text, region_code)] = hit

    def __call__(self, text: str, region_code: str) -> Hit | None:
        return self.cache[(text.strip(), region_code)]


def _chunks(qs: QuerySet[Any]) -> Iterator[list[tuple[int, str, str]]]:
    """(id, region_code, address_text) in id order, ``CHUNK`` at a time (keyset pagination, so
    the cost does not grow with depth)."""
    last = 0
    while True:
        rows = list(qs.filter(pk__gt=last).order_by("pk").values_list("pk", "region_code", "address_text")[:CHUNK])
        if not rows:
            return
        yield rows
        last = rows[-1][0]


def _run_scope(actor: User | None, region_prefix: str) -> Scope:
    region_prefix = (region_prefix or "").strip()
    if actor is None:
        return Scope(prefix=region_prefix or "33")
    scope = scope_for(actor)
    if scope.prefix is None:
        return scope
    if not region_prefix:
        return scope
    if not (region_prefix.startswith(scope.prefix) or scope.prefix.startswith(region_prefix)):
        raise ValidationError({"region_code": [core_messages.REGION_OUT_OF_SCOPE]})
    return Scope(prefix=max(region_prefix, scope.prefix, key=len))


def _audit_object(scope: Scope) -> Region | None:
    prefix = scope.prefix or ""
    return Region.objects.filter(code=prefix.ljust(12, "0")).first() or Region.objects.order_by("code").first()


def _link_model(
    *,
    model: Any,  # Person or Household
    link_model: Any,  # PersonAddress or HouseholdAddress
    owner_field: str,
    scope: Scope,
    match: _Matcher,
    relink: bool,
    actor: User | None,
    action: str,
    progress: Callable[[int], None] | None,
) -> tuple[int, int, int]:
    linked = unmatched = relinked = 0
    owners = scope.filter(model.objects.exclude(address_text=""))
    if not relink:
        owners = owners.filter(standard_address__isnull=True)
    else:
        owners = owners.exclude(standard_address__method=PersonAddress.Method.MANUAL)
    region = _audit_object(scope)
    seen = 0
    for rows in _chunks(owners):
        existing = {}
        if relink:
            existing = {getattr(link, f"{owner_field}_id"): link for link in link_model.objects.filter(
                **{f"{owner_field}_id__in": [r[0] for r in rows]}, method=PersonAddress.Method.AUTO)}
        new, changed = [], []
        match.prime(rows)
        for pk, region_code, text in rows:
            hit = match(text, region_code)
            link = existing.get(pk)
            if hit is None:
                unmatched += 1
                continue
            if link is None:
                new.append(link_model(**{f"{owner_field}_id": pk}, address_id=hit.address_id, region_code=region_code,
                                      score=hit.score, method=PersonAddress.Method.AUTO))
            elif link.address_id != hit.address_id or link.score != hit.score:
                link.address_id, link.score, link.region_code = hit.address_id, hit.score, region_code
                changed.append(link)
        with transaction.atomic():
            link_model.objects.bulk_create(new, ignore_conflicts=True)
            if changed:
                link_model.objects.bulk_update(changed, ["address", "score", "region_code", "matched_at"])
            if (new or changed) and region is not None:
                audit_record(actor=actor, action=action, obj=region, region_code=scope.prefix or "",
                             object_repr=f"地址关联 {scope.prefix}",
                             after={"linked": len(new), "relinked": len(changed), "first_id": rows[0][0],
                                    "last_id": rows[-1][0]})
        linked += len(new)
        relinked += len(changed)
        seen += len(rows)
        if progress is not None:
            progress(seen)
    return linked, unmatched, relinked


def registry_link_auto(
    *,
    actor: User | None,
    region_prefix: str = "",
    threshold: float | None = None,
    relink: bool = False,
    progress: Callable[[int], None] | None = None,
) -> LinkCounts:
    """Match the free-text addresses of people and households in ``region_prefix`` (inside the
    actor's scope; ``actor=None`` is the system) and keep every hit at or above ``threshold``."""
    scope = _run_scope(actor, region_prefix)
    counts = LinkCounts()
    if scope.is_empty:
        return counts
    match = _Matcher(default_threshold() if threshold is None else threshold)
    counts.people_linked, counts.people_unmatched, counts.people_relinked = _link_model(
        model=Person, link_model=PersonAddress, owner_field="person", scope=scope, match=match, relink=relink,
        actor=actor, action="places.person_address.auto_linked", progress=progress)
    counts.households_linked, counts.households_unmatched, counts.households_relinked = _link_model(
        model=Household, link_model=HouseholdAddress, owner_field="household", scope=scope, match=match,
        relink=relink, actor=actor, action="places.household_address.auto_linked", progress=None)
    return counts
