"""Control token: with `control.token` set, every control call that reads or changes tenant state
is a 401 without it (or with a wrong one), and changes nothing; the token is compared in constant
time (by construction: SHA-256 of both, then a comparison with no early exit; the figure below is
the median refusal time of a guess wrong in its first byte against one wrong only in its last)."""

import statistics
import time

from harness import Emulator, check, cloudtips_token, request, status_of_stream, tenant_headers

ORDER = 4
TENANT = "reliability-token"
TOKEN = "s3cr3t-control-token-0123456789"
PUBLIC = {"/health", "/openapi.json", "/openapi/{vendor}", "/docs", "/ui", "/vendors"}
BODIES = {
    ("POST", "/clock"): {"advance_seconds": 86400},
    ("POST", "/faults"): {"vendor": "lifepos", "path": "/v5/**", "status": 503},
    ("POST", "/fixtures"): {},
}
WRONG_AUTHORIZATIONS = [
    None,
    "Bearer",
    "Bearer ",
    "bearer " + TOKEN,
    "Basic " + TOKEN,
    "Bearer " + TOKEN[:-1],
    "Bearer " + TOKEN + "x",
    "Bearer " + "x" + TOKEN[1:],
    "Bearer " + TOKEN.upper(),
]


def with_token(extra=None):
    return tenant_headers(TENANT, {"Authorization": f"Bearer {TOKEN}", **(extra or {})})


def protected_operations(emulator):
    status, _, spec = request(emulator.port, "GET", "/_emulator/openapi/control", headers=with_token())
    check(status == 200, f"control spec: {status}")
    operations = []
    for path, methods in spec["paths"].items():
        relative = path.removeprefix("/_emulator")
        if relative in PUBLIC:
            continue
        for method in methods:
            if method.upper() in ("GET", "POST", "PUT", "PATCH", "DELETE"):
                operations.append((method.upper(), relative))
    return operations


def snapshot(emulator):
    reads = {}
    for path in ("/state", "/clock", "/faults", "/outbox"):
        status, _, body = request(emulator.port, "GET", "/_emulator" + path, headers=with_token())
        check(status == 200, f"GET {path} with the token: {status}")
        if path == "/clock":
            body = {key: value for key, value in body.items() if key not in ("now", "now_ms", "real_now")}
        reads[path] = body
    return reads


def refusal_times(emulator, guesses, rounds=150):
    """Median refusal time of each guess in µs, the guesses interleaved so drift hits all alike."""
    times = {guess: [] for guess in guesses}
    for _ in range(rounds):
        for guess in guesses:
            headers = tenant_headers(TENANT, {"Authorization": guess})
            began = time.perf_counter()
            status, _, _ = request(emulator.port, "GET", "/_emulator/state", headers=headers)
            times[guess].append(time.perf_counter() - began)
            check(status == 401, f"timing probe: {status}")
    return [statistics.median(times[guess]) * 1e6 for guess in guesses]


def test_control_token():
    emulator = Emulator("sqlite::memory:", env={"EMULATOR__CONTROL__TOKEN": TOKEN}).start()
    try:
        # Some tenant state a reset would lose.
        bearer = cloudtips_token(emulator.port, TENANT)
        status, _, _ = request(
            emulator.port,
            "POST",
            "/cloudtips/api/receivers/create-many",
            body={"placeId": "place-1", "receivers": [{"phoneNumber": "+79996660001", "name": "keep"}]},
            headers=tenant_headers(TENANT, {"Authorization": f"Bearer {bearer}"}),
        )
        check(status == 200, f"receiver: {status}")
        operations = protected_operations(emulator)
        check(len(operations) >= 14, f"only {len(operations)} protected operations in the spec: {operations}")
        before = snapshot(emulator)
        refused = 0
        for method, path in operations:
            concrete = path.replace("{id}", "1")
            for authorization in WRONG_AUTHORIZATIONS:
                headers = tenant_headers(TENANT, {"Authorization": authorization} if authorization else {})
                status, _, body = request(
                    emulator.port, method, "/_emulator" + concrete, body=BODIES.get((method, path)), headers=headers
                )
                check(
                    status == 401 and isinstance(body, dict) and "error" in body,
                    f"{method} {path} with {authorization!r}: {status} {body}",
                )
                refused += 1
        check(snapshot(emulator) == before, "a refused control call changed tenant state")
        for method, path in operations:
            if method == "GET" and path.endswith("/stream"):
                # The live journal never ends: its status and type are what the token opens.
                status, content_type = status_of_stream(emulator.port, "/_emulator" + path, headers=with_token())
                check(status == 200 and "text/event-stream" in (content_type or ""),
                      f"{method} {path} with the token: {status} {content_type}")
            elif method == "GET":
                status, _, body = request(emulator.port, method, "/_emulator" + path, headers=with_token())
                check(status == 200, f"{method} {path} with the token: {status} {body}")
        status, _, _ = request(emulator.port, "GET", "/_emulator/health")
        check(status == 200, f"health needs no token: {status}")
        first, last = refusal_times(emulator, ["Bearer " + "x" + TOKEN[1:], "Bearer " + TOKEN[:-1] + "x"])
    finally:
        emulator.stop()
    return (
        f"{len(operations)} protected operations × {len(WRONG_AUTHORIZATIONS)} wrong authorizations: "
        f"{refused} × 401, tenant state unchanged; median refusal {first:.0f} µs (first byte wrong) "
        f"vs {last:.0f} µs (last byte wrong)"
    )
