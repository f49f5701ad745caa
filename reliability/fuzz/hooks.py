"""Schemathesis hooks of the fuzz test (SCHEMATHESIS_HOOKS=hooks): real credentials on every call.

FUZZ_AUTH (JSON) says what to add: `tenant` (put in X-Emulator-Tenant unless the generated value
breaks the header's pattern, so the 400 a malformed tenant gets is fuzzed too while every other
call acts on the dedicated tenant), `headers` (e.g. the bearer token), `nonce` (a fresh X-Nonce on
every call, as СУП demands) and `body` (members set in a JSON object body, e.g. EDIN's varToken).
"""

import json
import os
import re
import uuid

import schemathesis

AUTH = json.loads(os.environ.get("FUZZ_AUTH", "{}"))
TENANT_PATTERN = re.compile(AUTH.get("tenant_pattern", r"^[a-z0-9][a-z0-9_-]{0,63}$"))


@schemathesis.hook
def before_call(context, case, kwargs):
    headers = case.headers if case.headers is not None else {}
    tenant = headers.get("X-Emulator-Tenant")
    if AUTH.get("tenant") and (not isinstance(tenant, str) or TENANT_PATTERN.fullmatch(tenant)):
        headers["X-Emulator-Tenant"] = AUTH["tenant"]
    for name, value in AUTH.get("headers", {}).items():
        headers[name] = value
    # A fresh X-Nonce where the case carries one (a nonce is single-use); a case left without it
    # (the missing-header check) stays without.
    if AUTH.get("nonce") and "X-Nonce" in headers:
        headers["X-Nonce"] = uuid.uuid4().hex
    case.headers = headers
    if AUTH.get("body") and isinstance(case.body, dict):
        case.body.update(AUTH["body"])


def holds_nul(value):
    """Whether a generated JSON value holds U+0000 in a member name or a string, at any depth."""
    to_visit = [value]
    while to_visit:
        item = to_visit.pop()
        if isinstance(item, str) and "\x00" in item:
            return True
        if isinstance(item, dict):
            to_visit.extend(item.keys())
            to_visit.extend(item.values())
        elif isinstance(item, list):
            to_visit.extend(item)
    return False


@schemathesis.hook
def filter_body(context, body):
    # U+0000 is refused in every string of every request (platform::storable); the spec states it on
    # each string a body declares, but a body may also carry members its schema leaves open, and
    # those cannot state it. `nul_everywhere` sends U+0000 to every member of every operation, so
    # the fuzzer leaves it out rather than have every open object fail positive_data_acceptance.
    return not holds_nul(body)
