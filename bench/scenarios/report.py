"""Writes a session's results: <date>.json (every number), <date>.md (the table people read) and
<date>.png (the GET rates as a share of the ceiling, and the writes per second)."""

import json
from pathlib import Path

# Targets of the emulator's performance goals, per engine where they differ.
GET_RATIO = {"postgres": 0.2}  # of the raw-axum ceiling's req/s; SQLite 0.5
GET_RATIO_SQLITE = 0.5
GET_P99_MS = 2.0  # SQLite; PostgreSQL's GET has a ratio target only
PEER_TIMES = {"wiremock": 5, "prism": 20}  # emulator (SQLite memory) req/s over the peer's
WRITE_TARGETS = {("sup_link_card", "sqlite-file"): 5000, ("sup_link_card", "postgres"): 3000}  # writes/s
START_MS = {"postgres": 150}  # SQLite 30
START_MS_SQLITE = 30
IDLE_RSS_MB = 20
TENANTS_RSS_MB = 100
LIST_RATIO = 1.2
LIST_P50_MS = 5.0
# Every read reaching the database: (ratio to the ceiling, p99 ms) per engine.
UNCACHED_GET = {"sqlite-memory": (0.5, 2.0), "sqlite-file": (0.5, 2.0), "postgres": (0.3, 3.0)}
# Writes at 32 connections, successful writes/s ÷ the ceiling's GET req/s; p99 where a target has one.
WRITE_RATIOS = {
    "sqlite-file": {"sup_link_card": 0.25, "lifepos_create_workplace": 0.15, "cloudtips_create_many": 0.15},
    "postgres": {"sup_link_card": 0.1, "lifepos_create_workplace": 0.05, "cloudtips_create_many": 0.05},
}
WRITE_P99_MS = {"sqlite-file": 5.0}
# The parallel suites: (ratio to the ceiling, p99 ms) on SQLite; every engine: no 5xx, no surprise.
MIX_SQLITE = (0.2, 5.0)


def verdict(ok, quiet=True):
    return ("meets" if ok else "misses") + ("" if quiet else " (noisy)")


def check(ok):
    return "ok" if ok else "**FAILED**"


def fmt(x, digits=1):
    return "—" if x is None else f"{x:,.{digits}f}"


def ratio_text(ratio):
    return fmt(ratio, 2) + "×" if ratio is not None else "—"


