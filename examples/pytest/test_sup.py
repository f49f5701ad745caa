"""СУП: a partner logs in, adds an employee and links a card; the journal shows the calls, and a
fault rule makes the next call fail as the real service might."""

import uuid

from http_util import call


def login(vendor_emulator):
    status, body = call("POST", vendor_emulator.base_url("sup") + "/v1/auth/login",
                        {"login": "partner", "password": "secret"})
    assert status == 200, body
    return {"Authorization": f"Bearer {body['access_token']}"}


def sup(vendor_emulator, auth, method, path, body=None):
    headers = {**auth, "X-Nonce": uuid.uuid4().hex}
    return call(method, vendor_emulator.base_url("sup") + path, body, headers)


def test_an_employee_gets_a_card(vendor_emulator):
    auth = login(vendor_emulator)
    status, added = sup(vendor_emulator, auth, "POST", "/v1/employee/add",
                        {"customId": "E-42", "surname": "Смирнова", "name": "Ольга"})
    assert status == 200, added
    employee = added["data"]["idEmployee"]
    status, linked = sup(vendor_emulator, auth, "POST", f"/v1/employee/{employee}/link_card",
                         {"customIdCard": "4600000000017", "statusCard": "MAIN"})
    assert status == 200, linked
    assert linked["statusCard"] == "MAIN"
    paths = [entry["path"] for entry in vendor_emulator.journal(vendor="sup")]
    assert paths == ["/v1/auth/login", "/v1/employee/add", f"/v1/employee/{employee}/link_card"]


def test_a_fault_rule_answers_instead(vendor_emulator):
    auth = login(vendor_emulator)
    vendor_emulator.fault(vendor="sup", path="/v1/employee/*", status=503, times=1)
    employee = "7f21773d-1d88-4fb0-835a-a4db53befd45"
    assert sup(vendor_emulator, auth, "GET", f"/v1/employee/{employee}")[0] == 503
    status, body = sup(vendor_emulator, auth, "GET", f"/v1/employee/{employee}")
    assert status == 200 and body["data"]["idEmployee"] == employee
