"""Run the benchmarks: every ``bench/*.py`` module's ``main()`` in name order, or those named.

    python -m bench                              # all of them, with their defaults
    python -m bench demo_build                   # only bench/demo_build.py
    python -m bench demo_build -- --scale 1.0    # arguments after -- go to the named modules
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import sys
import time
from pathlib import Path


def available() -> list[str]:
    here = Path(__file__).resolve().parent
    return sorted(m.name for m in pkgutil.iter_modules([str(here)]) if not m.name.startswith("_"))


def main(argv: list[str]) -> int:
    names, extra = (argv[: argv.index("--")], argv[argv.index("--") + 1 :]) if "--" in argv else (argv, [])
    known = available()
    unknown = [n for n in names if n not in known]
    if unknown:
        print(f"unknown benchmark(s): {', '.join(unknown)}; available: {', '.join(known)}", file=sys.stderr)
        return 2
    for name in names or known:
        module = importlib.import_module(f"bench.{name}")
        entry = getattr(module, "main", None)
        if entry is None:
            continue
        print(f"== bench.{name} ==", flush=True)
        started = time.perf_counter()
        if inspect.signature(entry).parameters:
            entry(list(extra))
        else:
            entry()
        print(f"(bench.{name}: {time.perf_counter() - started:.0f} s)\n", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
