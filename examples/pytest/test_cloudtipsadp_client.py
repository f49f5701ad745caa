"""The PyPI package `cloudtipsadp` 0.15.2, unmodified, in the test's tenant. It reads its URLs and
credentials from the environment once, at import, so every scenario runs `cloudtipsadp_calls.py`
in a subprocess whose environment names the tenant's base URL (with the trailing slash the package's
`urljoin` needs) and the demo partner's credentials."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

CALLS = str(Path(__file__).with_name("cloudtipsadp_calls.py"))
# The demo partner (`partner@example.com`, client `Partner`) and its place.
PARTNER = {"CTA_CLIENT_ID": "Partner", "CTA_USER_NAME": "partner@example.com", "CTA_PASSWORD": "secret",
           "CTA_PLACE_ID": "place-1"}


def start(tenant, calls):
    base = tenant.base_url("cloudtips") + "/"
    env = {**os.environ, **PARTNER, "CTA_BASE_URL": base, "CTA_BASE_URL_API": base,
           "NO_PROXY": "127.0.0.1,localhost", "no_proxy": "127.0.0.1,localhost"}
    return subprocess.Popen([sys.executable, CALLS, json.dumps(calls)], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, encoding="utf-8")


def finish(process):
    try:
        out, err = process.communicate(timeout=120)
    except subprocess.TimeoutExpired:
        process.kill()
        raise
    assert process.returncode == 0, err
    return json.loads(out.splitlines()[-1])


def run(tenant, calls):
    return finish(start(tenant, calls))


def test_the_unmodified_client_in_its_own_tenant(vendor_emulator):
    phone = "+79990000055"
    token, created, places = run(vendor_emulator, [
        ["token", {}],
        ["receivers_create", {"phone_number": phone, "name": "Семён"}],
        ["places_get", {}],
    ])
    assert token.startswith("Bearer ")
    [new] = created["data"]["created"]
    assert (new["phoneNumber"], new["name"], new["layoutStatus"]) == (phone, "Семён", 0)
    assert [(place["id"], place["employeeCount"]) for place in places["data"]["items"]] == [("place-1", 1)]

    # `cloudtipsadp.receivers_get` calls its service with a keyword the service does not take
    # (a TypeError in 0.15.2), so the receiver is read through that service itself.
    receiver, sent = run(vendor_emulator, [
        ["receivers.services.receiver_get", {"user_id": new["userId"]}],
        ["places_send_sms", {"user_id": new["userId"]}],
    ])
    assert (receiver["data"]["phoneNumber"], receiver["data"]["fullName"]) == (phone, "Семён")
    assert [layout["placeId"] for layout in receiver["data"]["layouts"]] == ["place-1"]
    assert sent["succeed"] is True, sent
    [sms] = vendor_emulator.outbox(phone=phone)
    assert re.fullmatch(r"\d{6}", sms["code"]) and sms["code"] in sms["text"]

    other_code = f"{(int(sms['code']) + 1) % 10**6:06d}"
    wrong, confirmed, receiver = run(vendor_emulator, [
        ["places_confirm", {"user_id": new["userId"], "code": other_code}],
        ["places_confirm", {"user_id": new["userId"], "code": sms["code"]}],
        ["receivers.services.receiver_get", {"user_id": new["userId"]}],
    ])
    assert (wrong["succeed"], wrong["errors"]) == (False, ["Неверный код подтверждения"])
    assert confirmed["data"] == {"userId": new["userId"], "layoutId": new["layoutId"], "layoutStatus": 1}
    assert receiver["data"]["phoneNumberConfirmed"] is True
    assert [layout["layoutStatus"] for layout in receiver["data"]["layouts"]] == [1]

    grants = [entry for entry in vendor_emulator.journal(vendor="cloudtips") if entry["path"] == "/connect/token"]
    assert [entry["status"] for entry in grants] == [200, 200, 200], "one sign-in per process, in this tenant"
    default = vendor_emulator.emulator.tenant("default")
    assert default.journal(vendor="cloudtips") == [], "nothing reached the default tenant"


def test_two_tenants_at_once_do_not_see_each_other(vendor_emulator):
    other = vendor_emulator.emulator.tenant()
    try:
        phone = "+79990000066"
        # The same phone created in both tenants at once: two receivers, each in its own tenant.
        first, second = [start(tenant, [["receivers_create", {"phone_number": phone, "name": name}],
                                        ["receivers_pages", {}]])
                         for tenant, name in ((vendor_emulator, "Первый"), (other, "Второй"))]
        (created_first, pages_first), (created_second, pages_second) = finish(first), finish(second)
        [mine], [theirs] = created_first["data"]["created"], created_second["data"]["created"]
        assert mine["userId"] != theirs["userId"]
        assert [(item["userId"], item["fullName"]) for item in pages_first["data"]["items"]] == [(mine["userId"], "Первый")]
        assert [(item["userId"], item["fullName"]) for item in pages_second["data"]["items"]] == [(theirs["userId"], "Второй")]

        [unknown] = run(vendor_emulator, [["receivers.services.receiver_get", {"user_id": theirs["userId"]}]])
        assert (unknown["succeed"], unknown["errors"]) == (False, ["Получатель не найден"])
        [known] = run(other, [["receivers.services.receiver_get", {"user_id": theirs["userId"]}]])
        assert known["data"]["fullName"] == "Второй"
    finally:
        other.delete()
