"""The dashboard in a real browser: Debian's headless Chromium driven by Playwright.

Starts the emulator (the debug build, a throw-away SQLite database, a control token), opens
/_emulator/ui and walks the steps a tester takes: type the token, switch tenant, see a LIFE POS
activation SMS appear in the outbox and its request in the live journal, advance the clock, add a
fault rule through the form, see a vendor call answer it, delete it, pay a LIFE POS sale at the
till and send its notification again, reset the tenant, open it under a tenant's base URL
(/_t/{tenant}/_emulator/ui). Every step
saves a screenshot under target/ui-screenshots/. Any page error, or any request the page makes to
another host, fails the run.

Usage: python dashboard_test.py BINARY SCREENSHOT_DIR
"""

import json
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from playwright.sync_api import expect, sync_playwright

TOKEN = "ui-test-token"
TENANT = "ui-run"
ORG = "0b4f4a3e-5d1c-4c7a-9a39-1f6b8f2a7c01"
WORKPLACE = "5e8b1d3f-7a2c-4f6e-9b4d-1c3e5a7f9b41"
IVAN = "3c9e7b21-8f4a-4d6b-a1c3-7e2f9d5b8a21"
LIFEPOS_HEADERS = {
    "Accept-Language": "ru-RU",
    "X-LP-Client-Identifier": "3a604a4c-bb52-4e96-b07e-d0d96ab28384",
    "X-LP-Client-Type": "App",
    "Authorization": "demo-lifepos-api-key",
}


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Emulator:
    """The emulator as a child process, on its own port and database."""

    def __init__(self, binary):
        self.dir = tempfile.TemporaryDirectory(prefix="ui-tests-")
        self.base = f"http://127.0.0.1:{free_port()}"
        config = Path(self.dir.name, "emulator.toml")
        config.write_text(f'[control]\ntoken = "{TOKEN}"\n')
        self.process = subprocess.Popen(
            [binary, "--config", str(config), "--listen", self.base.removeprefix("http://"),
             "--database-url", f"sqlite://{self.dir.name}/emulator.db"],
            stdout=subprocess.DEVNULL, stderr=open(Path(self.dir.name, "log"), "w"))
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                if self.call("GET", "/_emulator/health")[0] == 200:
                    return
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError("the emulator did not start: " + Path(self.dir.name, "log").read_text())

    def call(self, method, path, body=None, tenant=TENANT, headers=None):
        request = urllib.request.Request(self.base + path, method=method, data=None if body is None else json.dumps(body).encode())
        request.add_header("X-Emulator-Tenant", tenant)
        if path.startswith("/_emulator"):
            request.add_header("Authorization", "Bearer " + TOKEN)
        if body is not None:
            request.add_header("Content-Type", "application/json")
        for name, value in (headers or {}).items():
            request.add_header(name, value)
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status, json.loads(response.read() or b"null")
        except urllib.error.HTTPError as err:
            return err.code, json.loads(err.read() or b"null")

    def generate_activation_code(self):
        return self.call("POST", f"/lifepos/v6/orgs/{ORG}/workplaces/{WORKPLACE}:generate-activation-code",
                         {"employee": {"guid": IVAN}, "send_sms": True}, headers=LIFEPOS_HEADERS)

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.dir.cleanup()


def check(condition, message):
    if not condition:
        raise AssertionError(message)


