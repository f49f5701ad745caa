"""A banned client stays banned behind a trusted proxy, whatever bytes it puts in X-Forwarded-For.

nginx's `$proxy_add_x_forwarded_for` appends the address it saw to the header the client sent, so a
client controls everything left of its own address, bytes that are not text included."""

import json
import time

from harness import Emulator, check
from test_hostile import lifepos_shape, send_raw

ORDER = 3
TENANT = "reliability-proxy-ban"
CLIENT = b"198.51.100.20"


def activate_through_proxy(port, code, forwarded):
    body = json.dumps({"activation_code": code}).encode()
    head = (
        b"POST /lifepos/v5/auth/activate-workplace HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        b"Accept-Language: ru-RU\r\nX-LP-Client-Identifier: reliability\r\nX-LP-Client-Type: App\r\n"
        b"Content-Type: application/json\r\nX-Emulator-Tenant: " + TENANT.encode() + b"\r\n"
        b"X-Forwarded-For: " + forwarded + b"\r\nContent-Length: " + str(len(body)).encode() + b"\r\n\r\n"
    )
    status, raw = send_raw(port, head + body)
    return status, json.loads(raw.partition(b"\r\n\r\n")[2] or b"null")


def test_proxy_ban():
    # The emulator trusts 127.0.0.1 as its proxy, as the compose set-up trusts nginx.
    emulator = Emulator("sqlite::memory:", env={"EMULATOR__SERVER__TRUSTED_PROXIES": '["127.0.0.1/32"]'}).start()
    try:
        for _ in range(5):
            status, body = activate_through_proxy(emulator.port, "1111", CLIENT)
            check(status == 401, f"wrong code: {status} {body}")
        prefixes = [b"\xff, ", b"\xfe\xff\x80, ", b"not-an-ip, ", b"\xff , 203.0.113.9 ,", b""]
        began = time.monotonic()
        for prefix in prefixes:
            status, body = activate_through_proxy(emulator.port, "12345678", prefix + CLIENT)
            check(
                status == 429 and lifepos_shape(status, body) and body.get("code") == "TryActivateLater",
                f"X-Forwarded-For {prefix + CLIENT!r}: {status} {body}",
            )
        took = time.monotonic() - began
        check(emulator.alive(), "the emulator died")
    finally:
        emulator.stop()
    return (
        f"a client banned behind a trusted proxy stays banned (429) with {len(prefixes)} forms of "
        f"X-Forwarded-For, bytes that are not text included ({took * 1000:.0f} ms)"
    )
