"""``minzheng keys rotate`` / ``minzheng keys status``: re-seal every encrypted field and blind
index under the current field key (MINZHENG_FIELD_KEY), reading the old rows with
MINZHENG_FIELD_KEY_PREVIOUS; see minzheng/core/keys/rotation.py and the README's "Rotating the
field key"."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from minzheng.core.keys import messages
from minzheng.core.keys.rotation import DEFAULT_BATCH_SIZE, RotationRefused, rotate, status


class Command(BaseCommand):
    help = "字段密钥轮换：rotate 以当前密钥重新加密全部加密字段并重建索引（可中断、可续跑），status 查看进度。"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        run = sub.add_parser("rotate", help="重新加密（分批提交，中断后再次运行即从断点继续）")
        run.add_argument("--batch-size", type=int, default=DEFAULT_BATCH_SIZE, help="每批行数（每批一个事务）")
        run.add_argument("--pause", type=float, default=0.0, help="每批之间暂停的秒数，给在线服务让出数据库")
        run.add_argument("--max-batches", type=int, default=None, help="最多运行的批数（分多次完成时使用）")
        run.add_argument("--quiet", action="store_true", help="不逐批输出进度")
        sub.add_parser("status", help="各表仍由旧密钥加密的行数")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "status":
            self._status()
            return
        if options["batch_size"] < 1:
            raise CommandError("--batch-size 必须是正整数")
        quiet = options["quiet"]

        def report(table: str, rows: int, done: int) -> None:
            if not quiet:
                self.stdout.write(f"{table}: +{rows}（本表已完成 {done} 行）")
                self.stdout.flush()

        try:
            result = rotate(batch_size=options["batch_size"], pause=options["pause"],
                            max_batches=options["max_batches"], on_batch=report)
        except RotationRefused as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"key {result.key_id}: {result.rows} rows re-sealed in {result.batches} batches, "
                          f"{result.tables} tables, {result.seconds:.1f} s")
        for label, rows in sorted(result.per_table.items()):
            self.stdout.write(f"  {label}: {rows}")
        if result.complete:
            self.stdout.write(messages.COMPLETE.format(kid=result.key_id))
        elif result.left:
            self.stdout.write(messages.LEFT.format(rows=result.left))
        else:
            self.stdout.write("已按 --max-batches 暂停；再次运行 minzheng keys rotate 即从断点继续。")

    def _status(self) -> None:
        found = status()
        previous = ", ".join(found.previous_key_ids) or "（未设置）"
        self.stdout.write(f"current key {found.key_id}; previous keys: {previous}")
        rotation = found.rotation
        if rotation is not None:
            finished = rotation.finished_at.isoformat(timespec="seconds") if rotation.finished_at else "未完成"
            self.stdout.write(f"rotation to {rotation.target_key_id}: runs {rotation.runs}, "
                              f"rows re-sealed {rotation.rows_done}, finished: {finished}")
        for table in found.tables:
            self.stdout.write(f"  {table.label}: {table.stale} rows under an old key")
        for item in found.digest_only:
            self.stdout.write("  " + messages.DIGEST_ONLY.format(label=item.label))
        self.stdout.write(f"rows left under an old key: {found.stale}")
        if found.stale == 0:
            template = messages.COMPLETE if found.previous_key_ids else messages.COMPLETE_NO_PREVIOUS
            self.stdout.write(template.format(kid=found.key_id))
