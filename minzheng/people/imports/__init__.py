"""Importing people and households from a spreadsheet (.xlsx or .csv).

An import is an ``ImportJob`` that goes through two stages, both run by background tasks:

1. **Validate** (a dry run). Every row is read and each field checked; then the rows are checked
   against one another (duplicate ID numbers, who heads which household) and against the
   registry with bulk look-ups only: the regions in one query, registered people by blind index
   in chunks of 1,000. The result is a report of every bad row (row, column, value masked,
   Chinese reason) and a plan for the good ones. Nothing but the job row is written.
2. **Commit**, only when the user asks for the good rows to go in. The file is validated again
   against the registry as it is now, then written in batches. A batch holds whole households
   and is one transaction with its audit entries, so a failure leaves no batch half-written.
   Writes are ``bulk_create`` / ``bulk_update``, never a save per row.

Importing the same file twice creates nothing new: people are matched by the ID number's blind
index, a head's household is the one they already head, and a membership already in place is
left alone. ``Person.id_number_digest`` and the one-to-one ``Membership.person`` enforce it in
the database even when two imports race.

File columns: 身份证号, 姓名, 区划代码 (required); 手机号, 住址, 户主身份证号, 与户主关系. A row whose
户主身份证号 is its own ID number, or is empty with 与户主关系 "本人", is the head of a household;
a row with neither is a person without a household.

The package: ``columns`` (the file format, limits and messages), ``checks`` (the validate stage),
``writes`` (the commit stage) and ``jobs`` (the services pages and tasks call). Everything that
other modules use is importable from here.
"""

from minzheng.core.tabular import TabularError
from minzheng.people.imports.checks import Row, Validation, read_people_table, validate_table
from minzheng.people.imports.columns import *  # noqa: F403  (the messages and the format)
from minzheng.people.imports.columns import COLUMNS, max_bytes, max_rows
from minzheng.people.imports.jobs import (
    REPORT_HEADERS,
    import_job_commit_start,
    import_job_create,
    import_job_get,
    import_job_list,
    import_job_run_commit,
    import_job_run_validation,
    report_xlsx,
    template_xlsx,
)
from minzheng.people.imports.writes import BatchFailed, CommitCounts, commit_rows, write_batch

__all__ = [
    "COLUMNS",
    "REPORT_HEADERS",
    "BatchFailed",
    "CommitCounts",
    "Row",
    "TabularError",
    "Validation",
    "commit_rows",
    "import_job_commit_start",
    "import_job_create",
    "import_job_get",
    "import_job_list",
    "import_job_run_commit",
    "import_job_run_validation",
    "max_bytes",
    "max_rows",
    "read_people_table",
    "report_xlsx",
    "template_xlsx",
    "validate_table",
    "write_batch",
]
