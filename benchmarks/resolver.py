"""Benchmark: resolve 10,000 State names (target: under one second).

Run:  .venv/bin/python benchmarks/resolver.py
Prints the time to build the index and to resolve 10,000 names drawn from every name the
data ships in six languages, in the upper- and lower-case and parenthesised variants that
spreadsheets carry, plus names that do not resolve. The resolver keeps no cache of
answers, so every run does the full work.
"""

import os
import random
import statistics
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "smallarms.settings")
os.environ.setdefault("DEBUG", "true")

import django

django.setup()

from smallarms.states import reference  # noqa: E402
from smallarms.states.resolver import default_resolver, resolve  # noqa: E402


def main():
    started = time.perf_counter()
    default_resolver()
    build = time.perf_counter() - started

    pool = [name for s in reference.states() for _lang, name in reference.all_names(s)]
    pool += [name.upper() for name in pool] + ["Atlantis", "Korea", "Kosovo", "Taiwan"]
    rng = random.Random(2026)
    names = [rng.choice(pool) for _ in range(10_000)]

    runs = []
    for _ in range(5):
        started = time.perf_counter()
        resolved = sum(resolve(name).resolved for name in names)
        runs.append(time.perf_counter() - started)

    print(f"index: {len(default_resolver().index)} keys, built in {build * 1000:.0f} ms")
    print(
        f"resolve 10,000 names ({resolved} resolved): median {statistics.median(runs):.3f} s, "
        f"max {max(runs):.3f} s over {len(runs)} runs (target < 1 s)"
    )


if __name__ == "__main__":
    main()
