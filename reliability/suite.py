"""The reliability suite: `reliability/run [test …]` runs every test, or the named ones.

Each test starts the real binary (EMULATOR_BIN, default target/debug/vendor-emulator) as its own
processes on free ports, and returns a one-line figure for RELIABILITY.md.
"""

import sys
import time

import test_kill9

TESTS = {
    "kill9_sqlite": test_kill9.test_kill9_sqlite,
    "kill9_postgres": test_kill9.test_kill9_postgres,
}


def main(names):
    unknown = [name for name in names if name not in TESTS]
    if unknown:
        print(f"unknown test(s): {', '.join(unknown)}; known: {', '.join(TESTS)}", file=sys.stderr)
        return 2
    failed = []
    started = time.monotonic()
    for name in names or list(TESTS):
        began = time.monotonic()
        try:
            figure = TESTS[name]()
            print(f"ok   {name} ({time.monotonic() - began:.1f} s): {figure}", flush=True)
        except Exception as err:  # a failure of any kind is reported, and the rest still run
            failed.append(name)
            print(f"FAIL {name} ({time.monotonic() - began:.1f} s): {type(err).__name__}: {err}", flush=True)
    print(f"reliability: {len(failed)} failed, {time.monotonic() - started:.1f} s in all")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
