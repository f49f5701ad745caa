"""The package itself, as installed from the wheel: the bundled binary, Emulator's start and stop,
tenants and their control calls, the plugin's fixture and its clean-up."""

import json
import os
import subprocess
import urllib.request

import pytest

import vendor_emulator
from vendor_emulator import ControlError, Emulator, EmulatorError, Tenant


def test_the_wheel_puts_the_binary_beside_the_interpreter():
    binary = vendor_emulator.binary_path()
    assert os.path.basename(binary) == "vendor-emulator"
    version = subprocess.run([binary, "--version"], capture_output=True, text=True, check=True)
    assert version.stdout.startswith("vendor-emulator ")


def test_a_started_emulator_is_fresh_healthy_and_gone_after_the_block():
    with Emulator() as emulator:
        assert emulator.url.startswith("http://127.0.0.1:")
        assert emulator.health()["storage"] == "sqlite"
        first = emulator.tenant()
        second = emulator.tenant()
        assert first.name != second.name
        first.advance(3600)
        assert first.clock()["offset_seconds"] == 3600
        assert second.clock()["offset_seconds"] == 0
        url = emulator.url
    with pytest.raises(OSError):
        urllib.request.urlopen(url + "/_emulator/health", timeout=2)
    with pytest.raises(EmulatorError):
        emulator.url  # noqa: B018 (stopped: no URL)


def test_fixtures_and_a_running_emulator(tmp_path):
    document = {"edin": {"companies": [{"gln": "4820000000001", "name": "ТОВ Тест"}]}}
    path = tmp_path / "fixtures.json"
    path.write_text(json.dumps(document), "utf-8")
    with Emulator(fixtures=path) as started:
        state = started.tenant().state()
        assert [company["gln"] for company in state["edin"]["companies"]] == ["4820000000001"]
        assert state.get("lifepos", {}).get("organizations", []) == [], "only the document"
        # The same process driven by URL, as a compose service would be.
        running = Emulator(url=started.url).start()
        tenant = running.tenant("shared-one")
        tenant.load({"edin": {"companies": [{"gln": "4820000000002", "name": "ТОВ Два"}]}})
        assert len(started.tenant("shared-one").state()["edin"]["companies"]) == 2
        running.stop()
        assert started.health()["status"] == "ok", "url= leaves it running"


def test_refusals_are_errors_with_the_emulators_words():
    with Emulator() as emulator:
        tenant = emulator.tenant()
        with pytest.raises(ControlError) as refused:
            tenant.advance(-1)
        assert refused.value.status == 400
        with pytest.raises(ControlError):
            tenant.load({"lifepos": {"organizations": [{"name": 5}]}})
        rule = tenant.fault(vendor="sup", status=503)
        assert [fault["id"] for fault in tenant.faults()] == [rule]
        tenant.reset()
        assert tenant.faults() == []
    with pytest.raises(ValueError):
        Tenant(emulator, "Not A Name")
    with pytest.raises(ValueError):
        emulator.tenant("ok").base_url("stripe")


def test_a_binary_that_cannot_start_says_why(tmp_path):
    with pytest.raises(EmulatorError, match="exited"):
        Emulator("mysql://nowhere").start()


def test_the_fixture_gives_each_test_a_tenant_and_deletes_it(pytester):
    pytester.makepyfile(
        """
        import urllib.request, json
        seen = []

        def test_one(vendor_emulator):
            seen.append(vendor_emulator)
            assert vendor_emulator.base_url("sup").endswith("/_t/" + vendor_emulator.name + "/sup")
            assert vendor_emulator.headers == {"X-Emulator-Tenant": vendor_emulator.name}
            vendor_emulator.advance(60)

        def test_two(vendor_emulator):
            first = seen[0]
            assert vendor_emulator.name != first.name
            assert vendor_emulator.emulator is first.emulator, "one emulator per session"
            with urllib.request.urlopen(first.emulator.url + "/_emulator/tenants") as response:
                tenants = json.load(response)["tenants"]
            assert first.name not in tenants, "deleted at teardown"
            assert vendor_emulator.clock()["offset_seconds"] == 0
        """
    )
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=2)
