"""Scenario 1: GET one LIFE POS workplace at 32 connections, every contender in one session.

Contenders: the emulator on each engine, the raw-axum ceiling serving the same bytes, and (in a
full run) WireMock and Prism. The measured runs go round the contenders in turn (run 1 of each,
then run 2 of each, …) so a machine that gets busier or quieter drifts across all of them alike.
"""

from lib import GET_PATH, LP_HEADERS, RssSampler, median, request, wait_quiet, wrk


def summarize(result):
    seconds = result["duration_us"] / 1e6
    lat = result["latency_us"]
    return {
        "rps": round(result["requests"] / seconds, 1),
        "p50_ms": round(lat["p50"] / 1000, 3),
        "p99_ms": round(lat["p99"] / 1000, 3),
        "max_ms": round(lat["max"] / 1000, 3),
        "non2xx": result["errors"]["status"],
        "socket_errors": sum(v for k, v in result["errors"].items() if k != "status"),
        "requests": result["requests"],
    }


def ceiling_rps(settings, port):
    """The ceiling's GET req/s, median of the session's runs, when scenario 1 is left out."""
    wrk(settings, f"http://127.0.0.1:{port}{GET_PATH}", [], settings.warmup, headers=LP_HEADERS)
    rates = []
    for i in range(settings.runs):
        wait_quiet(settings, f"get ceiling #{i + 1}")
        rates.append(summarize(wrk(settings, f"http://127.0.0.1:{port}{GET_PATH}", [], settings.duration,
                                   headers=LP_HEADERS))["rps"])
    print(f"  ceiling: {median(rates):.0f} req/s", flush=True)
    return median(rates)


def run(settings, contenders):
    """contenders: [{"name", "kind": emulator|ceiling|peer, "port", "pid", "warmup"}]."""
    out = {}
    for c in contenders:
        status, headers, body = request(c["port"], "GET", GET_PATH, LP_HEADERS)
        if status != 200:
            raise RuntimeError(f"{c['name']} answered the GET with {status}: {body[:200]!r}")
        out[c["name"]] = {
            "kind": c["kind"],
            "response": {"bytes": len(body), "headers": sorted(k for k in headers if k != "date")},
            "runs": [],
            "rss_under_load_mb": 0.0,
        }
        print(f"  warm-up {c['name']} ({c.get('warmup', settings.warmup)} s)", flush=True)
        wrk(settings, f"http://127.0.0.1:{c['port']}{GET_PATH}", [], c.get("warmup", settings.warmup),
            headers=LP_HEADERS)

    for i in range(settings.runs):
        for c in contenders:
            label = f"get {c['name']} #{i + 1}"
            quiet = wait_quiet(settings, label)
            with RssSampler(c["pid"]) as rss:
                result = wrk(settings, f"http://127.0.0.1:{c['port']}{GET_PATH}", [], settings.duration,
                             headers=LP_HEADERS)
            entry = out[c["name"]]
            entry["runs"].append({**summarize(result), "quiet": quiet})
            entry["rss_under_load_mb"] = max(entry["rss_under_load_mb"], rss.peak)
            s = entry["runs"][-1]
            print(f"  {label}: {s['rps']:.0f} req/s, p50 {s['p50_ms']} ms, p99 {s['p99_ms']} ms, "
                  f"non-2xx {s['non2xx']}", flush=True)

    reference = out[contenders[0]["name"]]["response"]
    for name, entry in out.items():
        r = entry["response"]
        if r != reference:
            settings.note(f"{name} answers the GET with {r['bytes']} bytes and headers {', '.join(r['headers'])}; "
                          f"{contenders[0]['name']}: {reference['bytes']} bytes, {', '.join(reference['headers'])}")
    ceiling = None
    for name, entry in out.items():
        runs = entry["runs"]
        entry["median"] = {k: median([r[k] for r in runs]) for k in ("rps", "p50_ms", "p99_ms", "non2xx")}
        entry["quiet"] = all(r["quiet"] for r in runs)
        if entry["kind"] == "ceiling":
            ceiling = entry["median"]["rps"]
    for entry in out.values():
        entry["ratio_to_ceiling"] = round(entry["median"]["rps"] / ceiling, 3) if ceiling else None
    return out
