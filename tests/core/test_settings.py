"""The settings refuse a production start without secrets, and read booleans strictly."""

import os
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from minzheng.settings import env_bool, env_int, env_secret


def test_boolean_that_is_not_true_or_false_raises(monkeypatch):
    monkeypatch.setenv("MINZHENG_X", "maybe")
    with pytest.raises(ImproperlyConfigured, match="MINZHENG_X"):
        env_bool("MINZHENG_X", False)


@pytest.mark.parametrize(("raw", "value"), [("true", True), ("0", False), ("", True), ("Off", False)])
def test_boolean_spellings(monkeypatch, raw, value):
    monkeypatch.setenv("MINZHENG_X", raw)
    assert env_bool("MINZHENG_X", True) is value


def test_integer_must_be_whole(monkeypatch):
    monkeypatch.setenv("MINZHENG_N", "3.5")
    with pytest.raises(ImproperlyConfigured):
        env_int("MINZHENG_N", 1)


def test_secret_can_come_from_a_file(monkeypatch, tmp_path):
    secret = tmp_path / "key"
    secret.write_text("from-a-file-0123456789\n")
    monkeypatch.delenv("MINZHENG_FIELD_KEY", raising=False)
    monkeypatch.setenv("MINZHENG_FIELD_KEY_FILE", str(secret))
    assert env_secret("MINZHENG_FIELD_KEY") == "from-a-file-0123456789"


def _start(env: dict[str, str], tmp_path) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("MINZHENG_") and k != "PYTEST_CURRENT_TEST"}
    clean.update({"MINZHENG_VAR_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "minzheng.settings", **env})
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); print('started')"],
        env=clean, capture_output=True, text=True, timeout=60, check=False,
    )


def test_production_refuses_to_start_without_keys(tmp_path):
    result = _start({"MINZHENG_DEBUG": "false"}, tmp_path)
    assert result.returncode != 0
    assert "MINZHENG_SECRET_KEY" in result.stderr


def test_production_starts_with_keys(tmp_path):
    result = _start(
        {"MINZHENG_DEBUG": "false", "MINZHENG_SECRET_KEY": "s" * 50, "MINZHENG_FIELD_KEY": "f" * 32}, tmp_path
    )
    assert result.stdout.strip() == "started", result.stderr


def test_demo_generates_keys_into_var(tmp_path):
    result = _start({"MINZHENG_DEBUG": "true"}, tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "secret_key").exists() and (tmp_path / "field_key").exists()
    assert oct((tmp_path / "field_key").stat().st_mode)[-3:] == "600"


def test_the_command_names_the_missing_key_without_a_traceback(tmp_path):
    clean = {k: v for k, v in os.environ.items() if not k.startswith("MINZHENG_") and k != "PYTEST_CURRENT_TEST"}
    clean.update({"MINZHENG_VAR_DIR": str(tmp_path), "MINZHENG_DEBUG": "false"})
    result = subprocess.run([sys.executable, "-m", "minzheng", "check"], env=clean, capture_output=True, text=True,
                            timeout=60, check=False)
    assert result.returncode == 2
    assert result.stderr.startswith("minzheng: MINZHENG_SECRET_KEY") and "Traceback" not in result.stderr
