"""Scenario 2: writes under wrk at 32 connections, then a check that the state holds them.

Three writes, each run in a tenant of its own (so runs never see each other's rows):
- LIFE POS: create a workplace without `number`;
- СУП: link_card with a fresh X-Nonce each time, after logging in as the demo client `partner`.
  The tenant gets a pool of free cards and an employee of its own first, so every request is a
  real link (lua/sup_link_card.lua);
- CloudTips: create-many with one new phone per request, after /connect/token.

Writes go out for `duration` seconds, then wrk goes on for DRAIN_SECONDS (a smoke run: SMOKE_DRAIN_SECONDS) with requests that touch
nothing, so every write gets its answer before wrk closes its connections (lua/write_phase.lua). The check reads GET /_emulator/state
afterwards: every id a 200 answered must be there, and the rows added must be exactly the 200s
(give or take the writes still unanswered when wrk stopped, if the drain was too short for them).

Each write is reported as successful writes/s against the ceiling's GET req/s of the same session,
and the p99 of the writes' answers (the drain's answers left out: lua/report.lua).
"""

import json

from lib import ORG, LP_HEADERS, median, request, request_json, wait_quiet, wrk

SUP_EMPLOYEE = "b0000000-0000-4000-8000-00000000be01"
SUP_CARD_PREFIX = "47"
# Long enough for 32 writes queued behind a busy core, even in a debug build: 32 writes take well
# under a second there, so a smoke run (one second of writes) drains for one.
DRAIN_SECONDS = 3
SMOKE_DRAIN_SECONDS = 1


def tenant_headers(tenant):
    return {"X-Emulator-Tenant": tenant}


def state(port, tenant):
    return request_json(port, "GET", "/_emulator/state", tenant_headers(tenant))


def lifepos_rows(doc):
    orgs = doc.get("lifepos", {}).get("organizations", [])
    return {w["guid"] for o in orgs if o["guid"] == ORG for w in o.get("workplaces", [])}


def sup_rows(doc):
    return {c["idCard"] for c in doc.get("sup", {}).get("cards", []) if c.get("idEmployee") == SUP_EMPLOYEE}


def cloudtips_rows(doc):
    return {r["userId"] for r in doc.get("cloudtips", {}).get("receivers", [])
            if r["phoneNumber"].startswith("+7950")}


def prepare_lifepos(settings, port, tenant):
    request_json(port, "GET", f"/lifepos/v6/orgs/{ORG}/workplaces", {**LP_HEADERS, **tenant_headers(tenant)})
    return {"BENCH_ORG": ORG}


def prepare_sup(settings, port, tenant):
    pool = max(2000, 10000 * settings.duration)  # more than 32 connections link in a run
    width = 13 - len(SUP_CARD_PREFIX)
    doc = {"sup": {
        "employees": [{"idEmployee": SUP_EMPLOYEE, "customId": "BENCH", "surname": "Нагрузка",
                       "name": "Тест", "phone": "9000000001", "status": "WORK"}],
        "cards": [{"customIdCard": f"{SUP_CARD_PREFIX}{i:0{width}d}", "available": True,
                   "validUntil": "2099-12-31"} for i in range(pool)],
    }}
    request_json(port, "POST", "/_emulator/fixtures", tenant_headers(tenant), doc)
    token = request_json(port, "POST", "/sup/v1/auth/login", tenant_headers(tenant),
                         {"login": "partner", "password": "secret"})["access_token"]
    return {"BENCH_TOKEN": token, "BENCH_EMPLOYEE": SUP_EMPLOYEE, "BENCH_CARDS": str(pool),
            "BENCH_CARD_PREFIX": SUP_CARD_PREFIX}


def prepare_cloudtips(settings, port, tenant):
    form = "grant_type=password&client_id=Partner&username=partner%40example.com&password=secret"
    status, _, body = request(port, "POST", "/cloudtips/connect/token",
                              {**tenant_headers(tenant), "Content-Type": "application/x-www-form-urlencoded"}, form)
    if status != 200:
        raise RuntimeError(f"CloudTips token answered {status}: {body[:200]!r}")
    return {"BENCH_TOKEN": json.loads(body)["access_token"]}


WRITES = {
    # name: (wrk script, tenant preparation, the rows of the state it writes)
    "lifepos_create_workplace": ("lifepos_create.lua", prepare_lifepos, lifepos_rows),
    "sup_link_card": ("sup_link_card.lua", prepare_sup, sup_rows),
    "cloudtips_create_many": ("cloudtips_create_many.lua", prepare_cloudtips, cloudtips_rows),
}


