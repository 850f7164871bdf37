"""Django's async-safety guard stays on for the whole run: a browser test lifts it for itself
only (tests/web/browser.py), never by setting the variable when its module is imported, which
would turn the guard off for every test collected after it."""

from __future__ import annotations

import importlib
import os

import pytest

BROWSER_MODULES = [
    "tests.web.test_browser_household",
    "tests.places.names.test_browser_propose",
    "tests.places.doorplates.test_browser_scan_report",
]


def test_the_guard_is_on_in_an_ordinary_test() -> None:
    # By now pytest has imported every collected module, the browser tests' included.
    assert "DJANGO_ALLOW_ASYNC_UNSAFE" not in os.environ


@pytest.mark.parametrize("module", BROWSER_MODULES)
def test_importing_a_browser_test_module_leaves_the_guard_on(module: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DJANGO_ALLOW_ASYNC_UNSAFE", raising=False)
    importlib.reload(importlib.import_module(module))
    assert "DJANGO_ALLOW_ASYNC_UNSAFE" not in os.environ
