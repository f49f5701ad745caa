"""Two replicas behind nginx (round-robin, one PostgreSQL database): what one replica decided holds
on the other — IP bans, CloudTips' 60-second SMS interval, СУП's one MAIN card per employee under
32 concurrent calls, tokens, the tenant's clock and LIFE POS page tokens."""

import copy
import os
import shutil
import subprocess
import tempfile
import threading
import time
import uuid

from harness import LP_HEADERS, ROOT, Emulator, Failure, PostgresDatabase, check, free_port, request, tenant_headers

ORDER = 5
TENANT = "reliability-replicas"
ORG = "0b4f4a3e-5d1c-4c7a-9a39-1f6b8f2a7c01"
SUP_EMPLOYEE = "7f21773d-1d88-4fb0-835a-a4db53befd45"
EXTRA_CARDS = 32
EXTRA_WORKPLACES = 45


class Nginx:
    def __init__(self, replicas):
        self.prefix = tempfile.mkdtemp(prefix="reliability-nginx-")
        os.chmod(self.prefix, 0o777)
        self.port = free_port()
        # The same renderer docker-compose.yml runs in its nginx container.
        conf = subprocess.run(
            [
                os.path.join(ROOT, "reliability", "render-nginx"),
                os.path.join(ROOT, "reliability", "nginx.conf"),
                f"127.0.0.1:{self.port}",
                f"127.0.0.1:{replicas[0].port}",
                f"127.0.0.1:{replicas[1].port}",
                self.prefix,
            ],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        check("@" not in conf, "render-nginx left a placeholder")
        with open(os.path.join(self.prefix, "nginx.conf"), "w") as handle:
            handle.write(conf)

    def start(self):
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        self.process = subprocess.Popen(
            [nginx, "-p", self.prefix, "-c", os.path.join(self.prefix, "nginx.conf"), "-g", "daemon off;"],
            preexec_fn=_unprivileged if os.geteuid() == 0 else None,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            check(self.process.poll() is None, f"nginx exited: {self._errors()}")
            try:
                if request(self.port, "GET", "/_emulator/health", timeout=1)[0] == 200:
                    return self
            except OSError:
                time.sleep(0.05)
        raise Failure(f"nginx did not come up: {self._errors()}")

    def _errors(self):
        try:
            with open(os.path.join(self.prefix, "error.log")) as handle:
                return handle.read()[-1000:]
        except OSError:
            return ""

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait()


def _unprivileged():
    os.setgroups([])
    os.setgid(65534)
    os.setuid(65534)


def call(nginx, method, path, body=None, headers=None, source=None):
    status, answer_headers, answer = request(
        nginx.port, method, path, body=body, headers=tenant_headers(TENANT, headers), source=source
    )
    return status, answer_headers.get("X-Upstream"), answer


def load_fixtures(nginx):
    status, _, state = call(nginx, "GET", "/_emulator/state")
    check(status == 200, f"state: {status}")
    document = copy.deepcopy(state)
    cards = document["sup"]["cards"]
    template = next(card for card in cards if card["customIdCard"] == "1234567890123")
    for index in range(EXTRA_CARDS):
        card = dict(template, customIdCard=f"77{index:011d}", idCard=str(uuid.uuid4()))
        cards.append(card)
    org = next(org for org in document["lifepos"]["organizations"] if org["guid"] == ORG)
    first = org["workplaces"][0]
    for index in range(EXTRA_WORKPLACES):
        org["workplaces"].append(
            dict(first, guid=str(uuid.uuid4()), number=100 + index, name=f"Касса {100 + index}", activation_code=None)
        )
    status, _, answer = call(nginx, "POST", "/_emulator/fixtures?mode=replace", body=document)
    check(status == 200, f"fixtures: {status} {str(answer)[:300]}")


def both(upstreams):
    return len({upstream for upstream in upstreams if upstream}) == 2


def ip_bans(nginx):
    banned, other = "127.0.0.2", "127.0.0.3"
    upstreams = []

    def activate(code, source, extra=None):
        status, upstream, body = call(
            nginx, "POST", "/lifepos/v5/auth/activate-workplace", body={"activation_code": code},
            headers={**LP_HEADERS, **(extra or {})}, source=source,
        )
        upstreams.append(upstream)
        return status, body

    for _ in range(5):
        status, body = activate("1111", banned)
        check(status == 401, f"wrong code: {status} {body}")
    for extra in ({}, {}, {"X-Forwarded-For": "203.0.113.7"}, {"X-Forwarded-For": "203.0.113.8"}):
        status, body = activate("87654321", banned, extra)
        check(status == 429 and body["code"] == "TryActivateLater", f"banned client on a replica: {status} {body}")
    status, body = activate("1111", other)
    check(status == 401, f"another client is not banned: {status} {body}")
    check(both(upstreams), f"the ban test reached one replica only: {set(upstreams)}")


def sms_interval_and_clock(nginx):
    status, _, token = call(
        nginx, "POST", "/cloudtips/connect/token",
        body="grant_type=password&client_id=Partner&username=partner@example.com&password=secret",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    check(status == 200, f"token: {status}")
    bearer = {"Authorization": f"Bearer {token['access_token']}"}
    status, _, created = call(
        nginx, "POST", "/cloudtips/api/receivers/create-many",
        body={"placeId": "place-1", "receivers": [{"phoneNumber": "+79995550001", "name": "Смс"}]}, headers=bearer,
    )
    check(status == 200, f"receiver: {status} {created}")
    user_id = created["data"]["created"][0]["userId"]
    path = "/cloudtips/api/places/place-1/employees/attach/send-sms"
    upstreams = []
    status, upstream, body = call(nginx, "POST", path, body={"UserId": user_id}, headers=bearer)
    check(status == 200, f"first SMS: {status} {body}")
    upstreams.append(upstream)
    for _ in range(3):
        status, upstream, body = call(nginx, "POST", path, body={"UserId": user_id}, headers=bearer)
        upstreams.append(upstream)
        check(status == 400 and "Повторная отправка СМС" in str(body), f"SMS within 60 s on a replica: {status} {body}")
    check(both(upstreams), f"the SMS test reached one replica only: {set(upstreams)}")
    # The clock moved on one replica is the clock of both: 61 s later the SMS may go again.
    status, _, body = call(nginx, "POST", "/_emulator/clock", body={"advance_seconds": 61})
    check(status == 200, f"clock: {status} {body}")
    clocks, upstreams = [], []
    for _ in range(4):
        status, upstream, body = call(nginx, "GET", "/_emulator/clock")
        check(status == 200, f"read clock: {status}")
        clocks.append(body["offset_seconds"])
        upstreams.append(upstream)
    check(len(set(map(str, clocks))) == 1 and clocks[0] not in (None, 0), f"clocks differ across replicas: {clocks}")
    check(both(upstreams), "the clock was read from one replica only")
    status, _, body = call(nginx, "POST", path, body={"UserId": user_id}, headers=bearer)
    check(status == 200, f"SMS after 61 s of the tenant's clock: {status} {body}")
    status, _, outbox = call(nginx, "GET", "/_emulator/outbox")
    sms = [m for m in outbox["messages"] if "+79995550001" in str(m) and "привязки" in str(m)]
    check(len(sms) == 2, f"SMS in the outbox: {len(sms)}")


def sup_one_main_card(nginx):
    status, _, login = call(nginx, "POST", "/sup/v1/auth/login", body={"login": "partner", "password": "secret"})
    check(status == 200, f"SUP login: {status} {login}")
    bearer = {"Authorization": f"Bearer {login['access_token']}"}
    results = [None] * EXTRA_CARDS

    def link(index):
        results[index] = call(
            nginx, "POST", f"/sup/v1/employee/{SUP_EMPLOYEE}/link_card",
            body={"customIdCard": f"77{index:011d}", "statusCard": "MAIN"},
            headers={**bearer, "X-Nonce": uuid.uuid4().hex},
        )

    threads = [threading.Thread(target=link, args=(i,)) for i in range(EXTRA_CARDS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    statuses = [status for status, _, _ in results]
    check(statuses.count(200) == 1, f"MAIN links that won: {statuses.count(200)} of {statuses}")
    check(all(status == 409 for status in statuses if status != 200), f"losers: {statuses}")
    check(both([upstream for _, upstream, _ in results]), "the concurrent links reached one replica only")
    status, _, state = call(nginx, "GET", "/_emulator/state")
    main = [c for c in state["sup"]["cards"] if c["idEmployee"] == SUP_EMPLOYEE and c["statusCard"] == "MAIN"]
    check(len(main) == 1, f"MAIN cards of the employee: {main}")
    # The token issued by one replica kept working on both (the links above), and a nonce used on one
    # replica is used up on the other.
    nonce = uuid.uuid4().hex
    first = call(nginx, "GET", f"/sup/v1/employee/{SUP_EMPLOYEE}", headers={**bearer, "X-Nonce": nonce})
    second = call(nginx, "GET", f"/sup/v1/employee/{SUP_EMPLOYEE}", headers={**bearer, "X-Nonce": nonce})
    check(first[0] == 200 and second[0] == 422 and first[1] != second[1], f"one nonce on two replicas: {first[:2]} {second[:2]}")


def lifepos_tokens_and_pages(nginx):
    status, _, signed = call(
        nginx, "POST", "/lifepos/v5/auth/sign-in-by-phone", body={"phone": "+79990000001", "password": "secret123"},
        headers=LP_HEADERS,
    )
    check(status == 200, f"sign-in: {status} {signed}")
    bearer = {**LP_HEADERS, "Authorization": f"Bearer {signed['token']}"}
    seen, upstreams, pages = [], [], 0
    path = f"/lifepos/v5/orgs/{ORG}/workplaces"
    while True:
        status, upstream, page = call(nginx, "GET", path, headers=bearer)
        check(status == 200, f"{path}: {status} {page}")
        upstreams.append(upstream)
        pages += 1
        seen.extend(item["guid"] for item in page["items"])
        if not page["next_page_token"]:
            break
        path = f"/lifepos/v5/orgs/{ORG}/workplaces?page_token={page['next_page_token']}"
    check(len(seen) == len(set(seen)) == EXTRA_WORKPLACES + 2, f"{len(seen)} workplaces over {pages} pages, {len(set(seen))} distinct")
    check(both(upstreams), "the pages came from one replica only")
    return pages


FAULTED_CALLS = 20
COUNTED_TIMES = 7


def fault_rules(nginx):
    """A rule posted through nginx fires on every replica; `times` counts down across both."""
    status, _, body = call(
        nginx, "POST", "/_emulator/faults", body={"vendor": "sup", "path": "/v1/faulted/**", "status": 503}
    )
    check(status == 200, f"fault rule: {status} {body}")
    faulted, upstreams = 0, []
    for _ in range(FAULTED_CALLS):
        status, upstream, _ = call(nginx, "GET", "/sup/v1/faulted/x")
        faulted += status == 503
        upstreams.append(upstream)
    check(faulted == FAULTED_CALLS, f"the rule fired on {faulted} of {FAULTED_CALLS} calls")
    check(both(upstreams), f"the fault test reached one replica only: {set(upstreams)}")
    status, _, body = call(
        nginx, "POST", "/_emulator/faults",
        body={"vendor": "sup", "path": "/v1/counted", "status": 503, "times": COUNTED_TIMES},
    )
    check(status == 200, f"counted rule: {status} {body}")
    statuses = []

    def counted_call():
        statuses.append(call(nginx, "GET", "/sup/v1/counted")[0])

    threads = [threading.Thread(target=counted_call) for _ in range(FAULTED_CALLS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    counted = statuses.count(503)
    check(counted == COUNTED_TIMES, f"times {COUNTED_TIMES} fired {counted} times across replicas: {statuses}")
    status, _, _ = call(nginx, "DELETE", "/_emulator/faults")
    check(status == 200, f"rules removed: {status}")
    return faulted


def test_replicas():
    with PostgresDatabase() as url:
        env = {"EMULATOR__SERVER__TRUSTED_PROXIES": '["127.0.0.1"]'}
        replicas = [Emulator(url, env=env).start()]
        # The second starts once the first has migrated the database.
        replicas.append(Emulator(url, env=env).start())
        nginx = None
        try:
            nginx = Nginx(replicas).start()
            load_fixtures(nginx)
            ip_bans(nginx)
            sms_interval_and_clock(nginx)
            sup_one_main_card(nginx)
            pages = lifepos_tokens_and_pages(nginx)
            faulted = fault_rules(nginx)
        finally:
            if nginx:
                nginx.stop()
            for replica in replicas:
                replica.stop()
    return (
        f"both replicas served every check: a ban held on both (and behind a spoofed X-Forwarded-For), "
        f"1 SMS in 60 s then one after the shared clock moved 61 s, 1 of {EXTRA_CARDS} concurrent MAIN links won, "
        f"one nonce used once, {EXTRA_WORKPLACES + 2} workplaces over {pages} pages with tokens crossing replicas; "
        f"a fault rule posted through nginx fired on {faulted} of {FAULTED_CALLS} calls, and one with times "
        f"{COUNTED_TIMES} fired {COUNTED_TIMES} times of {FAULTED_CALLS} concurrent calls"
    )
