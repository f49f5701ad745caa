"""Scenario 4: page 1 and the last page of a large workplace list, each under wrk.

Loads an organization with `list_rows` workplaces (10 000 in a full run: 500 pages of 20) into a
tenant, walks `next_page_token` once to the last page to get its token, then measures both URLs in
turn. Keyset pagination should make the last page cost what the first does (target: last page
p50 ≤ 1.2 × page 1, both ≤ 5 ms). The latency targets are about one request, so wrk runs one
connection here: at 32, p50 would be the queue in front of the server (32 ÷ its rate).
"""

CONNECTIONS = 1

import urllib.parse

from lib import LP_HEADERS, median, request_json, wait_quiet, wrk

LIST_ORG = "b0000000-0000-4000-8000-0000000001a0"
LIST_KEY = "bench-list-key"
TENANT = "bench-list"


def organization(rows):
    """A fixture document: one organization with `rows` workplaces numbered 1…rows."""
    return {"lifepos": {"organizations": [{
        "guid": LIST_ORG, "name": "Нагрузочная сеть", "api_keys": [LIST_KEY],
        "workplaces": [{"name": f"Касса {n}", "number": n, "workplace_type": "Stationary"}
                       for n in range(1, rows + 1)],
    }]}}


def headers():
    return {**LP_HEADERS, "Authorization": LIST_KEY, "X-Emulator-Tenant": TENANT}


def run(settings, engine_name, port):
    request_json(port, "POST", "/_emulator/fixtures?mode=replace", {"X-Emulator-Tenant": TENANT},
                 organization(settings.list_rows))
    first = f"/lifepos/v6/orgs/{LIST_ORG}/workplaces"
    page = request_json(port, "GET", first, headers())
    last_page = page["pages_total"]
    url = first
    while page["next_page_token"]:
        url = f"{first}?page_token={urllib.parse.quote(page['next_page_token'], safe='')}"
        page = request_json(port, "GET", url, headers())
    if page["page_number"] != last_page or len(page["items"]) != 20:
        raise RuntimeError(f"the walk ended on page {page['page_number']} of {last_page} "
                           f"with {len(page['items'])} items")
    urls = {"page_1": first, "page_last": url}

    for name, path in urls.items():
        wrk(settings, f"http://127.0.0.1:{port}{path}", [], settings.warmup, headers=headers(),
            connections=CONNECTIONS)
    runs = {name: [] for name in urls}
    for i in range(settings.runs):
        for name, path in urls.items():
            quiet = wait_quiet(settings, f"list {name} {engine_name} #{i + 1}")
            r = wrk(settings, f"http://127.0.0.1:{port}{path}", [], settings.duration, headers=headers(),
                    connections=CONNECTIONS)
            runs[name].append({"p50_ms": round(r["latency_us"]["p50"] / 1000, 3),
                               "p99_ms": round(r["latency_us"]["p99"] / 1000, 3),
                               "rps": round(r["requests"] / (r["duration_us"] / 1e6), 1),
                               "non2xx": r["errors"]["status"], "quiet": quiet})
            print(f"  list {name} {engine_name} #{i + 1}: p50 {runs[name][-1]['p50_ms']} ms, "
                  f"{runs[name][-1]['rps']:.0f} req/s, non-2xx {runs[name][-1]['non2xx']}", flush=True)
    out = {"rows": settings.list_rows, "last_page": last_page, "connections": CONNECTIONS}
    for name in urls:
        out[name] = {"runs": runs[name],
                     **{k: median([r[k] for r in runs[name]]) for k in ("p50_ms", "p99_ms", "rps", "non2xx")}}
    p1 = out["page_1"]["p50_ms"]
    out["ratio"] = round(out["page_last"]["p50_ms"] / p1, 3) if p1 else None
    request_json(port, "POST", "/_emulator/fixtures?mode=replace", {"X-Emulator-Tenant": TENANT}, {})
    return out
