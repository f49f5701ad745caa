"""Scenario 8: GET one LIFE POS workplace with every read reaching the database.

A test suite rarely reads one entity again and again (scenario 1, answered by the read cache); it
reads what it just made. So each engine gets an emulator of its own with the read cache off
(`database.read_cache_bytes = 0`), a tenant loaded with `uncached_rows` workplaces (10 000 in a
full run) through the control plane's fixtures, and wrk at 32 connections reading them in random
order (lua/random_get.lua). Reported as req/s against the ceiling measured in the same session,
and p99.
"""

from lib import emulator, median, request_json, wait_quiet, wrk

ORG = "b0000000-0000-4000-8000-0000000002a0"
KEY = "bench-uncached-key"
TENANT = "bench-uncached"
GUID_PREFIX = "c0000000-0000-4000-8000-"
NO_READ_CACHE = {"EMULATOR__DATABASE__READ_CACHE_BYTES": "0"}


def guid(n):
    return f"{GUID_PREFIX}{n:012d}"


def organization(rows):
    """A fixture document: one organization with workplaces 1…rows, each with a known guid."""
    return {"lifepos": {"organizations": [{
        "guid": ORG, "name": "Сеть без кэша", "api_keys": [KEY],
        "workplaces": [{"guid": guid(n), "name": f"Касса {n}", "number": n, "workplace_type": "Stationary"}
                       for n in range(1, rows + 1)],
    }]}}


def env(rows):
    return {"BENCH_ORG": ORG, "BENCH_KEY": KEY, "BENCH_TENANT": TENANT, "BENCH_ROWS": str(rows),
            "BENCH_GUID_PREFIX": GUID_PREFIX}


def run(settings, engine, ceiling_rps):
    rows = settings.uncached_rows
    server = emulator(settings, f"emulator-{engine.name}-uncached", engine.url("uncached"), NO_READ_CACHE)
    try:
        server.wait_ready()
        request_json(server.port, "POST", "/_emulator/fixtures?mode=replace", {"X-Emulator-Tenant": TENANT},
                     organization(rows))
        headers = {"Accept-Language": "ru-RU", "X-LP-Client-Identifier": "bench", "X-LP-Client-Type": "Service",
                   "Authorization": KEY, "X-Emulator-Tenant": TENANT}
        last = request_json(server.port, "GET", f"/lifepos/v6/orgs/{ORG}/workplaces/{guid(rows)}", headers)
        if last["number"] != rows:
            raise RuntimeError(f"workplace {rows} came back as number {last['number']}")
        url = f"http://127.0.0.1:{server.port}/"
        wrk(settings, url, ["random_get.lua"], settings.warmup, env=env(rows))
        runs = []
        for i in range(settings.runs):
            quiet = wait_quiet(settings, f"uncached get {engine.name} #{i + 1}")
            r = wrk(settings, url, ["random_get.lua"], settings.duration, env=env(rows))
            statuses = {int(k): v for k, v in r["statuses"].items()}
            runs.append({"rps": round(r["requests"] / (r["duration_us"] / 1e6), 1),
                         "p50_ms": round(r["latency_us"]["p50"] / 1000, 3),
                         "p99_ms": round(r["latency_us"]["p99"] / 1000, 3),
                         "non2xx": sum(v for k, v in statuses.items() if k >= 300),
                         "quiet": quiet})
            s = runs[-1]
            print(f"  uncached get {engine.name} #{i + 1}: {s['rps']:.0f} req/s, p50 {s['p50_ms']} ms, "
                  f"p99 {s['p99_ms']} ms, non-2xx {s['non2xx']}", flush=True)
    finally:
        server.stop()
        engine.release("uncached")
    m = {k: median([r[k] for r in runs]) for k in ("rps", "p50_ms", "p99_ms", "non2xx")}
    return {"rows": rows, "runs": runs, "median": m, "quiet": all(r["quiet"] for r in runs),
            "ceiling_rps": ceiling_rps,
            "ratio_to_ceiling": round(m["rps"] / ceiling_rps, 3) if ceiling_rps else None}
