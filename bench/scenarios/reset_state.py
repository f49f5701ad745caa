"""Scenario 7: the control plane on a large tenant: load `list_rows` workplaces with
POST /_emulator/fixtures, export it with GET /_emulator/state, bring it back with
POST /_emulator/reset. Each run uses a tenant of its own; medians are reported.
"""

import json
import time

from lib import median, request, wait_quiet
from list_pages import organization


def timed(port, method, path, tenant, body=None):
    started = time.perf_counter()
    status, _, data = request(port, method, path, {"X-Emulator-Tenant": tenant}, body)
    ms = (time.perf_counter() - started) * 1000
    if status != 200:
        raise RuntimeError(f"{method} {path} answered {status}: {data[:300]!r}")
    return round(ms, 2), data


def run(settings, engine_name, port):
    doc = organization(settings.list_rows)
    runs = []
    for i in range(settings.runs):
        tenant = f"big-{i}"
        quiet = wait_quiet(settings, f"reset/state {engine_name} #{i + 1}")
        load_ms, _ = timed(port, "POST", "/_emulator/fixtures", tenant, doc)
        state_ms, state = timed(port, "GET", "/_emulator/state", tenant)
        rows = sum(len(o.get("workplaces", [])) for o in json.loads(state)["lifepos"]["organizations"])
        reset_ms, _ = timed(port, "POST", "/_emulator/reset", tenant)
        runs.append({"fixtures_ms": load_ms, "state_ms": state_ms, "state_bytes": len(state),
                     "state_workplaces": rows, "reset_ms": reset_ms, "quiet": quiet})
        print(f"  reset/state {engine_name} #{i + 1}: fixtures {load_ms:.0f} ms, state {state_ms:.0f} ms "
              f"({len(state) // 1024} KiB, {rows} workplaces), reset {reset_ms:.0f} ms", flush=True)
        if rows < settings.list_rows:
            raise RuntimeError(f"the state holds {rows} workplaces, {settings.list_rows} were loaded")
    return {"rows": settings.list_rows, "runs": runs,
            **{k: median([r[k] for r in runs]) for k in ("fixtures_ms", "state_ms", "state_bytes", "reset_ms")}}
