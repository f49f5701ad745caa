"""The PyPI package `cloudtips` 0.4.1, unchanged, against the emulator: usage: client_test.py BINARY.

Starts the emulator on a free port with a fixture document of its own (every tenant starts from it;
the package sends no tenant header, so it works in the default tenant), logs the receiver in with
client_id=MobilePhone as a user does to get the tokens the package is given, then calls every
public method of the package and checks what it returns. Exits non-zero on the first failure.

The package takes the API's base URL as a parameter; its identity server's URL is a module constant
(`cloudtips.auth._TOKEN_URL`) with no parameter, so the script points that constant at the
emulator. The package's files are not modified.
"""

import asyncio
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from datetime import datetime, timedelta, timezone
from pathlib import Path

import cloudtips
import cloudtips.auth
from cloudtips import CloudTipsAPIError, CloudTipsAuth, CloudTipsAuthError, CloudTipsClient

PHONE = "+79990000002"
PASSWORD = "receiver-secret"
TIPS = 60  # more than the package's page of 50, so get_all_donations pages


def check(condition, what):
    if not condition:
        raise AssertionError(what)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def iso(at):
    return at.astimezone(timezone.utc).isoformat().replace("+00:00", "Z")


def fixture(now):
    """Анна with 60 tips in the last 20 hours, a payout before them, a tip of two days ago and two cards."""
    timeline = [
        {
            "transactionId": 5000 + i,
            "payerName": None if i % 10 == 0 else f"Гость {i}",
            "paymentAmount": 100 + i + (0.5 if i % 2 else 0),
            "comment": f"Спасибо {i}" if i % 3 == 0 else None,
            "created_at": iso(now - timedelta(minutes=20 * (i + 1))),
        }
        for i in range(TIPS)
    ]
    timeline.append({"transactionId": 4000, "payerName": "Давно", "paymentAmount": 1000,
                     "created_at": iso(now - timedelta(days=2))})
    # The package stops paging at a page with fewer than 50 donations once it has dropped other
    # operations, so the payout is the window's oldest item, on its last page.
    timeline.append({"transactionId": 4001, "operationType": "Payout", "paymentAmount": 700,
                     "created_at": iso(now - timedelta(hours=21))})
    return {"cloudtips": {
        "partners": [{"username": "partner@example.com", "password": "secret", "client_id": "Partner"}],
        "places": [{"id": "place-1", "name": "Кофейня", "partner": "partner@example.com"}],
        "receivers": [{
            "userId": "2f6c1e8a-4b3d-4c5e-9f7a-1b2c3d4e5f61", "phoneNumber": PHONE, "name": "Анна Иванова",
            "partner": "partner@example.com", "places": ["place-1"], "payoutMethod": 1, "password": PASSWORD,
            "accumulation": {"accumulatedAmount": 2000, "commissionPercent": 3.5},
            "timeline": timeline,
            "cards": [
                {"token": "tk_anna_mir", "firstSix": "220070", "lastFour": "1234", "cardType": "MIR",
                 "cardExpirationDate": "01/28", "issuerCode": "T-BANK", "isDefault": True,
                 "created_at": iso(now - timedelta(days=30))},
                {"token": "tk_anna_visa", "firstSix": "427600", "lastFour": "5678", "cardType": "VISA",
                 "cardExpirationDate": "12/27", "issuerCode": "SBER", "created_at": iso(now - timedelta(days=3))},
            ],
        }],
    }}


