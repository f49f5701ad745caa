"""Runs calls of the unmodified PyPI client `cloudtipsadp` 0.15.2 in this process and prints what
they returned. The package reads its URLs and credentials from the environment once, at import
(CTA_BASE_URL, CTA_BASE_URL_API, CTA_CLIENT_ID, CTA_USER_NAME, CTA_PASSWORD, CTA_PLACE_ID), and
signs in once per process, so a test runs this script in a subprocess per tenant:

    python cloudtipsadp_calls.py '[["token", {}], ["places_get", {}]]'

A name is one of the package's functions (`token`, `receivers_create`), or a dotted one under it
(`receivers.services.receiver_get`). The last line of the output is a JSON list with what each call returned, in order (the package
prints its own complaints on the lines before)."""

import importlib
import json
import sys


def function(name):
    module, _, attribute = ("cloudtipsadp." + name).rpartition(".")
    return getattr(importlib.import_module(module), attribute)


results = [function(name)(**kwargs) for name, kwargs in json.loads(sys.argv[1])]
print(json.dumps(results))
