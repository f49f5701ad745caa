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
    if AUTH.get("nonce"):
        headers["X-Nonce"] = uuid.uuid4().hex
    case.headers = headers
    if AUTH.get("body") and isinstance(case.body, dict):
        case.body.update(AUTH["body"])
