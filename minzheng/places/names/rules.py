"""The rules a proposed name for a rural road or bridge must pass (地名管理条例 and the bureau's
practice). Each rule returns the Chinese reasons it refuses, so that the propose form, the
live preview and the API show every problem at once, each on its own field.

The rules:
- characters: Chinese characters and digits only (full-width digits count as digits);
- length: 2 to 12 characters, with a proper part of at least one character before the generic;
- generic: a road ends in 路, 街, 巷, 弄, 大道, 道 or 线; a bridge ends in 桥;
- uniqueness: no active road of the same name in the township or any of its villages (name or
  alias), and no live proposal (anything not rejected) of the same name and kind there;
- no living person's name (see ``check_living_person`` for the trade-off);
- a reason of at least 10 characters;
- pinyin: generated when left blank; an override must spell the name.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Q

from minzheng.core.scope import Scope
from minzheng.people.models import Person
from minzheng.places import messages
from minzheng.places import pinyin as pinyin_mod
from minzheng.places.addresses.models import Road
from minzheng.places.names.models import NamingProposal

NAME_MIN, NAME_MAX = 2, 12
REASON_MIN, REASON_MAX = 10, 500
PINYIN_MAX = 120
PERSON_NAME_MIN = 2
# Longest first: 人民大道 ends in 大道, not in 道 with a proper part 人民大.
ROAD_SUFFIXES = ("大道", "路", "街", "巷", "弄", "道", "线")
BRIDGE_SUFFIXES = ("桥",)
SUFFIXES: dict[str, tuple[str, ...]] = {NamingProposal.Kind.ROAD: ROAD_SUFFIXES,
                                         NamingProposal.Kind.BRIDGE: BRIDGE_SUFFIXES}
# Extra personal names that may not be used even when nobody of that name is in the registry
# (for example leaders, donors and developers who asked for a road): a list in settings.
PROTECTED_NAMES_SETTING = "MINZHENG_PROTECTED_PERSON_NAMES"

ALLOWED_CHAR_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff0-9]")


def normalize_name(value: str | None) -> str:
    """Full-width digits to ASCII, surrounding spaces off. Inner spaces stay, so that the
    character rule can name them."""
    return unicodedata.normalize("NFKC", value or "").strip()


def generic_of(name: str, kind: str) -> str:
    """The generic the name ends in, for its kind ('' when none fits)."""
    return next((s for s in SUFFIXES.get(kind, ()) if name.endswith(s)), "")


def proper_part(name: str, kind: str) -> str:
    generic = generic_of(name, kind)
    return name[: -len(generic)] if generic else name


def check_kind(kind: str) -> list[str]:
    return [] if kind in SUFFIXES else [messages.NAMING_KIND_INVALID]


def check_format(name: str, kind: str) -> list[str]:
    """Characters, length and generic."""
    if not name:
        return [messages.NAMING_NAME_REQUIRED]
    errors = []
    bad = [ch for ch in dict.fromkeys(name) if not ALLOWED_CHAR_RE.match(ch)]
    if bad:
        shown = "、".join("空格" if ch.isspace() else f"“{ch}”" for ch in bad)
        errors.append(messages.NAMING_NAME_BAD_CHARACTERS.format(chars=shown))
    if not NAME_MIN <= len(name) <= NAME_MAX:
        errors.append(messages.NAMING_NAME_LENGTH.format(min=NAME_MIN, max=NAME_MAX, length=len(name)))
    if kind in SUFFIXES:
        generic = generic_of(name, kind)
        if not generic:
            errors.append(messages.NAMING_NAME_ROAD_SUFFIX if kind == NamingProposal.Kind.ROAD
                          else messages.NAMING_NAME_BRIDGE_SUFFIX)
        elif len(name) == len(generic):
            errors.append(messages.NAMING_NAME_NO_PROPER.format(generic=generic))
    return errors


def check_unique(name: str, kind: str, township_code: str, *, exclude_pk: int | None = None,
                 proposals: bool = True) -> list[str]:
    """Same name, same kind, same township: active roads (their names and aliases) in the
    township and its villages, and live proposals. Indexed lookups: ``Road.name`` and the
    region range; the alias scan reads only the township's roads that have aliases."""
    if not name or not township_code or kind not in SUFFIXES:
        return []
    errors = []
    if kind == NamingProposal.Kind.ROAD:
        township = Scope(prefix=township_code[:9])
        # One read: the road of that name, if any, and the township's roads that have aliases.
        rows = list(Road.objects.filter(township.as_q(), Q(name=name) | ~Q(aliases=[]), kind=Road.Kind.ROAD,
                                        status=Road.Status.ACTIVE).values_list("name", "code", "aliases"))
        same = next((r for r in rows if r[0] == name), None)
        alias_of = next((r for r in rows if isinstance(r[2], list) and name in r[2]), None)
        if same:
            errors.append(messages.NAMING_NAME_DUPLICATE_ROAD.format(name=same[0], code=same[1]))
        elif alias_of:
            errors.append(messages.NAMING_NAME_DUPLICATE_ALIAS.format(road=alias_of[0]))
    if proposals:
        live = (NamingProposal.objects.filter(region_code=township_code, kind=kind, name=name)
                .exclude(status=NamingProposal.Status.REJECTED))
        if exclude_pk is not None:
            live = live.exclude(pk=exclude_pk)
        other = live.values_list("status", flat=True).first()
        if other is not None:
            errors.append(messages.NAMING_NAME_DUPLICATE_PROPOSAL.format(
                kind=NamingProposal.Kind(kind).label, status=NamingProposal.Status(other).label))
    return errors


