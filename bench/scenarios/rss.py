"""Scenario 6 (the part that is not sampled during scenario 1): RSS after many tenants, and again
after `POST /_emulator/reset?all=true`.

Each of `tenants` tenants (50 in a full run) gets `tenant_requests` journaled LIFE POS activation
requests with a 16 KiB JSON body, over 8 keep-alive connections. The journal keeps bodies, so this
is the most memory the journal and the tenants' state can take; its total bound is
`journal.max_total_bytes` (32 MiB by default). Target: ≤ 100 MB both times.
"""

import asyncio
import time

from lib import LP_HEADERS, AsyncConn, request_json

CONNECTIONS = 8
BODY_BYTES = 16 * 1024


def body(n):
    prefix = b'{"activation_code":"%08d","padding":"' % (n % 100000000)
    suffix = b'"}'
    return prefix + b"x" * (BODY_BYTES - len(prefix) - len(suffix)) + suffix


async def load(port, tenants, per_tenant):
    jobs = [(t, k) for k in range(per_tenant) for t in range(tenants)]
    statuses = {}

    async def worker(w):
        conn = await AsyncConn(port).open()
        for t, k in jobs[w::CONNECTIONS]:
            headers = {**LP_HEADERS, "Content-Type": "application/json", "X-Emulator-Tenant": f"t{t}"}
            del headers["Authorization"]
            status, _, _ = await conn.call(AsyncConn.encode("POST", "/lifepos/v5/auth/activate-workplace",
                                                            headers, body(k)))
            statuses[status] = statuses.get(status, 0) + 1
        conn.close()

    await asyncio.gather(*(worker(w) for w in range(CONNECTIONS)))
    return statuses


def run(settings, server):
    started = time.monotonic()
    statuses = asyncio.run(load(server.port, settings.tenants, settings.tenant_requests))
    seconds = time.monotonic() - started
    settle = 0.2 if settings.smoke else 1
    time.sleep(settle)
    after_tenants = server.rss()
    journal = request_json(server.port, "GET", "/_emulator/journal?limit=1", {"X-Emulator-Tenant": "t0"})
    reset = request_json(server.port, "POST", "/_emulator/reset?all=true")
    time.sleep(settle)
    after_reset = server.rss()
    sent = settings.tenants * settings.tenant_requests
    print(f"  rss {server.name}: {after_tenants} MB after {settings.tenants} tenants × "
          f"{settings.tenant_requests} requests of 16 KiB ({seconds:.1f} s, statuses {statuses}), "
          f"{after_reset} MB after reset of {len(reset.get('reset', []))} tenants", flush=True)
    return {
        "tenants": settings.tenants,
        "requests": sent,
        "body_bytes": BODY_BYTES,
        "statuses": statuses,
        "journal_answered": bool(journal.get("entries")),
        "after_tenants_mb": after_tenants,
        "after_reset_mb": after_reset,
    }
