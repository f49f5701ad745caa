"""Scenario 3: 32 wrong activation codes from one IP at the same moment.

Opens 32 connections first, then writes all 32 requests back to back (one event-loop turn, no
await between them) and only then reads the answers, so they reach the server together. Each run
is a tenant of its own, so bans and rate counters start empty. The target is exactly 5 × 401
`WrongActivationCode`: the fifth failure bans the IP, and everything after is 429
(`TryActivateLater` for the ban; `TooManyRequests` for what is over the 10-per-second limit).
"""

import asyncio
import json
from collections import Counter

from lib import LP_HEADERS, AsyncConn, median, wait_quiet

PARALLEL = 32


async def fire(port, tenant):
    conns = await asyncio.gather(*(AsyncConn(port).open() for _ in range(PARALLEL)))
    headers = {k: v for k, v in LP_HEADERS.items() if k != "Authorization"}
    headers.update({"Content-Type": "application/json", "X-Emulator-Tenant": tenant})
    raw = AsyncConn.encode("POST", "/lifepos/v5/auth/activate-workplace", headers, b'{"activation_code":"99999999"}')
    for c in conns:
        c.send(raw)
    answers = await asyncio.gather(*(c.read() for c in conns))
    for c in conns:
        c.close()
    outcomes = Counter()
    for status, _, body in answers:
        try:
            code = json.loads(body).get("code", "")
        except ValueError:
            code = ""
        outcomes[f"{status} {code}".strip()] += 1
    return outcomes


def run(settings, engine_name, port):
    runs = []
    for i in range(settings.runs):
        quiet = wait_quiet(settings, f"activations {engine_name} #{i + 1}")
        outcomes = asyncio.run(fire(port, f"act-{i}"))
        wrong = outcomes.get("401 WrongActivationCode", 0)
        runs.append({"outcomes": dict(outcomes), "wrong_code_401": wrong,
                     "server_errors": sum(v for k, v in outcomes.items() if k.startswith("5")), "quiet": quiet})
        print(f"  activations {engine_name} #{i + 1}: {dict(outcomes)}", flush=True)
    return {
        "runs": runs,
        "median_401": median([r["wrong_code_401"] for r in runs]),
        "all_exactly_5": all(r["wrong_code_401"] == 5 for r in runs),
    }