def rows(r):
    """(measure, value, target, ratio to the ceiling, verdict) for every measure of the session."""
    out = []
    get = r.get("get_one") or {}
    for name, g in get.items():
        m = g["median"]
        value = f"{fmt(m['rps'], 0)} req/s, p50 {fmt(m['p50_ms'], 2)} ms, p99 {fmt(m['p99_ms'], 2)} ms, non-2xx {m['non2xx']}"
        ratio = fmt(g["ratio_to_ceiling"], 2) + "×" if g["ratio_to_ceiling"] is not None else "—"
        if g["kind"] == "emulator":
            engine = name.removeprefix("emulator-")
            want = GET_RATIO.get(engine, GET_RATIO_SQLITE)
            ok = (g["ratio_to_ceiling"] or 0) >= want and m["non2xx"] == 0
            target = f"≥ {want}× ceiling"
            if engine != "postgres":
                ok = ok and m["p99_ms"] <= GET_P99_MS
                target += f", p99 ≤ {GET_P99_MS} ms"
            out.append((f"GET one workplace, {name}", value, target, ratio, verdict(ok, g["quiet"])))
        else:
            out.append((f"GET one workplace, {name}", value, "—", ratio, "reference"))
    ours = (get.get("emulator-sqlite-memory") or {}).get("median")
    for peer, times in PEER_TIMES.items():
        theirs = (get.get(peer) or {}).get("median")
        if ours and theirs and theirs["rps"]:
            ratio = ours["rps"] / theirs["rps"]
            out.append((f"GET one workplace, emulator-sqlite-memory over {peer}", f"{fmt(ratio, 1)}×",
                        f"≥ {times}×", "—", verdict(ratio >= times, get[peer]["quiet"])))
    for engine, kinds in (r.get("writes") or {}).items():
        for kind, w in (kinds or {}).items():
            m = w["median"]
            value = (f"{fmt(m['writes_per_s'], 0)} writes/s ({fmt(m['requests_per_s'], 0)} req/s), "
                     f"5xx {w['status_5xx']}, state check {check(w['check_ok'])}")
            out.append((f"writes: {kind}, {engine}", value, "no 5xx, every 200 in the state", "—",
                        check(w["status_5xx"] == 0 and w["check_ok"])))
            want_ratio = WRITE_RATIOS.get(engine, {}).get(kind)
            want_p99 = WRITE_P99_MS.get(engine)
            value = f"{fmt(m['writes_per_s'], 0)} writes/s, p99 {fmt(m.get('p99_ms'), 2)} ms"
            if want_ratio is None:
                out.append((f"writes vs ceiling: {kind}, {engine}", value, "—", ratio_text(w.get("ratio_to_ceiling")),
                            "measured"))
            else:
                ok = (w.get("ratio_to_ceiling") or 0) >= want_ratio
                target = f"≥ {want_ratio}× ceiling"
                if want_p99 is not None:
                    ok = ok and (m.get("p99_ms") or 999) <= want_p99
                    target += f", p99 ≤ {want_p99} ms"
                out.append((f"writes vs ceiling: {kind}, {engine}", value, target,
                            ratio_text(w.get("ratio_to_ceiling")), verdict(ok, w["quiet"])))
            if (kind, engine) in WRITE_TARGETS:
                want = WRITE_TARGETS[(kind, engine)]
                out.append((f"writes/s: {kind}, {engine}", f"{fmt(m['writes_per_s'], 0)} writes/s", f"≥ {want:,}",
                            "—", verdict(m["writes_per_s"] >= want)))
    for engine, a in (r.get("activations") or {}).items():
        if a:
            last = a["runs"][-1]["outcomes"]
            value = ", ".join(f"{k} ×{v}" for k, v in sorted(last.items()))
            out.append((f"32 concurrent wrong activations, {engine}", value, "exactly 5 × 401", "—",
                        check(a["all_exactly_5"])))
    for engine, p in (r.get("list_pages") or {}).items():
        if p:
            value = (f"p50 page 1 {fmt(p['page_1']['p50_ms'], 2)} ms, page {p['last_page']} "
                     f"{fmt(p['page_last']['p50_ms'], 2)} ms (×{fmt(p['ratio'], 2)}); "
                     f"{fmt(p['page_1']['rps'], 0)} / {fmt(p['page_last']['rps'], 0)} req/s "
                     f"at {p['connections']} connection")
            ok = (p["ratio"] or 99) <= LIST_RATIO and p["page_last"]["p50_ms"] <= LIST_P50_MS \
                and p["page_1"]["p50_ms"] <= LIST_P50_MS
            quiet = all(x["quiet"] for k in ("page_1", "page_last") for x in p[k]["runs"])
            out.append((f"list page 1 vs page {p['last_page']} of {p['rows']:,}, {engine}", value,
                        f"≤ {LIST_RATIO}×, p50 ≤ {LIST_P50_MS} ms", "—", verdict(ok, quiet)))
    for engine, u in (r.get("uncached_get") or {}).items():
        if u:
            m = u["median"]
            want_ratio, want_p99 = UNCACHED_GET.get(engine, UNCACHED_GET["sqlite-memory"])
            ok = (u["ratio_to_ceiling"] or 0) >= want_ratio and m["p99_ms"] <= want_p99 and m["non2xx"] == 0
            out.append((f"GET one of {u['rows']:,} workplaces in random order, read cache off, {engine}",
                        f"{fmt(m['rps'], 0)} req/s, p50 {fmt(m['p50_ms'], 2)} ms, p99 {fmt(m['p99_ms'], 2)} ms, "
                        f"non-2xx {m['non2xx']}", f"≥ {want_ratio}× ceiling, p99 ≤ {want_p99} ms",
                        ratio_text(u["ratio_to_ceiling"]), verdict(ok, u["quiet"])))
    for engine, x in (r.get("mix") or {}).items():
        if x:
            m = x["median"]
            value = (f"{fmt(m['rps'], 0)} req/s ({x['journeys']:,} journeys), p50 {fmt(m['p50_ms'], 2)} ms, "
                     f"p99 {fmt(m['p99_ms'], 2)} ms, 5xx {x['status_5xx']}, unexpected {x['unexpected']}")
            answers_ok = x["status_5xx"] == 0 and x["unexpected"] == 0
            if engine == "postgres":
                out.append((f"parallel suites, {x['clients']} tenants, {engine}", value, "no 5xx, every answer expected",
                            ratio_text(x["ratio_to_ceiling"]), check(answers_ok)))
            else:
                want_ratio, want_p99 = MIX_SQLITE
                ok = answers_ok and (x["ratio_to_ceiling"] or 0) >= want_ratio and m["p99_ms"] <= want_p99
                out.append((f"parallel suites, {x['clients']} tenants, {engine}", value,
                            f"≥ {want_ratio}× ceiling, p99 ≤ {want_p99} ms, no 5xx, every answer expected",
                            ratio_text(x["ratio_to_ceiling"]), verdict(ok, x["quiet"])))
    for engine, s in (r.get("start") or {}).items():
        if s:
            out.append((f"start to healthy, {engine}",
                        f"median {fmt(s['median_ms'])} ms, max {fmt(s['max_ms'])} ms ({len(s['samples_ms'])} starts)",
                        f"< {START_MS.get(engine, START_MS_SQLITE)} ms", "—",
                        verdict(s["median_ms"] < START_MS.get(engine, START_MS_SQLITE))))
    for engine, m in (r.get("rss") or {}).items():
        out.append((f"RSS idle, {engine}", f"{fmt(m.get('idle_mb'))} MB", f"< {IDLE_RSS_MB} MB", "—",
                    verdict(m.get("idle_mb", 999) < IDLE_RSS_MB)))
        if "under_load_mb" in m:
            out.append((f"RSS under GET load, {engine}", f"{fmt(m['under_load_mb'])} MB", "—", "—", "measured"))
        if "after_tenants_mb" in m:
            out.append((f"RSS after {m['tenants']} tenants × {m['requests'] // m['tenants']} requests of 16 KiB, {engine}",
                        f"{fmt(m['after_tenants_mb'])} MB", f"≤ {TENANTS_RSS_MB} MB", "—",
                        verdict(m["after_tenants_mb"] <= TENANTS_RSS_MB)))
            out.append((f"RSS after reset?all=true, {engine}", f"{fmt(m['after_reset_mb'])} MB",
                        f"≤ {TENANTS_RSS_MB} MB", "—", verdict(m["after_reset_mb"] <= TENANTS_RSS_MB)))
    for name, g in get.items():
        if g["kind"] != "emulator":
            out.append((f"RSS under GET load, {name}", f"{fmt(g['rss_under_load_mb'])} MB", "—", "—", "reference"))
    for engine, t in (r.get("reset_state") or {}).items():
        if t:
            out.append((f"fixtures / state / reset of {t['rows']:,} workplaces, {engine}",
                        f"{fmt(t['fixtures_ms'], 0)} ms / {fmt(t['state_ms'], 0)} ms "
                        f"({t['state_bytes'] // 1024:,} KiB) / {fmt(t['reset_ms'], 0)} ms", "—", "—", "measured"))
    return out


