"""Live journal tails and control-plane listings that are never read, on a shared instance: each
holds one rendered entry (or one page of rows), not the whole answer; open tails are bounded (the
next one refused with a clear error); memory comes back when the clients go. RSS is read from
/proc/<pid>/status."""

import socket
import time

from harness import Emulator, check, cloudtips_token, request, tenant_headers

ORDER = 3
TENANT = "reliability-journal"
ENTRIES = 500
BODY_BYTES = 60_000
STALLED = 20
MAX_STREAMS = 64
PER_TENANT = STALLED


def fill_journal(emulator):
    """ENTRIES requests of BODY_BYTES bytes that are not UTF-8 (each shows as three bytes of text)."""
    body = b"\xff" * BODY_BYTES
    for _ in range(ENTRIES):
        status, _, _ = request(
            emulator.port,
            "POST",
            "/lifepos/orgs",
            body=body,
            headers=tenant_headers(TENANT, {"Content-Type": "application/json"}),
        )
        check(400 <= status < 500, f"a LIFE POS call with a bad body: {status}")


def stalled_get(port, tenant, path):
    """A GET whose answer's head is read, then nothing more: (status, socket, head)."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=10)
    # A small receive window, so the kernel holds little for the client and the server's own
    # buffers are what the figure shows.
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    sock.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Emulator-Tenant: {tenant}\r\n\r\n".encode())
    head = b""
    while b"\r\n\r\n" not in head:
        chunk = sock.recv(1)
        check(chunk, f"the connection closed before the answer's head: {head!r}")
        head += chunk
    status = int(head.split(b" ", 2)[1])
    return status, sock, head


def stalled_listings(emulator, path, tenant=TENANT):
    """STALLED GETs of `path` that are never read past their head: (RSS while they wait, RSS
    after they left)."""
    sockets = []
    for _ in range(STALLED):
        status, sock, head = stalled_get(emulator.port, tenant, path)
        sockets.append(sock)
        check(status == 200, f"{path}: {head!r}")
    settle()
    waiting = emulator.rss_mb()
    return waiting, close_all(emulator, sockets)


def open_tail(port, tenant, backlog):
    return stalled_get(port, tenant, f"/_emulator/journal/stream?backlog={backlog}")


def close_all(emulator, sockets):
    """RSS once the clients are gone."""
    for sock in sockets:
        sock.close()
    sockets.clear()
    settle()
    return emulator.rss_mb()


def refused_body(sock, head):
    """The JSON body of a refused (non-streaming) answer."""
    length = next(
        int(line.split(b":", 1)[1])
        for line in head.split(b"\r\n")
        if line.lower().startswith(b"content-length:")
    )
    body = b""
    while len(body) < length:
        body += sock.recv(length - len(body))
    return body.decode()


def settle():
    """Time for the server to fill what it will of the stalled connections, or to let go of them."""
    time.sleep(3)


def test_journal_streams():
    emulator = Emulator(
        "sqlite::memory:",
        env={
            "EMULATOR__JOURNAL__CAPACITY": str(ENTRIES),
            "EMULATOR__JOURNAL__MAX_BODY_BYTES": "65536",
            "EMULATOR__JOURNAL__MAX_TOTAL_BYTES": str(64 * 1024 * 1024),
            "EMULATOR__JOURNAL__MAX_STREAMS": str(MAX_STREAMS),
            "EMULATOR__JOURNAL__MAX_STREAMS_PER_TENANT": str(PER_TENANT),
        },
    ).start()
    sockets = []
    try:
        fill_journal(emulator)
        settle()
        before = emulator.rss_mb()

        for _ in range(STALLED):
            status, sock, _ = open_tail(emulator.port, TENANT, 1000)
            check(status == 200, f"a stalled tail: {status}")
            sockets.append(sock)
        status, sock, head = open_tail(emulator.port, TENANT, 0)
        tenant_refusal = (status, refused_body(sock, head))
        sock.close()
        check(tenant_refusal[0] == 429 and "max_streams_per_tenant" in tenant_refusal[1], f"{tenant_refusal}")
        for n in range(MAX_STREAMS - STALLED):
            status, sock, _ = open_tail(emulator.port, f"idle-{n}", 0)
            check(status == 200, f"idle tail {n}: {status}")
            sockets.append(sock)
        status, sock, head = open_tail(emulator.port, "one-too-many", 0)
        process_refusal = (status, refused_body(sock, head))
        sock.close()
        check(process_refusal[0] == 503 and "max_streams" in process_refusal[1], f"{process_refusal}")
        settle()
        connected = emulator.rss_mb()

        after = close_all(emulator, sockets)
        status, sock, _ = open_tail(emulator.port, "one-too-many", 0)
        sock.close()
        check(status == 200, f"a tail once the others closed: {status}")

        listing, after_listing = stalled_listings(emulator, "/_emulator/journal")
        check(listing - before < 100, f"RSS grew {listing - before:.0f} MB with {STALLED} stalled listings")

        check(connected - before < 100, f"RSS grew {connected - before:.0f} MB with {STALLED} stalled tails")
        check(after - before < 50, f"RSS {after - before:.0f} MB above the start after the clients left")
        check(emulator.alive(), "the emulator died")
        status, _, _ = request(emulator.port, "GET", "/_emulator/health")
        check(status == 200, f"health at the end: {status}")
    finally:
        for sock in sockets:
            sock.close()
        emulator.stop()
    journal_mb = ENTRIES * BODY_BYTES / 1e6
    return (
        f"{STALLED} stalled streams (backlog=1000) of a {journal_mb:.0f} MB journal of non-UTF-8 bodies "
        f"plus {MAX_STREAMS - STALLED} idle tails: RSS {before:.0f} → {connected:.0f} MB, {after:.0f} MB after "
        f"they left; the {STALLED + 1}st stream of the tenant refused with {tenant_refusal[0]}, "
        f"the {MAX_STREAMS + 1}th of the process with {process_refusal[0]}; {STALLED} stalled "
        f"GET /_emulator/journal of it: RSS {listing:.0f} MB, {after_listing:.0f} MB after"
    )


OUTBOX_SMS = 50_000
BATCH = 10_000


def test_outbox_listing():
    # Batches past server.max_list_items fill the outbox in a few calls.
    emulator = Emulator(
        "sqlite::memory:",
        env={"EMULATOR__SERVER__REQUEST_TIMEOUT_MS": "120000", "EMULATOR__SERVER__MAX_LIST_ITEMS": str(BATCH)},
    ).start()
    try:
        bearer = cloudtips_token(emulator.port, TENANT)
        for first in range(0, OUTBOX_SMS, BATCH):
            receivers = [
                {"phoneNumber": f"+7992{i:07d}", "name": f"N{i}", "sendPassword": True}
                for i in range(first, first + BATCH)
            ]
            status, _, answer = request(
                emulator.port,
                "POST",
                "/cloudtips/api/receivers/create-many",
                body={"placeId": "place-1", "receivers": receivers},
                headers=tenant_headers(TENANT, {"Authorization": f"Bearer {bearer}"}),
                timeout=150,
            )
            check(status == 200, f"create-many: {status} {str(answer)[:300]}")
        settle()
        before = emulator.rss_mb()
        status, _, listed = request(emulator.port, "GET", "/_emulator/outbox", headers=tenant_headers(TENANT), timeout=60)
        check(status == 200 and len(listed["messages"]) == OUTBOX_SMS, f"{status}, {len(listed['messages'])} messages")
        waiting, after = stalled_listings(emulator, "/_emulator/outbox")
        check(waiting - before < 100, f"RSS grew {waiting - before:.0f} MB with {STALLED} stalled listings")
        check(emulator.alive(), "the emulator died")
    finally:
        emulator.stop()
    return (
        f"{STALLED} stalled GET /_emulator/outbox of {OUTBOX_SMS} SMS (one listing read whole: all {OUTBOX_SMS}): "
        f"RSS {before:.0f} → {waiting:.0f} MB, {after:.0f} MB after they left"
    )
