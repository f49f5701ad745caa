"""The vendor emulator (LIFE POS, СУП, EDIN EDO, CloudTips) from Python tests.

``Emulator`` starts the bundled ``vendor-emulator`` binary on a free port with a throw-away
in-memory database (or the database URL given), waits until it is healthy and stops it; a
``Tenant`` is one isolated corner of it, reached through its own base URLs
(``/_t/{tenant}/<vendor>``) so that clients which take nothing but a base URL are isolated too.
The pytest plugin (``vendor_emulator.pytest_plugin``, loaded through its entry point) gives every
test a fresh tenant as the ``vendor_emulator`` fixture. Standard library only.
"""

from vendor_emulator._emulator import (
    VENDORS,
    ControlError,
    Emulator,
    EmulatorError,
    Tenant,
    binary_path,
)

__all__ = ["VENDORS", "ControlError", "Emulator", "EmulatorError", "Tenant", "binary_path"]