class Emulator:
    def __init__(self, binary, document):
        self.dir = tempfile.TemporaryDirectory(prefix="cloudtips-client-")
        self.base = f"http://127.0.0.1:{free_port()}"
        fixtures = Path(self.dir.name, "fixtures.json")
        fixtures.write_text(json.dumps(document, ensure_ascii=False))
        env = dict(os.environ, EMULATOR__LOG__LEVEL="warn")
        self.log = Path(self.dir.name, "log")
        self.process = subprocess.Popen(
            [binary, "--listen", self.base.removeprefix("http://"),
             "--database-url", f"sqlite://{self.dir.name}/emulator.db", "--fixtures", str(fixtures)],
            env=env, stdout=subprocess.DEVNULL, stderr=open(self.log, "w"))
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            check(self.process.poll() is None, "the emulator exited: " + self.log.read_text())
            try:
                with urllib.request.urlopen(self.base + "/_emulator/health", timeout=1) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError("the emulator did not start: " + self.log.read_text())

    def token(self, form):
        """POST /cloudtips/connect/token as a user does once to get the package's first tokens."""
        request = urllib.request.Request(self.base + "/cloudtips/connect/token", method="POST",
                                         data=urllib.parse.urlencode(form).encode())
        request.add_header("Content-Type", "application/x-www-form-urlencoded")
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status, json.loads(response.read())
        except urllib.error.HTTPError as err:
            return err.code, json.loads(err.read() or b"null")

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.dir.cleanup()


