"""LIFE POS through the tenant's base URL: activation codes work once per tenant, SMS land in the
tenant's outbox, five wrong codes ban the client until the tenant's clock moves a day on."""

import pytest
from http_util import call

LP = {"Accept-Language": "ru-RU", "X-LP-Client-Identifier": "example", "X-LP-Client-Type": "App"}
ORG = "0b4f4a3e-5d1c-4c7a-9a39-1f6b8f2a7c01"
CASHBOX = "5e8b1d3f-7a2c-4f6e-9b4d-1c3e5a7f9b41"
IVAN = "3c9e7b21-8f4a-4d6b-a1c3-7e2f9d5b8a21"
API_KEY = "demo-lifepos-api-key"


def activate(vendor_emulator, code):
    return call("POST", vendor_emulator.base_url("lifepos") + "/v5/auth/activate-workplace",
                {"activation_code": code}, LP)


# Eight tests using up the same demo code, four at a time under `pytest -n 4`: each passes only
# because its tenant is its own.
@pytest.mark.parametrize("run", range(8))
def test_a_code_works_once_in_each_tenant(vendor_emulator, run):
    status, body = activate(vendor_emulator, "12345678")
    assert status == 200, body
    assert body["workplace"]["guid"] == CASHBOX
    status, body = activate(vendor_emulator, "12345678")
    assert (status, body["code"]) == (401, "WrongActivationCode")


def test_an_activation_code_sent_by_sms(vendor_emulator):
    url = f"{vendor_emulator.base_url('lifepos')}/v6/orgs/{ORG}/workplaces/{CASHBOX}:generate-activation-code"
    status, body = call("POST", url, {"employee": IVAN, "send_sms": True}, {**LP, "Authorization": API_KEY})
    assert status == 200, body
    [sms] = vendor_emulator.outbox(phone="+79990000001")
    assert sms["vendor"] == "lifepos" and sms["code"] == body["activation_code"]
    assert activate(vendor_emulator, sms["code"])[0] == 200


def test_a_ban_ends_when_the_clock_moves_on(vendor_emulator):
    for _ in range(5):
        assert activate(vendor_emulator, "00000000")[0] == 401
    status, body = activate(vendor_emulator, "12345678")
    assert (status, body["code"]) == (429, "TryActivateLater")
    vendor_emulator.advance(24 * 3600 + 1)
    assert activate(vendor_emulator, "12345678")[0] == 200
