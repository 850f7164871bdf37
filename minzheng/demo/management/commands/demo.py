"""``minzheng demo``: migrate, build a synthetic Huzhou, create the demo staff, serve.

The city is built in this order: villages, standard addresses, people (every household at a
dwelling of its village, linked to it as it is written), then doorplates and place names, the
demo staff, social assistance (beneficiaries and the 2024 payment runs, ``demo.assistance``), the
service sites and their operators (``demo.facilities``), the care homes' beds, residents and
assessments with the 2024 bed subsidy (``demo.eldercare``), the love cards and their 2024 credits
(``demo.love_cards``), a year of meals at the meal sites (``demo.meals``), and the provider
operators' logins.

    minzheng demo [--scale S] [--seed N] [--reset] [--no-serve] [--addr 127.0.0.1:8000]

- ``--scale`` is the share of Huzhou's 3.4 million residents (default 0.01, about 34,000).
- The same ``--seed`` and ``--scale`` always give the same people: same ID numbers, names and
  households (ciphertexts differ, as AES-GCM nonces are random; blind indexes do not).
- Run twice, it builds nothing the second time. Townships that are missing are topped up.
- On a database that holds another seed's or scale's people it stops and says so: ``--reset``
  first empties the people, household and membership tables, then builds.
- Without ``--no-serve`` it then serves on ``--addr`` and runs the background worker beside the
  server, stopping it when the server stops.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import unicodedata
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand, CommandError, CommandParser

from minzheng.core.db import database_analyze
from minzheng.core.models import User
from minzheng.demo import messages
from minzheng.demo.adaptation import demo_adaptation_build
from minzheng.demo.assistance import demo_assistance_build
from minzheng.demo.build import DemoError, demo_build, validate_scale
from minzheng.demo.caregivers import demo_caregivers_build
from minzheng.demo.cemetery import demo_cemetery_build
from minzheng.demo.charity import demo_charity_build
from minzheng.demo.children import demo_children_build
from minzheng.demo.civil_society import demo_civil_society_build
from minzheng.demo.deaths import demo_deaths_build
from minzheng.demo.eldercare import demo_eldercare_build
from minzheng.demo.facilities import demo_facilities_build
from minzheng.demo.funeral import demo_funeral_build
from minzheng.demo.home_beds import demo_home_beds_build
from minzheng.demo.home_services import demo_home_services_build
from minzheng.demo.insurance import demo_insurance_build
from minzheng.demo.lottery import demo_lottery_build
from minzheng.demo.love_cards import demo_love_cards_build
from minzheng.demo.marriage import demo_marriage_build
from minzheng.demo.marriage_events import demo_marriage_events_build
from minzheng.demo.meals import demo_meals_build
from minzheng.demo.past_deaths import demo_past_deaths_build
from minzheng.demo.places import demo_places_build
from minzheng.demo.rehab import demo_rehab_build
from minzheng.demo.staff import (
    PAYMENTS_CHECKER,
    PAYMENTS_MAKER,
    Login,
    demo_operators_ensure,
    demo_staff_ensure,
)
from minzheng.places.matching.tasks import link_registry_addresses

PLACES_LABELS = {
    "roads": "街路巷",
    "compounds": "小区",
    "addresses": "标准地址",
    "doorplates": "数字门牌",
    "proposals": "命名道路桥梁",
    "named_roads": "其中新命名道路",
    "heritage_entries": "地名文化遗产",
    "catalogue_departments": "门牌关联部门",
    "catalogue_services": "门牌关联服务",
}


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - _width(text))


def logins_table(logins: list[Login]) -> str:
    rows = [("用户名", "角色", "区划", "密码")]
    rows += [(lg.username, lg.role.value, f"{lg.region.full_name or lg.region.name}（{lg.region.code}）", lg.password)
             for lg in logins]
    widths = [max(_width(row[i]) for row in rows) for i in range(4)]
    lines = ["  ".join(_pad(cell, widths[i]) for i, cell in enumerate(row)).rstrip() for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


class Command(BaseCommand):
    help = "迁移数据库，生成演示用的湖州市（村社区、人口、家庭户、演示账号），然后启动服务。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scale", type=float, default=0.01,
                            help="湖州全市 340 万人的比例，默认 0.01（约 3.4 万人）；1.0 为全量")
        parser.add_argument("--seed", type=int, default=1, help="随机种子；相同种子生成相同数据（默认 1）")
        parser.add_argument("--reset", action="store_true",
                            help="先清空全部人员、家庭户和家庭成员，再按本次参数生成")
        parser.add_argument("--no-serve", action="store_true", help="只生成数据，不启动服务")
        parser.add_argument("--addr", default="127.0.0.1:8000", help="服务地址，默认 127.0.0.1:8000")
        parser.add_argument("--workers", type=int, default=None,
                            help="生成数据的进程数（默认：小规模 1 个，大规模按 CPU 核数）")
        parser.add_argument("--rebuild-indexes", choices=["auto", "yes", "no"], default="auto",
                            help="批量写入前删除、写入后重建索引（默认按数据量自动决定）")
        parser.add_argument("--report-json", type=Path, default=None,
                            help="把计数、分阶段耗时和峰值内存写入这个 JSON 文件（供基准测试使用）")

    def handle(self, *args: Any, **options: Any) -> None:
        if not (settings.DEBUG or getattr(settings, "TESTING", False)):
            raise CommandError(messages.NOT_DEBUG)
        try:
            validate_scale(options["scale"])
        except DemoError as exc:
            raise CommandError(str(exc)) from exc
        verbosity = options["verbosity"]
        call_command("migrate", interactive=False, verbosity=max(0, verbosity - 1), stdout=self.stdout)
        rebuild = {"auto": None, "yes": True, "no": False}[options["rebuild_indexes"]]
        try:
            report = demo_build(
                seed=options["seed"],
                scale=options["scale"],
                reset=options["reset"],
                workers=options["workers"],
                rebuild_indexes=rebuild,
                progress=verbosity > 0,
                log=self.stdout.write,
            )
        except DemoError as exc:
            raise CommandError(str(exc)) from exc
        if report.townships_built:
            seconds = report.seconds.get("total", 0.0)
            self.stdout.write(self.style.SUCCESS(
                f"已生成 {report.townships_built} 个乡镇街道：村（社区）{report.villages:,} 个，"
                f"人员 {report.persons:,} 人，家庭户 {report.households:,} 户，家庭成员 {report.memberships:,} 条，"
                f"用时 {seconds:.1f} 秒（{report.rows / max(seconds, 1e-9):,.0f} 行/秒）。"))
            homes = report.homes
            self.stdout.write(messages.HOUSED.format(
                linked=homes.households_linked, rate=100 * report.link_rate, persons=homes.persons_linked,
                unlinked=homes.planted_unlinked, unknown=homes.planted_unknown))
        else:
            self.stdout.write(messages.ALREADY_BUILT.format(seed=report.seed, scale=report.scale))
        places = report.places | demo_places_build(seed=options["seed"], scale=options["scale"],
                                                   progress=verbosity > 0)
        made = [f"{label} {places[key]:,}" for key, label in PLACES_LABELS.items() if places.get(key)]
        if made:
            self.stdout.write(self.style.SUCCESS("已生成地名地址：" + "，".join(made) + "。"))
        if report.homes.planted_unlinked:
            # Only the planted households that registered a text of their dwelling without a
            # link are left to match, as an imported registry would be: by the background task,
            # which the worker beside the server runs. Everyone else was linked as written.
            link_registry_addresses.enqueue()
            self.stdout.write(messages.LINKING_QUEUED.format(count=report.homes.planted_unlinked))
        logins = demo_staff_ensure()
        assistance = demo_assistance_build(seed=options["seed"], scale=options["scale"],
                                           maker=User.objects.get(username=PAYMENTS_MAKER),
                                           checker=User.objects.get(username=PAYMENTS_CHECKER),
                                           say=self.stdout.write)
        if assistance:
            self.stdout.write(self.style.SUCCESS(messages.ASSISTANCE_BUILT.format(**assistance)))
        eldercare = self.eldercare(options["seed"], options["scale"])
        logins += demo_operators_ensure(actor=User.objects.get(username=PAYMENTS_MAKER))
        started = time.perf_counter()
        database_analyze()
        self.stdout.write(messages.ANALYZED.format(seconds=time.perf_counter() - started))
        if options["report_json"] is not None:
            options["report_json"].write_text(json.dumps({**report.as_dict(), "assistance": assistance, **eldercare},
                                                         ensure_ascii=False, indent=2),
                                              encoding="utf-8")
        self.stdout.write("\n演示账号：\n" + logins_table(logins) + "\n")
        if options["no_serve"]:
            return
        self.serve(options["addr"])

    def eldercare(self, seed: int, scale: float) -> dict[str, Any]:
        """Service sites, care homes' beds and residents, assessments, love cards and their
        ledger, then a year of meals paid by card (each part once), with the seconds each took."""
        maker, checker = User.objects.get(username=PAYMENTS_MAKER), User.objects.get(username=PAYMENTS_CHECKER)
        say = self.stdout.write
        parts = {
            "facilities": lambda: demo_facilities_build(seed=seed, scale=scale, say=say),
            "caregivers": lambda: demo_caregivers_build(seed=seed, scale=scale, maker=maker, checker=checker, say=say),
            "eldercare": lambda: demo_eldercare_build(seed=seed, scale=scale, maker=maker, checker=checker, say=say),
            "love_cards": lambda: demo_love_cards_build(seed=seed, scale=scale, say=say),
            "meals": lambda: demo_meals_build(seed=seed, scale=scale, say=say),
            "home_beds": lambda: demo_home_beds_build(seed=seed, scale=scale, say=say),
            "home_services": lambda: demo_home_services_build(seed=seed, scale=scale, say=say),
            "insurance": lambda: demo_insurance_build(seed=seed, scale=scale, say=say),
            "adaptation": lambda: demo_adaptation_build(seed=seed, scale=scale, say=say),
            "lottery": lambda: demo_lottery_build(seed=seed, scale=scale, say=say),
            "rehab": lambda: demo_rehab_build(seed=seed, scale=scale, actor=maker, say=say),
            "children": lambda: demo_children_build(seed=seed, scale=scale, maker=maker, checker=checker, say=say),
            "civil_society": lambda: demo_civil_society_build(seed=seed, scale=scale, say=say),
            # After the registry's organizations (civil_society), whom it recognizes as charities.
            "charity": lambda: demo_charity_build(seed=seed, scale=scale, say=say),
            # After the facilities (the marriage offices) and the households (the couples married before).
            "marriage": lambda: demo_marriage_build(seed=seed, scale=scale, say=say),
            # After the facilities demo's offices and counselling stations.
            "marriage_events": lambda: demo_marriage_events_build(seed=seed, scale=scale, say=say),
            # The residents who died in 2024, the summary's year (the people part's deaths are of 2025).
            "past_deaths": lambda: demo_past_deaths_build(seed=seed, scale=scale, say=say),
            # The deceased residents' death registrations and checklists, before the funeral cases.
            "deaths": lambda: demo_deaths_build(seed=seed, scale=scale, say=say),
            # After the facilities (the funeral homes) and the registry's deceased.
            "funeral": lambda: demo_funeral_build(seed=seed, scale=scale, say=say),
            # After the facilities (cemeteries, columbaria) and the deaths: the deceased laid in plots.
            "cemetery": lambda: demo_cemetery_build(seed=seed, scale=scale, say=say),
        }
        out: dict[str, Any] = {}
        for name, build in parts.items():
            started = time.perf_counter()
            counts = build()
            out[name] = {**counts, "seconds": round(time.perf_counter() - started, 1)} if counts else {}
        return out

    def serve(self, addr: str) -> None:
        """Run the development server, with the background worker beside it for as long."""
        command = "worker" if "worker" in get_commands() else "db_worker"
        argv = [sys.executable, "-m", "minzheng", command]
        if command == "db_worker":
            argv.append("--no-reload")
        # Its own process group, so that stopping it also stops any child it started.
        worker = subprocess.Popen(argv, env=os.environ.copy(), start_new_session=True)
        self.stdout.write(f"后台任务进程已启动（{command}，进程号 {worker.pid}）。按 Ctrl-C 停止服务。")
        # A plain `kill` must also stop the worker, not orphan it: turn SIGTERM into an exit
        # that runs the ``finally`` below (Ctrl-C already arrives as KeyboardInterrupt).
        previous = signal.signal(signal.SIGTERM, _exit_on_signal)
        try:
            call_command("runserver", addr, use_reloader=False)
        except KeyboardInterrupt:
            pass
        finally:
            signal.signal(signal.SIGTERM, previous)
            _stop(worker)


def _exit_on_signal(signum: int, frame: Any) -> None:
    raise SystemExit(0)


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    except ProcessLookupError:
        pass
