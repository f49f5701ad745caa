"""SIGTERM with requests in flight: every one is answered, and the process exits within the drain time.

A fault rule holds CloudTips token requests for DELAY_MS; 32 clients send one each, the process
gets SIGTERM while all of them are waiting, and every client must get its 200. A request held
longer than `server.shutdown_drain_ms` must not keep the process alive past the drain time.
"""

import socket
import threading
import time

from harness import Emulator, Failure, check, free_port, request, tenant_headers

ORDER = 2
TENANT = "reliability-sigterm"
CLIENTS = 32
DELAY_MS = 1500
DRAIN_MS = 4000


def hold_token_requests(emulator, delay_ms):
    status, _, body = request(
        emulator.port,
        "POST",
        "/_emulator/faults",
        body={"vendor": "cloudtips", "path": "/connect/token", "delay_ms": delay_ms},
        headers=tenant_headers(TENANT),
    )
    check(status in (200, 201), f"fault rule: {status} {body}")


def token_request(emulator, results, index, port=None, path="/cloudtips/connect/token"):
    try:
        status, _, _ = request(
            port or emulator.port,
            "POST",
            path,
            body="grant_type=password&client_id=Partner&username=partner@example.com&password=secret",
            headers=tenant_headers(TENANT, {"Content-Type": "application/x-www-form-urlencoded"}),
            timeout=DRAIN_MS / 1000 + 10,
        )
        results[index] = status
    except OSError as err:
        results[index] = f"{type(err).__name__}: {err}"


def wait_exit(emulator, limit):
    began = time.monotonic()
    try:
        emulator.process.wait(timeout=limit)
    except Exception:
        raise Failure(f"still running {limit} s after SIGTERM")
    return time.monotonic() - began


def in_flight_answered():
    # Half the clients go to CloudTips' own listener (served at its root path), which drains too.
    vendor_port = free_port()
    emulator = Emulator(
        "sqlite::memory:",
        env={
            "EMULATOR__SERVER__SHUTDOWN_DRAIN_MS": str(DRAIN_MS),
            "EMULATOR__VENDORS__CLOUDTIPS__LISTEN": f"127.0.0.1:{vendor_port}",
        },
    ).start()
    try:
        hold_token_requests(emulator, DELAY_MS)
        results = [None] * CLIENTS
        threads = [
            threading.Thread(
                target=token_request,
                args=(emulator, results, i),
                kwargs={"port": vendor_port, "path": "/connect/token"} if i % 2 else {},
            )
            for i in range(CLIENTS)
        ]
        for thread in threads:
            thread.start()
        time.sleep(DELAY_MS / 1000 / 3)
        emulator.terminate()
        time.sleep(0.2)
        # Once it is stopping, it takes no new connections.
        refused = True
        for port in (emulator.port, vendor_port):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                refused = False
            except OSError:
                pass
        exit_seconds = wait_exit(emulator, DRAIN_MS / 1000 + 5)
        for thread in threads:
            thread.join()
        check(results == [200] * CLIENTS, f"in-flight answers: {results}")
        check(refused, "a new connection was accepted after SIGTERM")
        check(emulator.process.returncode == 0, f"exit status {emulator.process.returncode}")
        check(exit_seconds < DRAIN_MS / 1000, f"exit took {exit_seconds:.2f} s, drain time {DRAIN_MS} ms")
        return exit_seconds
    finally:
        emulator.stop()


def drain_time_bounds_exit():
    drain_ms = 1000
    emulator = Emulator("sqlite::memory:", env={"EMULATOR__SERVER__SHUTDOWN_DRAIN_MS": str(drain_ms)}).start()
    try:
        hold_token_requests(emulator, 20_000)
        results = [None]
        thread = threading.Thread(target=token_request, args=(emulator, results, 0))
        thread.start()
        time.sleep(0.3)
        emulator.terminate()
        exit_seconds = wait_exit(emulator, drain_ms / 1000 + 3)
        thread.join()
        check(exit_seconds < drain_ms / 1000 + 1, f"exit took {exit_seconds:.2f} s with a {drain_ms} ms drain")
        check(results[0] != 200, "a request held past the drain was answered 200")
        return exit_seconds
    finally:
        emulator.stop()


def test_sigterm():
    answered = in_flight_answered()
    bounded = drain_time_bounds_exit()
    return (
        f"{CLIENTS}/{CLIENTS} in-flight requests (half on CloudTips' own listener) answered 200, exit {answered:.2f} s after SIGTERM "
        f"(drain {DRAIN_MS} ms); a request held 20 s: exit {bounded:.2f} s after SIGTERM (drain 1000 ms)"
    )
