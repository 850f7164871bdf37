"""The ``minzheng`` command: django-admin with our settings preset."""

from __future__ import annotations

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "minzheng.settings")
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line([os.path.basename(sys.argv[0]) or "minzheng", *sys.argv[1:]])
    except ImproperlyConfigured as exc:
        # A missing key or a bad variable is the operator's to fix: say which, without a traceback.
        sys.stderr.write(f"minzheng: {exc}\n")
        raise SystemExit(2) from None


if __name__ == "__main__":
    main()
