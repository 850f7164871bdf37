"""The session's log scan finds what slipped past the filter (so the check can fail), masked."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from types import SimpleNamespace

import pytest

from tests import log_scan
from tests.log_scan import scan_files, session_log_file


def test_scan_finds_a_planted_id_number_and_phone_and_masks_them(tmp_path: Path) -> None:
    clean = tmp_path / "main.jsonl"
    clean.write_text(json.dumps({"logger": "minzheng.request", "message": "GET / 200"}) + "\n", encoding="utf-8")
    leaky = tmp_path / "gw1.jsonl"
    leaky.write_text(
        json.dumps({"logger": "x", "message": "ok"}) + "\n"
        + json.dumps({"logger": "x", "message": "查询 330502199001011234"}) + "\n"
        + json.dumps({"logger": "x", "message": "联系 13812345678"}) + "\n",
        encoding="utf-8",
    )

    result = scan_files([clean, leaky])

    assert (result.files, result.lines, result.request_lines) == (2, 4, 1)
    assert [(f.path.name, f.line_no) for f in result.findings] == [("gw1.jsonl", 2), ("gw1.jsonl", 3)]
    assert "身份证号" in result.findings[0].kind and "手机号" in result.findings[1].kind
    report = "\n".join(str(f) for f in result.findings)
    assert "330502199001011234" not in report and "13812345678" not in report
    assert "*" * 18 in report and "*" * 11 in report


def test_scan_of_clean_lines_finds_nothing(tmp_path: Path) -> None:
    path = tmp_path / "main.jsonl"
    path.write_text(json.dumps({"message": "身份证 [已隐去身份证号]", "region_code": "330502003001"}) + "\n",
                    encoding="utf-8")
    assert scan_files([path]).findings == []


def test_a_planted_id_number_logged_in_this_session_reaches_the_session_file_redacted(pytestconfig) -> None:  # type: ignore[no-untyped-def]
    logging.getLogger("minzheng.tests").warning("身份证 %s 手机 %s", "330502199001011234", "13812345678")
    try:
        raise ValueError("查无此人 33050219900101123X")
    except ValueError:
        logging.getLogger("minzheng.tests").exception("失败")

    lines = session_log_file(pytestconfig).read_text(encoding="utf-8").splitlines()
    mine = [json.loads(line) for line in lines if '"logger": "minzheng.tests"' in line][-2:]
    assert mine[0]["message"] == "身份证 [已隐去身份证号] 手机 [已隐去手机号]"
    assert "[已隐去身份证号]" in mine[1]["exception"] and "33050219900101123X" not in mine[1]["exception"]
    assert scan_files([session_log_file(pytestconfig)]).findings == []


def _fake_session(tmp_path: Path, monkeypatch, *, whole_suite: bool):  # type: ignore[no-untyped-def]
    monkeypatch.setenv(log_scan.LOG_DIR_ENV, str(tmp_path))
    source = pytest.Config.ArgsSource.TESTPATHS if whole_suite else pytest.Config.ArgsSource.ARGS
    config = SimpleNamespace(stash=pytest.Stash(), args_source=source)
    return SimpleNamespace(config=config, exitstatus=0)


def test_the_session_fails_when_a_log_file_of_the_session_holds_a_phone(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "gw0.jsonl").write_text(json.dumps({"logger": "minzheng.request", "message": "GET / 200"}) + "\n",
                                        encoding="utf-8")
    (tmp_path / "gw1.jsonl").write_text(json.dumps({"message": "回拨 13812345678"}) + "\n", encoding="utf-8")
    session = _fake_session(tmp_path, monkeypatch, whole_suite=False)

    log_scan.pytest_sessionfinish(session, 0)  # type: ignore[arg-type]

    assert session.exitstatus == 1
    report = "\n".join(session.config.stash[log_scan._report_key])
    assert "2 log lines (1 request lines) in 2 file(s)" in report
    assert "gw1.jsonl:1" in report and "13812345678" not in report


def test_a_whole_suite_that_logged_no_request_fails_but_a_few_chosen_tests_may(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "main.jsonl").write_text(json.dumps({"logger": "django", "message": "ok"}) + "\n", encoding="utf-8")
    whole = _fake_session(tmp_path, monkeypatch, whole_suite=True)
    log_scan.pytest_sessionfinish(whole, 0)  # type: ignore[arg-type]
    assert whole.exitstatus == 1

    chosen = _fake_session(tmp_path, monkeypatch, whole_suite=False)
    log_scan.pytest_sessionfinish(chosen, 0)  # type: ignore[arg-type]
    assert chosen.exitstatus == 0