def markdown(r):
    m, q = r["machine"], r["quiet"]
    lines = [
        f"Benchmark of {r['date']} ({r['mode']} run"
        + (f", scenarios {', '.join(map(str, r['only']))} only" if r.get("only") else "")
        + f"), commit `{r['git']['commit'][:12]}`"
        f"{' with uncommitted changes' if r['git']['uncommitted_changes'] else ''}; {m['nproc']} × {m['cpu_model']}, "
        f"Linux {m['kernel']}; servers on core 0, load on core 1; {r['settings']['runs']} runs of "
        f"{r['settings']['duration']} s at {r['settings']['connections']} connections, medians; "
        + ("machine quiet before every run." if q["all_quiet"] else
           f"**noisy machine**: {q['noisy_runs']} of {q['checked_runs']} runs started with other work running."),
        "",
        "| measure | value | target | ratio to ceiling | verdict |",
        "|---|---|---|---|---|",
    ]
    lines += [f"| {' | '.join(row)} |" for row in rows(r)]
    for note in r.get("notes", []):
        lines.append(f"\nNote: {note}")
    for name, why in (r.get("failures") or {}).items():
        lines.append(f"\nFailed: {name}: {why}")
    return "\n".join(lines) + "\n"


ENGINE_COLORS = ["#2b6cb0", "#63b3ed", "#805ad5"]


