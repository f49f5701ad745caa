"""The pytest plugin (entry point ``pytest11``; no conftest needed).

One emulator per test session — per pytest-xdist worker, as each worker is a session of its own —
started from the installed wheel's binary with a throw-away in-memory database, and a fresh tenant
for every test: the function-scoped fixture ``vendor_emulator`` is a ``Tenant``, deleted (every
piece of its state with it) when the test ends. Tests running in parallel never see each other's
entities, tokens, SMS, journal, clock or faults.

Options (or the environment variables beside them):

``--vendor-emulator-url URL`` (``VENDOR_EMULATOR_URL``)
    drive an emulator already running (docker compose, staging) instead of starting one;
``--vendor-emulator-database-url URL`` (``VENDOR_EMULATOR_DATABASE_URL``)
    where a started emulator keeps its state (default ``sqlite::memory:``);
``--vendor-emulator-fixtures FILE`` (``VENDOR_EMULATOR_FIXTURES``)
    the document every tenant starts from (default: the bundled demo fixtures);
``--vendor-emulator-token TOKEN`` (``VENDOR_EMULATOR_TOKEN``)
    the control token of an emulator that requires one.
"""

from __future__ import annotations

import os
from typing import Iterator, Optional

import pytest

from vendor_emulator._emulator import Emulator, Tenant


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("vendor-emulator")
    for option, variable, text in (
        ("--vendor-emulator-url", "VENDOR_EMULATOR_URL", "drive the emulator at this URL instead of starting one"),
        ("--vendor-emulator-database-url", "VENDOR_EMULATOR_DATABASE_URL",
         "database of the started emulator (default: a throw-away in-memory one)"),
        ("--vendor-emulator-fixtures", "VENDOR_EMULATOR_FIXTURES",
         "fixture document every tenant starts from (default: the bundled demo fixtures)"),
        ("--vendor-emulator-token", "VENDOR_EMULATOR_TOKEN", "control token of the emulator"),
    ):
        group.addoption(option, default=os.environ.get(variable), help=f"{text} (${variable})")


def _option(config: pytest.Config, name: str) -> Optional[str]:
    value = config.getoption(name)
    return str(value) if value else None


@pytest.fixture(scope="session")
def vendor_emulator_instance(pytestconfig: pytest.Config) -> Iterator[Emulator]:
    """The session's emulator (one per pytest-xdist worker), stopped when the session ends."""
    url = _option(pytestconfig, "vendor_emulator_url")
    token = _option(pytestconfig, "vendor_emulator_token")
    if url:
        emulator = Emulator(url=url, control_token=token)
    else:
        emulator = Emulator(
            _option(pytestconfig, "vendor_emulator_database_url"),
            fixtures=_option(pytestconfig, "vendor_emulator_fixtures"),
            control_token=token,
        )
    with emulator:
        yield emulator


@pytest.fixture
def vendor_emulator(vendor_emulator_instance: Emulator) -> Iterator[Tenant]:
    """A fresh tenant of the session's emulator for this test, deleted when the test ends.

    ``base_url(vendor)``, ``headers``, ``outbox(phone=None)``, ``advance(seconds)``,
    ``set_clock(iso)``, ``load(document, replace=False)``, ``state()``, ``journal(**filters)``,
    ``fault(**rule)``, ``reset()``; see ``vendor_emulator.Tenant``.
    """
    tenant = vendor_emulator_instance.tenant()
    yield tenant
    tenant.delete()
