"""Hostile JSON Patches: 2 KB of doubling `copy` operations once built gigabytes. Each vendor that
takes a patch must refuse it in its own shape, quickly, with the process's memory barely moved,
alone and with 32 such patches at once."""

import threading
import time

from harness import LP_HEADERS, Emulator, check, cloudtips_token, request, tenant_headers

ORDER = 3
TENANT = "reliability-patch"
ORG = "0b4f4a3e-5d1c-4c7a-9a39-1f6b8f2a7c01"
LIFEPOS_KEY = "demo-lifepos-api-key"
CONCURRENT = 32
# Generous bounds for a debug build on a shared machine: alone, and queued behind 31 others.
MAX_SECONDS = 5.0
MAX_QUEUED_SECONDS = 60.0
MAX_RSS_GROWTH_MB = 50


def doubling_patch():
    """One `add` of a small object, then 22 copies of the whole document (2^22 times its size)."""
    operations = [{"op": "add", "path": "/a", "value": {"k": "0123456789"}}]
    operations += [{"op": "copy", "from": "", "path": f"/c{i}"} for i in range(22)]
    return operations


class Targets:
    """The PATCH each vendor is sent: (path, headers, expected status, shape check)."""

    def __init__(self, port):
        token = cloudtips_token(port, TENANT)
        bearer = tenant_headers(TENANT, {"Authorization": f"Bearer {token}"})
        status, _, body = request(
            port,
            "POST",
            "/cloudtips/api/receivers/create-many",
            body={"placeId": "place-1", "receivers": [{"phoneNumber": "+79995550077", "name": "Вера"}]},
            headers=bearer,
        )
        check(status == 200, f"create-many: {status} {body}")
        receiver = body["data"]["created"][0]["userId"]
        self.lifepos = (
            f"/lifepos/v6/orgs/{ORG}",
            tenant_headers(TENANT, {**LP_HEADERS, "Authorization": LIFEPOS_KEY}),
            422,
            lambda body: isinstance(body, dict) and body.get("code") == "RequestIsNotValid",
        )
        self.cloudtips = (
            f"/cloudtips/api/receivers/{receiver}",
            bearer,
            400,
            lambda body: isinstance(body, dict) and body.get("succeed") is False and "Body" in body["validationErrors"],
        )
        self.reads = [(f"/lifepos/v6/orgs/{ORG}", self.lifepos[1]), (f"/cloudtips/api/receivers/{receiver}", bearer)]


def refused(port, target, patch, bound=MAX_SECONDS):
    """Seconds the refusal took."""
    path, headers, want, shape = target
    began = time.monotonic()
    status, _, body = request(port, "PATCH", path, body=patch, headers=headers, timeout=60)
    took = time.monotonic() - began
    check(status == want and shape(body), f"PATCH {path}: {status} {body!r:.300}")
    check(took < bound, f"PATCH {path} answered after {took:.1f} s")
    return took


def state(port, targets):
    return [request(port, "GET", path, headers=headers)[2] for path, headers in targets.reads]


def test_patch_hostile():
    emulator = Emulator("sqlite::memory:").start()
    try:
        port = emulator.port
        targets = Targets(port)
        patch = doubling_patch()
        before_state = state(port, targets)
        # A small patch to each first warms what any first request allocates (pools, buffers).
        for path, headers, want, _ in (targets.lifepos, targets.cloudtips):
            status, _, body = request(port, "PATCH", path, body=patch[:3], headers=headers)
            check(status == want, f"PATCH {path} (three operations): {status} {body}")
        rss_before = emulator.rss_mb()
        lifepos_took = refused(port, targets.lifepos, patch)
        cloudtips_took = refused(port, targets.cloudtips, patch)
        rss_single = emulator.rss_mb()

        failures = []

        def hostile(index):
            target = targets.lifepos if index % 2 == 0 else targets.cloudtips
            try:
                refused(port, target, patch, MAX_QUEUED_SECONDS)
            except Exception as err:  # collected: a thread's exception would be lost
                failures.append(f"{index}: {err}")

        began = time.monotonic()
        threads = [threading.Thread(target=hostile, args=(index,)) for index in range(CONCURRENT)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        concurrent_took = time.monotonic() - began
        check(not failures, "; ".join(failures))
        rss_after = emulator.rss_mb()
        check(
            rss_after - rss_before < MAX_RSS_GROWTH_MB,
            f"RSS grew from {rss_before:.0f} MB to {rss_after:.0f} MB",
        )
        check(state(port, targets) == before_state, "a refused patch changed an entity")
        check(emulator.alive(), "the emulator died")
    finally:
        emulator.stop()
    return (
        f"doubling JSON Patch: LIFE POS 422 in {lifepos_took:.2f} s, CloudTips 400 in {cloudtips_took:.2f} s, "
        f"RSS {rss_before:.0f} → {rss_single:.0f} MB; {CONCURRENT} at once refused in {concurrent_took:.1f} s, "
        f"RSS → {rss_after:.0f} MB; entities unchanged"
    )