async def scenario(emulator):
    msk = timezone(timedelta(hours=3))
    status, tokens = emulator.token({"grant_type": "password", "client_id": "MobilePhone",
                                     "username": "8 (999) 000-00-02", "password": PASSWORD})
    check(status == 200, f"the receiver's login: {status} {tokens}")
    status, body = emulator.token({"grant_type": "password", "client_id": "MobilePhone",
                                   "username": PHONE, "password": "wrong"})
    check((status, body) == (400, {"error": "invalid_grant"}), f"a wrong password: {status} {body}")

    cloudtips.auth._TOKEN_URL = emulator.base + "/cloudtips/connect/token"
    refreshed = []

    async def on_token_refresh(token_data):
        refreshed.append(token_data)

    # Expired on arrival: the package refreshes before its first call (grant_type=refresh_token,
    # client_id=MobilePhone) and reports the new pair.
    auth = CloudTipsAuth(token=tokens["access_token"], refresh_token=tokens["refresh_token"],
                         expires_at=time.time() - 1, on_token_refresh=on_token_refresh)
    async with CloudTipsClient(auth, base_url=emulator.base + "/cloudtips/api") as client:
        me = await client.get_me()
        check(len(refreshed) == 1, f"one refresh before the first call, got {len(refreshed)}")
        check(refreshed[0].refresh_token != tokens["refresh_token"], "a new refresh token")
        check(auth.expires_at > time.time() + 600, f"expires_at {auth.expires_at}")
        check(me.full_name == "Анна Иванова", f"full_name {me.full_name!r}")
        check(me.phone_number == PHONE, f"phone_number {me.phone_number!r}")
        check(me.user_id == "2f6c1e8a-4b3d-4c5e-9f7a-1b2c3d4e5f61", f"user_id {me.user_id!r}")
        check(me.payout_method == "Accumulation", f"payout_method {me.payout_method!r}")
        check(me.instant_payout_enabled, "instant payouts with a card")
        check(me.work_place == "Кофейня", f"work_place {me.work_place!r}")
        check(0 < me.available_amount_min < me.available_amount_max, f"limits {me}")

        # Donations: the last 24 hours, paged by 50; the payout and the old tip are not donations.
        donations = await client.get_all_donations()
        check(len(donations) == TIPS, f"{len(donations)} donations, want {TIPS}")
        check(sorted(d.transaction_id for d in donations) == list(range(5000, 5000 + TIPS)), "transaction ids")
        check([d.date for d in donations] == sorted(d.date for d in donations), "sorted by date")
        by_id = {d.transaction_id: d for d in donations}
        check(by_id[5000].name == "Аноним", f"no payer name: {by_id[5000].name!r}")
        check(by_id[5001].name == "Гость 1" and by_id[5001].amount == 101.5, f"{by_id[5001]}")
        check(by_id[5003].comment == "Спасибо 3" and by_id[5001].comment == "", f"{by_id[5003]} {by_id[5001]}")
        check(all(d.date.tzinfo is not None for d in donations), "aware dates")
        second = await client.get_donations(page=2, limit=50)
        check(len(second) == TIPS - 50, f"page 2 holds {len(second)}")
        now = datetime.now(msk)
        recent = await client.get_all_donations(since=now - timedelta(minutes=70), until=now)
        check({d.transaction_id for d in recent} == {5000, 5001, 5002}, f"the last 70 minutes: {recent}")
        week = await client.get_all_donations(since=now - timedelta(days=7))
        check(4000 in {d.transaction_id for d in week} and len(week) == TIPS + 1, f"a week: {len(week)}")

        # Cards.
        cards = await client.get_cards()
        check([c.token for c in cards] == ["tk_anna_mir", "tk_anna_visa"], f"cards {cards}")
        check(cards[0].is_default and not cards[1].is_default, "the default first")
        check(str(cards[0]) == "MIR *1234 (T-BANK, до 01/28) [по умолчанию]", str(cards[0]))
        for card in cards:
            if not card.is_default:
                check(await client.delete_card(card.token) is True, "delete_card")
        check([c.token for c in await client.get_cards()] == ["tk_anna_mir"], "the deleted card is gone")
        try:
            await client.delete_card("tk_anna_visa")
            raise AssertionError("deleting a deleted card succeeded")
        except CloudTipsAPIError as err:
            check(err.status_code == 404, f"a deleted card: {err}")

        # Fees, balance, payout method.
        fee = await client.get_payout_fee_info()
        check("3.5%" in fee.text and fee.instant_payout_commission_text, f"fee {fee}")
        summary = await client.get_accumulation_summary()
        check((summary.accumulated_amount, summary.commission, summary.amount_to_deposit,
               summary.commission_percent) == (2000.0, 70.0, 1930.0, 3.5), f"summary {summary}")
        check(summary.next_payout_date is None, f"next payout {summary.next_payout_date}")
        check(await client.set_payout_method("Instant") is True, "set_payout_method")
        check(await client.get_payout_method() == "Instant", "the payout method changed")
        check(await client.set_payout_method("Accumulation") is True, "set back")
        check(await client.get_payout_method() == "Accumulation", "the payout method changed back")

        # A forced refresh; the tokens it replaced are spent.
        spent = auth._refresh_token
        data = await auth.refresh()
        check(len(refreshed) == 2 and data.access_token != refreshed[0].access_token, "a second refresh")
        check((await client.get_me()).full_name == "Анна Иванова", "the refreshed token works")
        stale = CloudTipsAuth(token="x", refresh_token=spent, expires_at=0)
        try:
            await stale.refresh()
            raise AssertionError("a used refresh token worked")
        except CloudTipsAuthError as err:
            check("400" in str(err) and "invalid_grant" in str(err), f"a used refresh token: {err}")

    # A wrong token is the API's 401.
    wrong = CloudTipsAuth(token="not-a-token", refresh_token="none", expires_at=time.time() + 3600)
    async with CloudTipsClient(wrong, base_url=emulator.base + "/cloudtips/api") as client:
        try:
            await client.get_me()
            raise AssertionError("a wrong token was served")
        except CloudTipsAPIError as err:
            check(err.status_code == 401 and err.detail.get("succeed") is False, f"a wrong token: {err}")


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: client_test.py BINARY")
    started = time.monotonic()
    emulator = Emulator(sys.argv[1], fixture(datetime.now(timezone.utc)))
    try:
        asyncio.run(scenario(emulator))
    except Exception as err:  # any failure, with what the emulator logged
        print(f"FAIL cloudtips {cloudtips.__version__}: {type(err).__name__}: {err}", file=sys.stderr)
        print(emulator.log.read_text()[-2000:], file=sys.stderr)
        emulator.stop()
        sys.exit(1)
    emulator.stop()
    print(f"ok: cloudtips {cloudtips.__version__} against the emulator in {time.monotonic() - started:.1f} s")


if __name__ == "__main__":
    main()
