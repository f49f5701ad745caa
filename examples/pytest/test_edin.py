"""EDIN EDO through the tenant's header (for a client that can add one) and through its base URL:
both reach the same tenant; a fixture document adds a user for this test alone."""

from http_util import call


def authorize(url, login, password, headers=None):
    return call("POST", url + "/Api/V1/User/Authorize", {"varLogin": login, "varPassword": password}, headers)


def test_a_user_loaded_for_this_test(vendor_emulator):
    counts = vendor_emulator.load({"edin": {"users": [
        {"login": "example-user", "password": "pa55", "gln": "9864066822430"}]}})
    assert counts
    status, body = authorize(vendor_emulator.base_url("edin"), "example-user", "pa55")
    assert (status, body["intCode"]) == (200, 200), body
    assert body["varToken"]
    # The header names the same tenant on the emulator's root base URL.
    root = vendor_emulator.emulator.url + "/edin"
    status, body = authorize(root, "example-user", "pa55", vendor_emulator.headers)
    assert body["intCode"] == 200, body
    # The default tenant never saw the user.
    status, body = authorize(root, "example-user", "pa55")
    assert body["intCode"] == 401, body


def test_state_is_the_tenants_alone(vendor_emulator):
    logins = {user["login"] for user in vendor_emulator.state()["edin"]["users"]}
    assert "supplier" in logins and "example-user" not in logins