def run(binary, shots):
    shots.mkdir(parents=True, exist_ok=True)
    emulator = Emulator(binary)
    problems = []
    try:
        # Both tenants exist before the page opens, so its picker lists them.
        for tenant in ("default", TENANT):
            check(emulator.call("GET", "/_emulator/clock", tenant=tenant)[0] == 200, "tenant " + tenant)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=shutil.which("chromium"), args=["--no-sandbox"])
            context = browser.new_context(viewport={"width": 1280, "height": 800})
            context.grant_permissions(["clipboard-read", "clipboard-write"], origin=emulator.base)
            page = context.new_page()
            page.on("pageerror", lambda err: problems.append(f"page error: {err}"))

            def offline_only(route):
                if route.request.url.startswith(emulator.base):
                    route.continue_()
                else:
                    problems.append("the page reached elsewhere: " + route.request.url)
                    route.abort()
            page.route("**/*", offline_only)
            expect.set_options(timeout=5000)

            step = 0

            def shot(name):
                nonlocal step
                step += 1
                page.screenshot(path=str(shots / f"{step:02d}-{name}.png"))

            # Open the page: without the token it says so; typed once, it is used everywhere.
            page.goto(emulator.base + "/_emulator/ui")
            expect(page.locator("#status")).to_contain_text("control token")
            page.fill("#token", TOKEN)
            page.click("#token-form button")
            expect(page.locator("#journal-live")).to_have_text("● live")
            expect(page.locator("#state")).to_contain_text("Кофейня на Мира")
            shot("open")

            # Switch tenant: the picker lists the tenants that exist.
            options = page.locator("#tenant option").all_inner_texts()
            check(options == ["default", TENANT], f"tenant picker: {options}")
            page.select_option("#tenant", TENANT)
            expect(page.locator("#outbox")).to_contain_text("no SMS sent yet")
            check(page.evaluate("localStorage.getItem('emulator.tenant')") == TENANT, "the tenant is remembered")
            shot("tenant")

            # A LIFE POS activation code by SMS appears in the outbox within 2 s, without a reload.
            status, body = emulator.generate_activation_code()
            check(status == 200, f"generate-activation-code: {status} {body}")
            code = body["activation_code"]
            expect(page.locator("#outbox .code").first).to_have_text(code, timeout=2000)
            page.locator("#outbox .code").first.click()
            expect(page.locator("#status")).to_have_text("copied " + code)
            check(page.evaluate("navigator.clipboard.readText()") == code, "the code is on the clipboard")
            expect(page.locator("#state")).to_contain_text(code)
            shot("outbox")

            # The request is in the live journal; its row expands to the bodies.
            row = page.locator("#journal tr.entry", has_text=":generate-activation-code").first
            expect(row).to_be_visible(timeout=2000)
            row.click()
            detail = page.locator("#journal tr.detail")
            expect(detail).to_contain_text('"send_sms": true')
            expect(detail).to_contain_text(code)
            page.select_option("#filter-status", "4")
            expect(page.locator("#journal tr.entry")).to_have_count(0)
            page.select_option("#filter-status", "")
            expect(detail).to_contain_text('"send_sms": true')
            page.fill("#filter-path", ":generate-activation-code")
            expect(page.locator("#journal tr.entry")).to_have_count(1)
            shot("journal")
            page.fill("#filter-path", "")

            # Advance the clock by a preset and see the new time.
            before = emulator.call("GET", "/_emulator/clock")[1]
            page.click("button[data-advance='86400']")
            expect(page.locator("#clock-offset")).to_have_text("1 d ahead of real time")
            after = emulator.call("GET", "/_emulator/clock")[1]
            check(after["offset_seconds"] == before["offset_seconds"] + 86400, f"clock: {after}")
            expect(page.locator("#clock-now")).to_contain_text(after["now"][:10])
            page.fill("#advance-amount", "2")
            page.select_option("#advance-unit", "3600")
            page.click("#advance-form button")
            expect(page.locator("#clock-offset")).to_have_text("1 d 2 h ahead of real time")
            shot("clock")

            # A fault rule through the form; a vendor call answers it; then it is deleted.
            form = page.locator("#fault-form")
            form.locator("[name=vendor]").select_option("lifepos")
            form.locator("[name=path]").fill("/v6/orgs/**")
            form.locator("[name=status]").fill("503")
            form.locator("[name=times]").fill("5")
            form.locator("button[type=submit]").click()
            fault_row = page.locator("#faults tbody tr", has_text="/v6/orgs/**")
            expect(fault_row).to_contain_text("503")
            status, _ = emulator.generate_activation_code()
            check(status == 503, f"the fault answers the vendor call: {status}")
            expect(page.locator("#journal tr.entry.s5").first).to_contain_text("503", timeout=2000)
            expect(fault_row.locator("td").nth(6)).to_have_text("4")  # times left
            shot("fault")
            fault_row.locator("button[data-fault]").click()
            expect(page.locator("#faults tbody")).to_contain_text("no fault rules")
            check(emulator.call("GET", "/_emulator/faults")[1]["faults"] == [], "the rule is gone")
            check(emulator.generate_activation_code()[0] == 200, "vendor calls answer again")

            # The LIFE POS till: a sale created through the API is paid with a click; its notifications,
            # to a URL nobody listens on, are listed with their failed tries and sent again with one.
            nobody = f"http://127.0.0.1:{free_port()}/hooks"
            status, _ = emulator.call("PATCH", f"/lifepos/v6/orgs/{ORG}", [{"op": "add", "path": "/extensions/notification_service",
                                      "value": {"turned_on": True, "primary_url_for_notifications": nobody}}], headers=LIFEPOS_HEADERS)
            check(status == 204, f"notification URL: {status}")
            status, sale = emulator.call("POST", f"/lifepos/v4/orgs/{ORG}/deals/sales", {
                "outlet": {"guid": "6a1d2f9e-3b7c-4e58-8d21-5c9e0f4b3a11"}, "number": 9090,
                "positions": [{"name": "Капучино", "quantity": 2, "sale_price": {"value": 17500}}]},
                headers={"Authorization": "Bearer demo-lifepos-api-key", "Accept-Language": "ru-RU"})
            check(status == 201, f"sale: {status} {sale}")
            page.click("#vendor-tabs button[data-tab=lifepos]")
            pay = page.locator(f"button[data-pay='{sale['guid']}'][data-by=by_card]")
            expect(pay).to_be_visible(timeout=2000)
            pay.click()
            expect(page.locator("#state tr", has_text="9090")).to_contain_text("Completed", timeout=3000)
            check(emulator.call("GET", f"/lifepos/v4/orgs/{ORG}/deals/sales/{sale['guid']}",
                                headers={"Authorization": "demo-lifepos-api-key", "Accept-Language": "ru-RU"})[1]["status"] == "Closed",
                  "the sale is paid")
            # Given back with a click: the payment's whole sum, by card as it was paid.
            refund = page.locator("#state tr", has_text="9090").locator("button[data-refund]")
            expect(refund).to_have_text("refund 350", timeout=2000)
            refund.click()
            expect(page.locator("#state tr", has_text="9090")).to_contain_text("Refunded", timeout=3000)
            expect(page.locator("#state tr", has_text="9090").locator("button[data-refund]")).to_have_count(0)
            check(emulator.call("GET", f"/lifepos/v4/orgs/{ORG}/deals/sales/{sale['guid']}",
                                headers={"Authorization": "demo-lifepos-api-key", "Accept-Language": "ru-RU"})[1]["status"] == "Returned",
                  "the sale is refunded")
            # The sale's first notification failed its first try (nobody listens); the later ones
            # wait behind it, in order per sale.
            failed = page.locator("#deliveries tr.delivery", has_text="connect").first
            expect(failed).to_be_visible(timeout=3000)
            shot("till")

            def first_tries():
                return len(emulator.call("GET", "/_emulator/deliveries")[1]["deliveries"][0]["attempts"])
            tries = first_tries()
            failed.locator("button[data-redeliver]").click()
            expect(page.locator("#status")).to_have_text("done")
            deadline = time.monotonic() + 3
            while time.monotonic() < deadline and first_tries() == tries:
                time.sleep(0.1)
            check(first_tries() > tries, "sent again")

            # Reset, with a confirmation first.
            page.click("#reset")
            expect(page.locator("#reset-dialog")).to_be_visible()
            expect(page.locator("#reset-name")).to_have_text(TENANT)
            shot("reset-confirm")
            page.click("#reset-dialog button[value=cancel]")
            check(emulator.call("GET", "/_emulator/outbox")[1]["messages"] != [], "cancel keeps the state")
            page.click("#reset")
            page.click("#reset-confirm")
            expect(page.locator("#outbox")).to_contain_text("no SMS sent yet")
            expect(page.locator("#clock-offset")).to_have_text("real time")
            check(emulator.call("GET", "/_emulator/clock")[1]["offset_seconds"] == 0, "the clock is reset")
            shot("reset")

            # The other vendors' state as tables.
            for tab, text in (("sup", "Петрова"), ("edin", "ТОВ Приклад"), ("cloudtips", "Анна")):
                page.click(f"#vendor-tabs button[data-tab={tab}]")
                expect(page.locator("#state")).to_contain_text(text)
            page.locator("#state-section").screenshot(path=str(shots / f"{step + 1:02d}-state-cloudtips.png"))
            step += 1
            page.click("#vendor-tabs button[data-tab=lifepos]")

            # Reloading keeps the token: typed once.
            page.reload()
            expect(page.locator("#journal-live")).to_have_text("● live")
            expect(page.locator("#tenant")).to_have_value(TENANT)

            # Opened under a tenant's base URL, the page starts on that tenant, and its address
            # follows the tenant picked.
            page.goto(emulator.base + "/_t/from-path/_emulator/ui")
            expect(page.locator("#journal-live")).to_have_text("● live")
            expect(page.locator("#tenant")).to_have_value("from-path")
            page.select_option("#tenant", TENANT)
            expect(page).to_have_url(emulator.base + f"/_t/{TENANT}/_emulator/ui")
            expect(page.locator("#journal-live")).to_have_text("● live")

            # A phone's width: one column, nothing wider than the screen.
            page.set_viewport_size({"width": 390, "height": 844})
            status, body = emulator.generate_activation_code()
            expect(page.locator("#outbox .code").first).to_have_text(body["activation_code"], timeout=2000)
            width = page.evaluate("document.documentElement.scrollWidth")
            check(width <= 390, f"the page is {width}px wide on a 390px screen")
            page.screenshot(path=str(shots / f"{step + 1:02d}-phone.png"), full_page=False)
            browser.close()
        check(not problems, "; ".join(problems))
    finally:
        emulator.stop()


if __name__ == "__main__":
    started = time.monotonic()
    run(sys.argv[1], Path(sys.argv[2]))
    print(f"ui-tests: the dashboard passed in Chromium in {time.monotonic() - started:.1f} s")
