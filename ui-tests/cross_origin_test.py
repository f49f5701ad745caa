"""Pages of other origins against the control plane, in a real browser: Debian's headless Chromium
driven by Playwright.

Starts the emulator as a default instance does (loopback, no control token) and, on another port
(another origin), a page that tries what any web page a tester opens could try: `no-cors` POSTs
with plain-text and form bodies to /_emulator/clock, /faults and /reset, and a read of
/_emulator/state. Then the same page under a host name that resolves to 127.0.0.1 (DNS
rebinding, done with Chromium's host resolver rules), where the browser counts the emulator as
the page's own origin. Afterwards the tenant's clock, fault rules and state must be untouched, and
the page must have read nothing.

Usage: python cross_origin_test.py BINARY
"""

import http.server
import json
import shutil
import socketserver
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

from dashboard_test import check, free_port

ATTACK = """<!doctype html><title>another site</title><script>
window.attack = async (emulator) => {
  const tried = {};
  const post = (path, body, type) => fetch(emulator + path, {method: "POST", mode: "no-cors",
    headers: type ? {"Content-Type": type} : {}, body});
  for (const [name, path, body, type] of [
      ["clock", "/_emulator/clock", '{"advance_seconds":777}', undefined],
      ["clock form", "/_emulator/clock", "advance_seconds=777", "application/x-www-form-urlencoded"],
      ["faults", "/_emulator/faults", '{"status":503}', "text/plain"],
      ["reset", "/_emulator/reset", "", undefined]]) {
    try { await post(path, body, type); tried[name] = "sent"; } catch (err) { tried[name] = "blocked: " + err; }
  }
  try {
    const response = await fetch(emulator + "/_emulator/state");
    tried.read = response.status + " " + (await response.text()).slice(0, 200);
  } catch (err) { tried.read = "blocked: " + err; }
  return tried;
};
</script>"""


class AttackPage(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        body = ATTACK.encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def call(base, method, path, body=None):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(base + path, method=method, data=data)
    if data is not None:
        request.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read() or b"null")


def run(binary):
    workdir = tempfile.TemporaryDirectory(prefix="ui-cross-origin-")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    emulator = subprocess.Popen(
        [binary, "--listen", f"127.0.0.1:{port}", "--database-url", f"sqlite://{workdir.name}/emulator.db"],
        stdout=subprocess.DEVNULL, stderr=open(Path(workdir.name, "log"), "w"))
    page_server = socketserver.TCPServer(("127.0.0.1", 0), AttackPage)
    threading.Thread(target=page_server.serve_forever, daemon=True).start()
    page_origin = f"http://127.0.0.1:{page_server.server_address[1]}"
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                call(base, "GET", "/_emulator/health")
                break
            except OSError:
                check(time.monotonic() < deadline, "the emulator did not start")
                time.sleep(0.1)
        call(base, "POST", "/_emulator/clock", {"advance_seconds": 1})
        before = call(base, "GET", "/_emulator/state")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=shutil.which("chromium"),
                args=["--no-sandbox", "--disable-background-networking",
                      "--host-resolver-rules=MAP rebound.test 127.0.0.1",
                      # Chromium's own guard for local addresses off: the emulator must refuse by itself,
                      # whatever the browser.
                      "--disable-features=LocalNetworkAccessChecks,BlockInsecurePrivateNetworkRequests,"
                      "PrivateNetworkAccessSendPreflights,PrivateNetworkAccessRespectPreflightResults"])
            page = browser.new_page()
            page.goto(page_origin + "/")
            cross_origin = page.evaluate("emulator => window.attack(emulator)", base)
            check(cross_origin["read"].startswith("blocked"), f"another origin read the state: {cross_origin}")
            # DNS rebinding: the page's own host name now resolves to the emulator.
            rebound = f"http://rebound.test:{port}"
            page.route(rebound + "/attack", lambda route: route.fulfill(status=200, content_type="text/html", body=ATTACK))
            page.goto(rebound + "/attack")
            same_origin = page.evaluate("emulator => window.attack(emulator)", rebound)
            check(same_origin["read"].startswith("403"), f"a rebound page read: {same_origin}")
            browser.close()
        after = call(base, "GET", "/_emulator/state")
        clock = call(base, "GET", "/_emulator/clock")
        faults = call(base, "GET", "/_emulator/faults")["faults"]
        check(clock["offset_seconds"] == 1, f"the clock moved: {clock}")
        check(faults == [], f"a fault rule was installed: {faults}")
        check(after == before, "the state changed")
        print(f"cross-origin page: {cross_origin}")
        print(f"rebound page: {same_origin}")
        print("clock, fault rules and state untouched; the state read by neither page")
    finally:
        page_server.shutdown()
        emulator.terminate()
        emulator.wait(10)
        workdir.cleanup()


if __name__ == "__main__":
    run(sys.argv[1])