def logged_errors(server, since):
    """The distinct ERROR lines the server logged during a run (what a 5xx was), at most five."""
    with open(server.log_path, "rb") as f:
        f.seek(since)
        lines = f.read().decode(errors="replace").splitlines()
    seen = []
    for line in lines:
        if " ERROR " in line and "on_failure" not in line:
            text = line.split(" ERROR ", 1)[1]
            if text not in seen:
                seen.append(text)
    return seen[:5]


def one_run(settings, server, write, i):
    engine_name, port = server.name, server.port
    script, prepare, rows = WRITES[write]
    tenant = f"w-{write.split('_')[0]}-{i}"
    # A smoke run only proves the path works: one second of writes (the drain stays as long).
    seconds = 1 if settings.smoke else settings.duration
    drain = SMOKE_DRAIN_SECONDS if settings.smoke else DRAIN_SECONDS
    env = {"BENCH_TENANT": tenant, "BENCH_WRITE_SECONDS": str(seconds), **prepare(settings, port, tenant)}
    before = rows(state(port, tenant))
    ids_file = settings.work / f"ids-{engine_name}-{tenant}.txt"
    ids_file.write_text("")
    env["BENCH_IDS"] = str(ids_file)
    quiet = wait_quiet(settings, f"{write} {engine_name} #{i + 1}")
    log_start = server.log_path.stat().st_size
    result = wrk(settings, f"http://127.0.0.1:{port}/", [script, "write_phase.lua"],
                 seconds + drain, env=env)

    statuses = {int(k): v for k, v in result["statuses"].items()}
    ok_ids = [line for line in ids_file.read_text().splitlines() if line]
    answered = sum(statuses.values())
    # wrk calls request() once more than it sends, to check the script before the run.
    unanswered = max(0, result["sent"] - 1 - answered)
    added = rows(state(port, tenant)) - before
    missing = set(ok_ids) - added
    extra = len(added) - len(set(ok_ids))
    check_ok = not missing and 0 <= extra <= unanswered
    request_json(port, "POST", "/_emulator/reset", tenant_headers(tenant))
    return {
        "writes_per_s": round(statuses.get(200, 0) / seconds, 1),
        "p99_ms": round(result["latency_us"]["counted_p99"] / 1000, 3),
        "requests_per_s": round(answered / seconds, 1),
        "statuses": dict(sorted(statuses.items())),
        "status_5xx": sum(v for k, v in statuses.items() if k >= 500),
        "socket_errors": sum(v for k, v in result["errors"].items() if k != "status"),
        "ok": statuses.get(200, 0),
        "in_state": len(added),
        "unanswered_at_stop": unanswered,
        "ok_missing_from_state": len(missing),
        "check_ok": check_ok,
        "quiet": quiet,
        **({"server_errors": logged_errors(server, log_start)} if any(k >= 500 for k in statuses) else {}),
    }


def run(settings, server, ceiling_rps):
    out = {}
    for write in WRITES:
        runs = []
        for i in range(settings.runs):
            r = one_run(settings, server, write, i)
            runs.append(r)
            print(f"  {write} {server.name} #{i + 1}: {r['writes_per_s']:.0f} writes/s, p99 {r['p99_ms']} ms, "
                  f"statuses {r['statuses']}, "
                  f"{r['in_state']} in the state for {r['ok']} answered 200 ({r['unanswered_at_stop']} unanswered): "
                  f"{'ok' if r['check_ok'] else 'MISMATCH'}", flush=True)
            for line in r.get("server_errors", []):
                print(f"    server logged: {line[:300]}", flush=True)
        writes_per_s = median([r["writes_per_s"] for r in runs])
        out[write] = {
            "runs": runs,
            "median": {"writes_per_s": writes_per_s,
                       "requests_per_s": median([r["requests_per_s"] for r in runs]),
                       "p99_ms": median([r["p99_ms"] for r in runs])},
            "ceiling_rps": ceiling_rps,
            "ratio_to_ceiling": round(writes_per_s / ceiling_rps, 3) if ceiling_rps and writes_per_s is not None else None,
            "status_5xx": sum(r["status_5xx"] for r in runs),
            "check_ok": all(r["check_ok"] for r in runs),
            "quiet": all(r["quiet"] for r in runs),
        }
    return out
