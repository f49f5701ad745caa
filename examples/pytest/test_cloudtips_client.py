"""The PyPI package `cloudtips` 0.4.1, unmodified, in the test's tenant through nothing but base
URLs: the receiver's API at `base_url("cloudtips") + "/api"` and its token endpoint (a module
constant of the package) at `base_url("cloudtips") + "/connect/token"`. No header is sent."""

import asyncio
import time

import cloudtips.auth
from cloudtips import CloudTipsAuth, CloudTipsClient
from http_util import call

PETR = "6d0b3c1e-9a8f-4e2d-b1c0-5f4e3d2c1b0a"
PHONE = "+79990000077"
PASSWORD = "petr-secret"

# A receiver of this test's own, with a tip and a card, loaded into its tenant alone.
DOCUMENT = {"cloudtips": {"receivers": [{
    "userId": PETR, "phoneNumber": PHONE, "name": "Пётр", "password": PASSWORD,
    "timeline": [{"transactionId": 777001, "payerName": "Гость", "paymentAmount": 250}],
    "cards": [
        {"token": "tk_petr_mir", "firstSix": "220070", "lastFour": "4321", "cardType": "MIR",
         "cardExpirationDate": "01/29", "issuerCode": "T-BANK", "isDefault": True},
        {"token": "tk_petr_visa", "firstSix": "427600", "lastFour": "8765", "cardType": "VISA",
         "cardExpirationDate": "12/28", "issuerCode": "SBER"},
    ],
}]}}


def receiver_tokens(base):
    status, tokens = call("POST", base + "/connect/token", form={
        "grant_type": "password", "client_id": "MobilePhone", "username": PHONE, "password": PASSWORD})
    assert status == 200, tokens
    return tokens


def test_the_unmodified_client_in_its_own_tenant(vendor_emulator, monkeypatch):
    base = vendor_emulator.base_url("cloudtips")
    monkeypatch.setattr(cloudtips.auth, "_TOKEN_URL", base + "/connect/token")
    vendor_emulator.load(DOCUMENT)
    tokens = receiver_tokens(base)
    refreshed = []

    async def on_token_refresh(token_data):
        refreshed.append(token_data)

    async def scenario():
        # Expired on arrival: the package refreshes at the tenant's token URL before its first call.
        auth = CloudTipsAuth(token=tokens["access_token"], refresh_token=tokens["refresh_token"],
                             expires_at=time.time() - 1, on_token_refresh=on_token_refresh)
        async with CloudTipsClient(auth, base_url=base + "/api") as client:
            me = await client.get_me()
            assert (me.user_id, me.full_name) == (PETR, "Пётр")
            assert len(refreshed) == 1
            donations = await client.get_all_donations()
            assert [donation.transaction_id for donation in donations] == [777001]
            cards = await client.get_cards()
            assert [card.token for card in cards] == ["tk_petr_mir", "tk_petr_visa"]
            assert await client.delete_card("tk_petr_visa") is True
            assert [card.token for card in await client.get_cards()] == ["tk_petr_mir"]

    asyncio.run(scenario())
    grants = [entry for entry in vendor_emulator.journal(vendor="cloudtips") if entry["path"] == "/connect/token"]
    assert len(grants) == 2, "the sign-in and the package's refresh, both in this tenant"
    default = vendor_emulator.emulator.tenant("default")
    assert default.journal(vendor="cloudtips") == [], "nothing reached the default tenant"
