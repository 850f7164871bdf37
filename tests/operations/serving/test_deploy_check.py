"""``minzheng check --deploy`` with the environment of a real deployment, in a process of its own."""

from __future__ import annotations

import secrets
from pathlib import Path

from tests.processes import process_env, run_minzheng


def deployment_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = process_env(database_url=f"sqlite:///{tmp_path / 'db.sqlite3'}", var_dir=tmp_path / "var", extra={
        "MINZHENG_SECRET_KEY": secrets.token_urlsafe(50),
        "MINZHENG_FIELD_KEY": secrets.token_urlsafe(32),
        "MINZHENG_ALLOWED_HOSTS": "mz.example.gov.cn",
        "MINZHENG_TRUSTED_PROXIES": "127.0.0.1",
    })
    del env["MINZHENG_SECURE_COOKIES"]  # a deployment leaves it to its default: secure
    env.update(extra)
    return env


def test_check_deploy_passes_with_production_settings_and_ssl_redirect(tmp_path: Path) -> None:
    done = run_minzheng("check", "--deploy", "--fail-level", "WARNING",
                        env=deployment_env(tmp_path, MINZHENG_SSL_REDIRECT="true"))
    assert "no issues" in done.stdout


def test_check_deploy_fails_without_ssl_redirect_naming_it_and_hsts(tmp_path: Path) -> None:
    done = run_minzheng("check", "--deploy", "--fail-level", "WARNING", env=deployment_env(tmp_path), check=False)
    assert done.returncode != 0
    assert "security.W008" in done.stderr and "security.W004" in done.stderr


def test_check_deploy_fails_on_insecure_cookies(tmp_path: Path) -> None:
    env = deployment_env(tmp_path, MINZHENG_SSL_REDIRECT="true", MINZHENG_SECURE_COOKIES="false")
    done = run_minzheng("check", "--deploy", "--fail-level", "WARNING", env=env, check=False)
    assert done.returncode != 0
    assert "security.W012" in done.stderr and "security.W016" in done.stderr


def test_a_bad_trusted_proxy_stops_the_start_naming_the_setting(tmp_path: Path) -> None:
    env = deployment_env(tmp_path, MINZHENG_SSL_REDIRECT="true", MINZHENG_TRUSTED_PROXIES="10.0.0.1/8")
    done = run_minzheng("check", env=env, check=False)
    assert done.returncode == 2
    assert "MINZHENG_TRUSTED_PROXIES" in done.stderr and "Traceback" not in done.stderr
