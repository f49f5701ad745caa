"""kill -9 under write load: every acknowledged write survives a restart, and none is half-written.

Writers create CloudTips receivers (a receiver row, its payment page and its place in the partner's
scope, written in one transaction) as fast as they can; the process is killed with SIGKILL in the
middle, restarted on the same database, and the state export must hold every receiver whose
creation was answered 200, each with its page, and no receiver from the load without its page.
"""

import tempfile
import threading
import time

from harness import Emulator, PostgresDatabase, check, cloudtips_token, request, tenant_headers

ORDER = 1
TENANT = "reliability-kill"
WRITERS = 8
LOAD_SECONDS = 1.5
PHONE_PREFIX = "+7998"


def run_load(emulator):
    token = cloudtips_token(emulator.port, TENANT)
    acknowledged = {}
    lock = threading.Lock()
    stop = threading.Event()
    counter = iter(range(10_000_000))
    sent = [0]

    def writer():
        while not stop.is_set():
            with lock:
                number = next(counter)
                sent[0] += 1
            phone = f"{PHONE_PREFIX}{number:07d}"
            try:
                status, _, body = request(
                    emulator.port,
                    "POST",
                    "/cloudtips/api/receivers/create-many",
                    body={"placeId": "place-1", "receivers": [{"phoneNumber": phone, "name": f"R{number}"}]},
                    headers=tenant_headers(TENANT, {"Authorization": f"Bearer {token}"}),
                    timeout=5,
                )
            except OSError:
                return  # the kill cut this one, so it is not acknowledged; the process is gone
            if status == 200:
                created = body["data"]["created"][0]
                with lock:
                    acknowledged[phone] = (created["userId"], created["layoutId"])

    threads = [threading.Thread(target=writer) for _ in range(WRITERS)]
    for thread in threads:
        thread.start()
    time.sleep(LOAD_SECONDS)
    emulator.kill()
    stop.set()
    for thread in threads:
        thread.join()
    return acknowledged, sent[0]


def verify(emulator, acknowledged):
    status, _, state = request(emulator.port, "GET", "/_emulator/state", headers=tenant_headers(TENANT))
    check(status == 200, f"state after restart: {status}")
    receivers = {r["phoneNumber"]: r for r in state["cloudtips"]["receivers"]}
    missing = [phone for phone in acknowledged if phone not in receivers]
    check(not missing, f"{len(missing)} acknowledged writes lost, e.g. {missing[:3]}")
    for phone, (user_id, layout_id) in acknowledged.items():
        receiver = receivers[phone]
        check(receiver["userId"] == user_id, f"{phone}: userId changed")
        check([l["layoutId"] for l in receiver["layouts"]] == [layout_id], f"{phone}: page {receiver['layouts']}")
    from_load = [r for phone, r in receivers.items() if phone.startswith(PHONE_PREFIX)]
    half = [r["phoneNumber"] for r in from_load if len(r["layouts"]) != 1 or r["layouts"][0]["placeId"] != "place-1"]
    check(not half, f"half-written receivers: {half[:3]}")
    # Written but not acknowledged (the answer was cut) is allowed; it must be whole, as checked.
    return len(from_load)


def kill9(database_url, label):
    first = Emulator(database_url).start()
    try:
        acknowledged, sent = run_load(first)
    finally:
        first.stop()
    check(len(acknowledged) > 50, f"too few writes acknowledged to prove anything: {len(acknowledged)}")
    second = Emulator(database_url, workdir=first.workdir).start()
    try:
        stored = verify(second, acknowledged)
        # The restarted process takes writes again.
        token = cloudtips_token(second.port, TENANT)
        status, _, _ = request(
            second.port,
            "POST",
            "/cloudtips/api/receivers/create-many",
            body={"placeId": "place-1", "receivers": [{"phoneNumber": "+79970000001", "name": "after"}]},
            headers=tenant_headers(TENANT, {"Authorization": f"Bearer {token}"}),
        )
        check(status == 200, f"write after restart: {status}")
    finally:
        second.stop()
    return f"{label}: {len(acknowledged)} acknowledged of {sent} sent, {stored} stored after kill -9, 0 lost, 0 half-written"


def test_kill9_sqlite():
    url = f"sqlite://{tempfile.mkdtemp(prefix='reliability-')}/emulator.db"
    return kill9(url, "SQLite file")


def test_kill9_postgres():
    with PostgresDatabase() as url:
        return kill9(url, "PostgreSQL")
