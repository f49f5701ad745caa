"""Scenario 9: parallel test suites. 32 clients at once, each with a tenant of its own, each
replaying a journey across all four vendors (sign in to each, create a LIFE POS workplace, read it
back, list a page, patch it, an activation code sent by SMS read from the outbox and used, a СУП
link_card, an EDIN certificate, a CloudTips receiver created and read, a reset at the end) and
checking every answer. The clients are the package's example `bench-mix` (bench/mix/), run on
the load core against a fresh emulator per engine.

The scenario fails when any answer is a 5xx or not what the journey expects, whatever the timing.
"""

import json
import subprocess

from lib import LOAD_CORE, emulator, median, wait_quiet

CLIENTS = 32


def one_run(settings, port, seconds):
    argv = ["taskset", "-c", LOAD_CORE, str(settings.mix), f"http://127.0.0.1:{port}", str(CLIENTS), str(seconds)]
    r = subprocess.run(argv, capture_output=True, text=True, timeout=seconds + 120)
    for line in r.stdout.splitlines():
        if line.startswith("BENCH_JSON "):
            return json.loads(line[len("BENCH_JSON "):])
    raise RuntimeError(f"bench-mix gave no result (exit {r.returncode}): {r.stdout[-800:]} {r.stderr[-800:]}")


def run(settings, engine, ceiling_rps):
    server = emulator(settings, f"emulator-{engine.name}-mix", engine.url("mix"))
    runs = []
    try:
        server.wait_ready()
        one_run(settings, server.port, settings.warmup)
        for i in range(settings.runs):
            quiet = wait_quiet(settings, f"mix {engine.name} #{i + 1}")
            r = one_run(settings, server.port, settings.duration)
            r["quiet"] = quiet
            runs.append(r)
            print(f"  mix {engine.name} #{i + 1}: {r['rps']:.0f} req/s ({r['journeys']} journeys), "
                  f"p50 {r['p50_ms']:.2f} ms, p99 {r['p99_ms']:.2f} ms, 5xx {r['status_5xx']}, "
                  f"unexpected {r['unexpected']}", flush=True)
            for what in r["first_unexpected"]:
                print(f"    unexpected: {what[:400]}", flush=True)
    finally:
        server.stop()
        engine.release("mix")
    m = {k: median([r[k] for r in runs]) for k in ("rps", "p50_ms", "p99_ms")}
    out = {"clients": CLIENTS, "runs": runs, "median": m, "quiet": all(r["quiet"] for r in runs),
           "status_5xx": sum(r["status_5xx"] for r in runs), "unexpected": sum(r["unexpected"] for r in runs),
           "journeys": sum(r["journeys"] for r in runs), "ceiling_rps": ceiling_rps,
           "ratio_to_ceiling": round(m["rps"] / ceiling_rps, 3) if ceiling_rps else None}
    if out["status_5xx"] or out["unexpected"]:
        raise RuntimeError(f"the mix on {engine.name} saw {out['status_5xx']} × 5xx and {out['unexpected']} "
                           f"unexpected answers: {runs[-1]['first_unexpected'][:2]}")
    return out
