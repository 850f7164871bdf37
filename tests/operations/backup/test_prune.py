"""``minzheng backup_prune``: the retention rule on a directory of archives, and what it never touches."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from minzheng.operations.backup import messages
from minzheng.operations.backup.manifest import MANIFEST_NAME, Manifest
from minzheng.operations.backup.prune import backups_prune

SHANGHAI = dt.timezone(dt.timedelta(hours=8))


def _archive(root: Path, name: str, at: dt.datetime) -> Path:
    """A complete archive as far as pruning can tell: a directory with a manifest of this format."""
    path = root / name
    path.mkdir()
    (path / "minzheng.dump").write_bytes(b"dump")
    Manifest(backend="sqlite", created_at=at.astimezone(dt.UTC).isoformat(timespec="seconds"),
             finished_at=at.astimezone(dt.UTC).isoformat(timespec="seconds"), minzheng_version="test",
             django_version="5.2", server_version="3", migrations={}, tables={}, files={},
             field_key_fingerprint="k").write(path / MANIFEST_NAME)
    return path


def _nightly(root: Path, first: dt.date, days: int) -> list[Path]:
    """One archive a night at 01:30 Shanghai time, as the systemd timer takes them."""
    return [_archive(root, f"{day:%Y%m%d}-0130", dt.datetime.combine(day, dt.time(1, 30), SHANGHAI))
            for day in (first + dt.timedelta(days=i) for i in range(days))]


def _names(root: Path) -> list[str]:
    return sorted(p.name for p in root.iterdir())


def test_keeps_the_newest_of_each_recent_day_and_month_and_removes_the_rest(tmp_path: Path) -> None:
    _nightly(tmp_path, dt.date(2026, 9, 20), days=78)  # 20 September to 6 December

    done = backups_prune(directory=tmp_path, keep_daily=7, keep_monthly=3)

    # The last 7 nights, and the newest of each of the last 3 months: December's is among the 7 nights,
    # November's and October's are their last nights. September's goes.
    assert _names(tmp_path) == ["20261031-0130", "20261130-0130", *[f"202612{d:02d}-0130" for d in range(1, 7)]]
    assert len(done.kept) == 8 and len(done.removed) == 70 and done.skipped == []


def test_a_second_backup_on_one_day_does_not_push_another_day_out(tmp_path: Path) -> None:
    _nightly(tmp_path, dt.date(2026, 12, 1), days=3)
    _archive(tmp_path, "20261203-1500-by-hand", dt.datetime(2026, 12, 3, 15, 0, tzinfo=SHANGHAI))

    backups_prune(directory=tmp_path, keep_daily=3, keep_monthly=0)

    # Three days kept: the 3rd's newest (the one by hand), the 2nd and the 1st; the 3rd's night one goes.
    assert _names(tmp_path) == ["20261201-0130", "20261202-0130", "20261203-1500-by-hand"]


def test_days_are_the_bureaus_not_utcs(tmp_path: Path) -> None:
    # 01:30 in Shanghai is 17:30 UTC the day before: by UTC both would fall on 2 December.
    _archive(tmp_path, "a", dt.datetime(2026, 12, 3, 1, 30, tzinfo=SHANGHAI))
    _archive(tmp_path, "b", dt.datetime(2026, 12, 2, 20, 0, tzinfo=SHANGHAI))

    backups_prune(directory=tmp_path, keep_daily=2, keep_monthly=0)

    assert _names(tmp_path) == ["a", "b"]


def test_dry_run_names_what_would_go_and_removes_nothing(tmp_path: Path) -> None:
    _nightly(tmp_path, dt.date(2026, 12, 1), days=5)
    said: list[str] = []

    done = backups_prune(directory=tmp_path, keep_daily=2, keep_monthly=0, dry_run=True, say=said.append)

    assert len(_names(tmp_path)) == 5
    assert [a.path.name for a in done.removed] == ["20261201-0130", "20261202-0130", "20261203-0130"]
    assert messages.PRUNE_WOULD_REMOVE.format(path=tmp_path / "20261201-0130", at="2026-12-01 01:30:00") in said
    assert said[-1] == messages.PRUNE_DRY_RUN_DONE.format(kept=2, removed=3, skipped=0)


def test_an_unfinished_archive_and_anything_else_is_left_alone(tmp_path: Path) -> None:
    _nightly(tmp_path, dt.date(2026, 11, 1), days=3)
    unfinished = tmp_path / "20261101-0300"  # written before its manifest: cut short, or still running
    unfinished.mkdir()
    (unfinished / "minzheng.dump").write_bytes(b"half")
    foreign = tmp_path / "photos"
    foreign.mkdir()
    (foreign / MANIFEST_NAME).write_text('{"format": "something-else"}', encoding="utf-8")
    (tmp_path / "notes.txt").write_text("keep me", encoding="utf-8")
    (tmp_path / "link").symlink_to(tmp_path / "20261101-0130")

    done = backups_prune(directory=tmp_path, keep_daily=1, keep_monthly=0)

    assert set(_names(tmp_path)) == {"20261103-0130", "20261101-0300", "photos", "notes.txt", "link"}
    reasons = dict(done.skipped)
    assert "不是完整的备份" in reasons[unfinished]
    assert "格式版本" in reasons[foreign]
    assert reasons[tmp_path / "notes.txt"] == messages.PRUNE_NOT_A_DIRECTORY
    assert reasons[tmp_path / "link"] == messages.PRUNE_LINK


def test_keeping_no_day_is_refused(tmp_path: Path) -> None:
    only = _archive(tmp_path, "only", dt.datetime(2026, 12, 1, 1, 30, tzinfo=SHANGHAI))

    with pytest.raises(CommandError, match="--keep-daily"):
        backups_prune(directory=tmp_path, keep_daily=0, keep_monthly=12)

    assert only.is_dir()


def test_a_negative_month_count_is_refused(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="--keep-monthly"):
        backups_prune(directory=tmp_path, keep_daily=1, keep_monthly=-1)


def test_a_missing_directory_is_refused_by_name(tmp_path: Path) -> None:
    with pytest.raises(CommandError) as refused:
        backups_prune(directory=tmp_path / "nowhere", keep_daily=1, keep_monthly=0)
    assert str(refused.value) == messages.PRUNE_DIR_MISSING.format(path=tmp_path / "nowhere")


def test_the_command_prints_what_it_kept_and_removed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _nightly(tmp_path, dt.date(2026, 12, 1), days=3)

    call_command("backup_prune", "--in", str(tmp_path), "--keep-daily", "1", "--keep-monthly", "0")

    out = capsys.readouterr().out
    assert messages.PRUNE_KEPT.format(path=tmp_path / "20261203-0130", at="2026-12-03 01:30:00") in out
    assert messages.PRUNE_REMOVED.format(path=tmp_path / "20261201-0130", at="2026-12-01 01:30:00") in out
    assert messages.PRUNE_DONE.format(kept=1, removed=2, skipped=0) in out
    assert _names(tmp_path) == ["20261203-0130"]


def test_an_archive_whose_manifest_time_has_no_offset_is_left_and_named(tmp_path: Path) -> None:
    newest = _archive(tmp_path, "newest", dt.datetime(2026, 12, 3, 1, 30, tzinfo=SHANGHAI))
    odd = _archive(tmp_path, "odd", dt.datetime(2026, 12, 1, 1, 30, tzinfo=SHANGHAI))
    manifest = json.loads((odd / MANIFEST_NAME).read_text(encoding="utf-8"))
    manifest["created_at"] = "2026-12-01T01:30:00"
    (odd / MANIFEST_NAME).write_text(json.dumps(manifest), encoding="utf-8")

    done = backups_prune(directory=tmp_path, keep_daily=1, keep_monthly=0)

    assert newest.is_dir() and odd.is_dir()
    assert done.skipped == [(odd, messages.PRUNE_BAD_TIME.format(value="2026-12-01T01:30:00"))]
