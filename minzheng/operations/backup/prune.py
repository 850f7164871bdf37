"""``minzheng backup_prune --in DIR``: the retention rule applied to a directory of archives.

It keeps the newest archive of each of the last ``keep_daily`` days that have one, and the newest of each
of the last ``keep_monthly`` months, and removes the other archives. Days and months are the bureau's
(``TIME_ZONE``), so the 01:30 backup belongs to the day it was taken on, and an archive's time is its
manifest's, not the directory's name or its files' dates, which a copy changes.

Only a complete minzheng archive directly inside DIR can be removed: a directory whose manifest reads as
this format. An archive still being written, or cut short, has no manifest yet (it is written last), and
is left alone, as is anything else in DIR; each is named with the reason. At least the newest archive is
always kept.
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.management.base import CommandError

from minzheng.operations.backup import messages
from minzheng.operations.backup.manifest import Manifest


@dataclass(frozen=True)
class Archive:
    path: Path
    created_at: dt.datetime


@dataclass(frozen=True)
class Pruned:
    kept: list[Archive]
    removed: list[Archive]
    skipped: list[tuple[Path, str]]


def archives_in(directory: Path) -> tuple[list[Archive], list[tuple[Path, str]]]:
    """The complete archives directly inside ``directory``, and what else is there with why it is not one."""
    archives: list[Archive] = []
    skipped: list[tuple[Path, str]] = []
    for path in sorted(directory.iterdir()):
        if path.is_symlink():
            skipped.append((path, messages.PRUNE_LINK))
            continue
        if not path.is_dir():
            skipped.append((path, messages.PRUNE_NOT_A_DIRECTORY))
            continue
        try:
            manifest = Manifest.read(path)
        except CommandError as exc:
            skipped.append((path, str(exc)))
            continue
        created_at = _aware_time(manifest.created_at)
        if created_at is None:
            skipped.append((path, messages.PRUNE_BAD_TIME.format(value=manifest.created_at)))
            continue
        archives.append(Archive(path=path, created_at=created_at))
    return archives, skipped


def _aware_time(text: str) -> dt.datetime | None:
    """The manifest's ISO 8601 time with its offset; None for anything else (a time without an offset
    cannot be put on the bureau's calendar)."""
    try:
        value = dt.datetime.fromisoformat(text)
    except (TypeError, ValueError):
        return None
    return value if value.tzinfo is not None else None


def archives_to_keep(*, archives: list[Archive], keep_daily: int, keep_monthly: int,
                     zone: dt.tzinfo) -> list[Archive]:
    """The newest archive of each of the last ``keep_daily`` days and ``keep_monthly`` months that have one."""
    newest_first = sorted(archives, key=lambda a: a.created_at, reverse=True)
    keep: dict[Path, Archive] = {}
    for count, bucket in ((keep_daily, lambda d: d.date()), (keep_monthly, lambda d: (d.year, d.month))):
        seen: set[object] = set()
        for archive in newest_first:
            if len(seen) >= count:
                break
            period = bucket(archive.created_at.astimezone(zone))
            if period not in seen:
                seen.add(period)
                keep[archive.path] = archive
    return [a for a in newest_first if a.path in keep]


def backups_prune(*, directory: Path, keep_daily: int, keep_monthly: int, dry_run: bool = False,
                  say: Callable[[str], None] = lambda _: None) -> Pruned:
    if keep_daily < 1:
        raise CommandError(messages.PRUNE_KEEP_DAILY_INVALID)
    if keep_monthly < 0:
        raise CommandError(messages.PRUNE_KEEP_MONTHLY_INVALID)
    if not directory.is_dir():
        raise CommandError(messages.PRUNE_DIR_MISSING.format(path=directory))
    zone = ZoneInfo(settings.TIME_ZONE)
    archives, skipped = archives_in(directory)
    kept = archives_to_keep(archives=archives, keep_daily=keep_daily, keep_monthly=keep_monthly, zone=zone)
    kept_paths = {a.path for a in kept}
    removed = sorted((a for a in archives if a.path not in kept_paths), key=lambda a: a.created_at)

    def when(archive: Archive) -> str:
        return f"{archive.created_at.astimezone(zone):%Y-%m-%d %H:%M:%S}"

    for path, reason in skipped:
        say(messages.PRUNE_SKIPPED.format(path=path, reason=reason))
    for archive in kept:
        say(messages.PRUNE_KEPT.format(path=archive.path, at=when(archive)))
    for archive in removed:
        if dry_run:
            say(messages.PRUNE_WOULD_REMOVE.format(path=archive.path, at=when(archive)))
            continue
        shutil.rmtree(archive.path)
        say(messages.PRUNE_REMOVED.format(path=archive.path, at=when(archive)))
    done = messages.PRUNE_DRY_RUN_DONE if dry_run else messages.PRUNE_DONE
    say(done.format(kept=len(kept), removed=len(removed), skipped=len(skipped)))
    return Pruned(kept=kept, removed=removed, skipped=skipped)
