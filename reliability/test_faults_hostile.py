"""Fault rules that must not stop a shared instance: a glob that makes a backtracking matcher spin,
and one deep enough to overflow a recursive one. Each rule is posted to the real binary, then one
request is sent; the answer, `/_emulator/health` and another tenant's call must all come back
within a few seconds, the process alive, and SIGTERM must still stop it."""

import time

from harness import Emulator, check, request, tenant_headers

ORDER = 3

ANSWER_WITHIN_S = 5.0
BACKTRACKING = "/**a**a**a**a**a**a**a**a**a**a**a**a**b"
DEEP = "/" + "**" * 20_000 + "z"


def post_rule(emulator, rule):
    return request(emulator.port, "POST", "/_emulator/faults", body=rule, headers=tenant_headers("hostile"))


def timed_call(emulator, path, tenant="hostile"):
    began = time.monotonic()
    status, _, body = request(emulator.port, "GET", path, headers=tenant_headers(tenant), timeout=ANSWER_WITHIN_S)
    return status, body, time.monotonic() - began


def still_serving(emulator):
    status, _, took = timed_call(emulator, "/_emulator/health")
    check(status == 200, f"health: {status}")
    status, _, _ = timed_call(emulator, "/sup/v1/other", tenant="bystander")
    check(status == 404, f"another tenant's call: {status}")
    check(emulator.alive(), "the emulator died")
    return took


def fires(emulator, glob, hit, miss):
    status, _, body = post_rule(emulator, {"vendor": "sup", "path": glob, "status": 503})
    check(status == 200, f"the rule ({len(glob)} bytes) is taken: {status} {body}")
    status, body, missed_in = timed_call(emulator, "/sup" + miss)
    check(status == 404, f"no match, the vendor answers: {status} {body}")
    status, body, hit_in = timed_call(emulator, "/sup" + hit)
    check(status == 503, f"a match fires: {status} {body}")
    still_serving(emulator)
    status, _, _ = request(emulator.port, "DELETE", "/_emulator/faults", headers=tenant_headers("hostile"))
    check(status == 200, f"rules removed: {status}")
    return max(missed_in, hit_in)


def test_faults_hostile():
    # Under the default bounds the deep glob is refused, naming the field.
    emulator = Emulator("sqlite::memory:").start()
    try:
        status, _, body = post_rule(emulator, {"path": DEEP, "status": 503})
        check(status == 400 and body.get("path") == "path", f"a 40 002-byte glob: {status} {body}")
        backtracking_s = fires(emulator, BACKTRACKING, "/" + "a" * 60 + "b", "/" + "a" * 60)
    finally:
        emulator.stop()
    # With the bound raised far enough to take it, the deep glob is matched too.
    emulator = Emulator("sqlite::memory:", env={"EMULATOR__FAULTS__MAX_PATH_BYTES": "100000"}).start()
    try:
        deep_s = fires(emulator, DEEP, "/a/b/z", "/" + "a" * 60)
        emulator.terminate()
        began = time.monotonic()
        while emulator.alive() and time.monotonic() - began < ANSWER_WITHIN_S:
            time.sleep(0.05)
        check(not emulator.alive(), "SIGTERM did not stop the emulator")
        stopped_s = time.monotonic() - began
    finally:
        emulator.stop()
    return (
        f"backtracking glob: answered in {backtracking_s:.2f} s; 20 000 ** glob: a 400 naming path under "
        f"faults.max_path_bytes, and with the bound raised answered in {deep_s:.2f} s, process alive; "
        f"health and another tenant answered meanwhile; SIGTERM stopped it in {stopped_s:.2f} s"
    )