def protected_names() -> frozenset[str]:
    return frozenset(getattr(settings, PROTECTED_NAMES_SETTING, ()) or ())


def check_living_person(name: str, kind: str) -> list[str]:
    """No road or bridge is named after a living person.

    The registry holds 3.4 million names, and common ones (张伟, 王芳) would collide with any
    name that merely sounds like one, so the rule is narrow on purpose: the proper part (the
    name without its generic) must *exactly* equal the full name of a living resident, and be
    at least two characters. It is one indexed equality lookup on ``Person.name``. It does not
    catch a given name alone (伟明路 for 张伟明) or a person outside the registry; the
    configurable list ``MINZHENG_PROTECTED_PERSON_NAMES`` covers those who must be named
    explicitly. It may refuse a name that only happens to be someone's name (a resident called
    和平 would block 和平路): the officer then chooses another name. The message says which
    name, never who or where, so it reveals nothing about the resident.
    """
    proper = proper_part(name, kind)
    if len(proper) < PERSON_NAME_MIN:
        return []
    if proper in protected_names() or Person.objects.filter(name=proper, status=Person.Status.ALIVE).exists():
        return [messages.NAMING_NAME_LIVING_PERSON.format(name=proper)]
    return []


def check_reason(reason: str) -> list[str]:
    reason = (reason or "").strip()
    if len(reason) < REASON_MIN:
        return [messages.NAMING_REASON_TOO_SHORT.format(min=REASON_MIN)]
    if len(reason) > REASON_MAX:
        return [messages.NAMING_REASON_TOO_LONG.format(max=REASON_MAX)]
    return []


def clean_pinyin(value: str, name: str) -> tuple[str, list[str]]:
    """The pinyin to store: generated when ``value`` is blank, else the proposer's own spelling,
    tidied and checked against the name's readings."""
    suggested = pinyin_mod.place_name_pinyin(name)
    if not (value or "").strip():
        return suggested, []
    if len(value) > PINYIN_MAX:
        return value, [messages.NAMING_PINYIN_TOO_LONG.format(max=PINYIN_MAX)]
    if not pinyin_mod.override_is_well_formed(value):
        return value, [messages.NAMING_PINYIN_BAD_CHARACTERS]
    tidy = pinyin_mod.normalize_override(value)
    if name and not pinyin_mod.pinyin_matches(tidy, name):
        return tidy, [messages.NAMING_PINYIN_MISMATCH.format(suggested=suggested)]
    return tidy, []


@dataclass
class Checked:
    """A proposal's fields after the rules: cleaned values and the reasons, by field."""

    name: str
    kind: str
    reason: str
    pinyin: str
    errors: dict[str, list[str]] = field(default_factory=dict)

    def add(self, key: str, reasons: Iterable[str]) -> None:
        reasons = list(reasons)
        if reasons:
            self.errors.setdefault(key, []).extend(reasons)


def check_proposal(*, name: str, kind: str, township_code: str, reason: str, pinyin: str = "",
                   exclude_pk: int | None = None) -> Checked:
    """Every rule on a proposal's fields. ``township_code`` is a checked township code, or ''
    when the township itself was wrong (the uniqueness rule is then skipped)."""
    name = normalize_name(name)
    out = Checked(name=name, kind=kind, reason=(reason or "").strip(), pinyin="")
    out.add("kind", check_kind(kind))
    format_errors = check_format(name, kind)
    out.add("name", format_errors)
    if not format_errors:
        out.add("name", check_unique(name, kind, township_code, exclude_pk=exclude_pk))
        out.add("name", check_living_person(name, kind))
    out.add("reason", check_reason(reason))
    out.pinyin, pinyin_errors = clean_pinyin(pinyin, name if not format_errors else "")
    out.add("pinyin", pinyin_errors)
    return out
