"""``minzheng serve``: the production web server (gunicorn) in front of the application."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from minzheng.operations.serving.server import MinzhengServer, ServeOptions, default_workers


class Command(BaseCommand):
    help = "生产环境 Web 服务（gunicorn）。放在 nginx 之后，见 deploy/。"
    requires_system_checks = "__all__"

    def add_arguments(self, parser: Any) -> None:
        defaults = ServeOptions()
        parser.add_argument("--bind", default=defaults.bind,
                            help=f"监听地址 host:port 或 unix:/path（默认 {defaults.bind}）")
        parser.add_argument("--workers", type=int, default=None,
                            help="工作进程数（默认 MINZHENG_WEB_WORKERS，未设则为 CPU 核数×2+1，最多 16）")
        parser.add_argument("--threads", type=int, default=defaults.threads, help="每个工作进程的线程数（默认 1）")
        parser.add_argument("--timeout", type=int, default=defaults.timeout,
                            help=f"一个请求最长秒数，超过即重启该工作进程（默认 {defaults.timeout}）")
        parser.add_argument("--graceful-timeout", type=int, default=defaults.graceful_timeout,
                            help=f"停止时等待进行中请求的秒数（默认 {defaults.graceful_timeout}）")
        parser.add_argument("--max-requests", type=int, default=defaults.max_requests,
                            help=f"工作进程处理这么多请求后换新（默认 {defaults.max_requests}，0 为不换）")
        parser.add_argument("--access-logfile", default=None,
                            help="另写 gunicorn 的访问日志（文件路径，- 为标准输出）；默认不写，请求日志由应用记录")
        parser.add_argument("--log-level", default=defaults.log_level,
                            choices=["debug", "info", "warning", "error", "critical"],
                            help=f"gunicorn 自身的日志级别（默认 {defaults.log_level}）")

    def handle(self, *args: Any, **options: Any) -> None:
        workers = options["workers"] or default_workers(configured=settings.MINZHENG_WEB_WORKERS, cores=os.cpu_count())
        for name in ("threads", "timeout"):
            if options[name] < 1:
                raise CommandError(f"--{name} 须至少为 1，而不是 {options[name]}")
        if workers < 1:
            raise CommandError(f"--workers 须至少为 1，而不是 {workers}")
        serve_options = ServeOptions(
            bind=options["bind"],
            workers=workers,
            threads=options["threads"],
            timeout=options["timeout"],
            graceful_timeout=options["graceful_timeout"],
            max_requests=options["max_requests"],
            max_requests_jitter=max(options["max_requests"] // 10, 0),
            trusted_proxies=settings.MINZHENG_TRUSTED_PROXIES,
            access_logfile=options["access_logfile"],
            log_level=options["log_level"],
        )
        proxies = "、".join(serve_options.trusted_proxies) or "无（不采信 X-Forwarded-For）"
        url = serve_options.bind if serve_options.bind.startswith("unix:") else f"http://{serve_options.bind}"

        def ready() -> None:
            # Printed once the socket listens: a supervisor or a test may start sending requests then.
            self.stdout.write(
                f"minzheng 已在 {url} 提供服务：{workers} 个工作进程 × {serve_options.threads} 个线程，"
                f"请求超时 {serve_options.timeout} 秒，可信代理：{proxies}。SIGTERM 或 Ctrl+C 停止。"
            )
            self.stdout.flush()

        # WhiteNoise answers /static/ from the apps' folders (WHITENOISE_USE_FINDERS) and warns at every start when
        # STATIC_ROOT, where `collectstatic` puts the files for nginx, does not exist yet.
        Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)
        MinzhengServer(options=serve_options, when_ready=ready).run()
