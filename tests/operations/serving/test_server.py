"""The gunicorn settings ``minzheng serve`` runs with."""

from __future__ import annotations

from gunicorn.config import Config

from minzheng.operations.serving.server import (
    MAX_DEFAULT_WORKERS,
    PERSISTENT_CONNECTION_SECONDS,
    ServeOptions,
    default_workers,
    gunicorn_settings,
    keep_connections,
)


def test_workers_default_to_the_cores_plus_one_within_a_ceiling() -> None:
    assert default_workers(configured=0, cores=2) == 3
    assert default_workers(configured=0, cores=None) == 2
    assert default_workers(configured=0, cores=64) == MAX_DEFAULT_WORKERS
    assert default_workers(configured=7, cores=2) == 7


def _config(options: ServeOptions) -> Config:
    config = Config()
    for key, value in gunicorn_settings(options).items():
        config.set(key, value)
    return config


def test_gunicorn_believes_no_forwarded_scheme_unless_proxies_are_named() -> None:
    # gunicorn's own default trusts 127.0.0.1, which on a shared machine is anybody.
    assert Config().forwarded_allow_ips != []
    assert _config(ServeOptions()).forwarded_allow_ips == []
    assert _config(ServeOptions(trusted_proxies=("127.0.0.1", "10.0.0.0/8"))).forwarded_allow_ips == [
        "127.0.0.1", "10.0.0.0/8"]


def test_gunicorn_writes_no_access_log_unless_asked_and_preloads_the_app() -> None:
    config = _config(ServeOptions())
    assert config.accesslog is None and config.preload_app is True
    assert (config.timeout, config.max_requests, config.max_requests_jitter) == (60, 10_000, 1_000)
    assert _config(ServeOptions(access_logfile="-")).accesslog == "-"


def test_workers_keep_their_database_connections_unless_told_otherwise() -> None:
    kept: dict[str, object] = {"CONN_MAX_AGE": 0, "CONN_HEALTH_CHECKS": False}
    keep_connections(settings_dicts=[kept], environ={})
    assert kept == {"CONN_MAX_AGE": PERSISTENT_CONNECTION_SECONDS, "CONN_HEALTH_CHECKS": True}
    told: dict[str, object] = {"CONN_MAX_AGE": 0, "CONN_HEALTH_CHECKS": False}
    keep_connections(settings_dicts=[told], environ={"MINZHENG_CONN_MAX_AGE": "0"})
    assert told == {"CONN_MAX_AGE": 0, "CONN_HEALTH_CHECKS": False}
