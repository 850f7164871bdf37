"""The API stays thin: it reads through selectors (which apply the scope) and writes through
services. A ``Model.objects`` in an API module would skip the scope."""

from __future__ import annotations

from pathlib import Path

import pytest

import minzheng

API_MODULES = sorted(
    path
    for pattern in ("*/api.py", "*/api/*.py", "api_urls.py")
    for path in Path(minzheng.__file__).parent.glob(pattern)
)


def test_there_are_api_modules_to_check():
    assert len(API_MODULES) >= 10


@pytest.mark.parametrize("path", API_MODULES, ids=lambda p: str(p.relative_to(Path(minzheng.__file__).parent)))
def test_api_module_does_not_query_models_directly(path):
    assert ".objects." not in path.read_text(encoding="utf-8")


@pytest.mark.parametrize("path", [p for p in API_MODULES if "people" in p.parts])
def test_people_api_never_reads_clear_personal_data(path):
    text = path.read_text(encoding="utf-8")
    for clear in ('source="id_number"', 'source="phone"', "person.id_number ", "person.phone "):
        assert clear not in text
