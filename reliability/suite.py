"""The reliability suite: `reliability/run [test …]` runs every test, or the named ones.

Every `test_<name>` function of a `test_*.py` module here is a test named `<name>`; modules run in
the order of their `ORDER`. Each test starts the real binary (EMULATOR_BIN, default
target/debug/vendor-emulator) as its own processes on free ports, and returns a one-line figure
for docs/reliability.md.
"""

import glob
import importlib
import os
import shutil
import sys
import tempfile
import time


def discover():
    here = os.path.dirname(os.path.abspath(__file__))
    modules = [
        importlib.import_module(os.path.basename(path)[:-3])
        for path in glob.glob(os.path.join(here, "test_*.py"))
    ]
    tests = {}
    for module in sorted(modules, key=lambda module: module.ORDER):
        for name in sorted(vars(module)):
            if name.startswith("test_"):
                tests[name[len("test_"):]] = getattr(module, name)
    return tests


def main(names):
    tests = discover()
    unknown = [name for name in names if name not in tests]
    if unknown:
        print(f"unknown test(s): {', '.join(unknown)}; known: {', '.join(tests)}", file=sys.stderr)
        return 2
    # Every test's working directories (logs, SQLite files, nginx's prefix) go under one directory,
    # removed when all passed and kept, named, when one failed. Readable by all: nginx runs as nobody.
    tempfile.tempdir = tempfile.mkdtemp(prefix="reliability-run-", dir=os.environ.get("TMPDIR", "/tmp"))
    os.chmod(tempfile.tempdir, 0o755)
    failed = []
    started = time.monotonic()
    for name in names or list(tests):
        began = time.monotonic()
        try:
            figure = tests[name]()
            print(f"ok   {name} ({time.monotonic() - began:.1f} s): {figure}", flush=True)
        except Exception as err:  # a failure of any kind is reported, and the rest still run
            failed.append(name)
            print(f"FAIL {name} ({time.monotonic() - began:.1f} s): {type(err).__name__}: {err}", flush=True)
    print(f"reliability: {len(failed)} failed, {time.monotonic() - started:.1f} s in all")
    if failed:
        print(f"logs of the emulators and nginx: {tempfile.tempdir}")
        return 1
    shutil.rmtree(tempfile.tempdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
