"""The databases that the tests of real processes get (tests/processes.py)."""

from __future__ import annotations

from tests.processes import process_env, run_minzheng


def test_process_database_is_migrated_and_holds_no_rows(process_database, tmp_path) -> None:  # type: ignore[no-untyped-def]
    env = process_env(database_url=process_database.url, var_dir=tmp_path)
    plan = run_minzheng("migrate", "--check", env=env, check=False)
    assert plan.returncode == 0, plan.stdout + plan.stderr
    count = run_minzheng("shell", "--no-imports", "-c", "from minzheng.people.models import Person; print(Person.objects.count())", env=env)
    assert count.stdout.strip() == "0"