def chart(r, path):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    get = r.get("get_one") or {}
    writes = [(kind, engine, w["median"]["writes_per_s"])
              for engine, kinds in (r.get("writes") or {}).items() for kind, w in (kinds or {}).items()]
    fig, axes = plt.subplots(1, 2, figsize=(13, 5), gridspec_kw={"width_ratios": [1.2, 1]})
    names = list(get)
    ratios = [get[n]["ratio_to_ceiling"] or 0 for n in names]
    colors = ["#2b6cb0" if get[n]["kind"] == "emulator" else "#718096" if get[n]["kind"] == "peer" else "#2f855a"
              for n in names]
    ax = axes[0]
    ax.bar([n.replace("emulator-", "emulator\n") for n in names], ratios, color=colors)
    ax.axhline(GET_RATIO_SQLITE, color="#c53030", linestyle="--", linewidth=1,
               label=f"target {GET_RATIO_SQLITE}× ceiling (SQLite)")
    for engine, ratio in GET_RATIO.items():
        ax.axhline(ratio, color="#dd6b20", linestyle=":", linewidth=1, label=f"target {ratio}× ceiling ({engine})")
    for i, n in enumerate(names):
        ax.text(i, ratios[i], f"{get[n]['median']['rps']:,.0f}/s", ha="center", va="bottom", fontsize=8)
    ax.set_ylabel("req/s ÷ raw-axum ceiling")
    ax.set_title("GET one workplace, 32 connections")
    ax.legend(fontsize=8)
    ax.tick_params(axis="x", labelsize=8)
    ax = axes[1]
    kinds = list(dict.fromkeys(k for k, _, _ in writes))
    engines = list(dict.fromkeys(e for _, e, _ in writes))
    width = 0.8 / max(1, len(engines))
    for j, engine in enumerate(engines):
        values = {k: v for k, e, v in writes if e == engine}
        xs = [i + (j - (len(engines) - 1) / 2) * width for i in range(len(kinds))]
        ys = [values.get(k) or 0 for k in kinds]
        ax.bar(xs, ys, width, label=engine, color=ENGINE_COLORS[j % len(ENGINE_COLORS)])
        for x, y in zip(xs, ys):
            ax.text(x, y, f"{y:,.0f}", ha="center", va="bottom", fontsize=7)
    ax.set_xticks(range(len(kinds)), [k.replace("_", " ", 1) for k in kinds], fontsize=8)
    ax.set_ylabel("successful writes/s")
    ax.set_title("Writes, 32 connections")
    if engines:
        ax.legend(fontsize=8, loc="upper left")
    fig.suptitle(f"vendor-emulator {r['date']} ({r['mode']}), {r['machine']['nproc']} × {r['machine']['cpu_model']}"
                 + ("" if r["quiet"]["all_quiet"] else ", noisy machine"), fontsize=10)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def write(r, out_dir):
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    # A run of some scenarios only (BENCH_ONLY) is kept beside the day's full run, not over it.
    base = out_dir / (r["date"] + ("-only-" + "-".join(map(str, r["only"])) if r.get("only") else ""))
    Path(f"{base}.json").write_text(json.dumps(r, indent=2, ensure_ascii=False) + "\n")
    table = markdown(r)
    Path(f"{base}.md").write_text(table)
    print(table)
    # A smoke run proves the scenarios run; it draws no chart, so it needs no packages beyond the
    # standard library.
    if r["mode"] == "smoke":
        print(f"wrote {base}.json, .md")
        return
    chart(r, f"{base}.png")
    print(f"wrote {base}.json, .md, .png")
