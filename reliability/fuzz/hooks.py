"""Schemathesis hooks of the fuzz test (SCHEMATHESIS_HOOKS=hooks): real credentials on every call,
and the check that a declared refusal's status comes with a declared refusal's body.

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
from schemathesis.core.transport import expand_status_codes
from schemathesis.specs.openapi.checks import is_unexpected_http_status_case

AUTH = json.loads(os.environ.get("FUZZ_AUTH", "{}"))
REFUSALS = "x-emulator-refusals"
# What any operation may answer valid data with (test_fuzz.GENERIC_STATUSES): no body is asked of
# those.
GENERIC = expand_status_codes(json.loads(os.environ.get("FUZZ_GENERIC_STATUSES", "[]")))
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


def member(body, pointer):
    """The member of `body` a JSON Pointer (RFC 6901) names, and whether there is one."""
    value = body
    for token in pointer.split("/")[1:]:
        token = token.replace("~1", "/").replace("~0", "~")
        if isinstance(value, dict) and token in value:
            value = value[token]
        elif isinstance(value, list) and token.isdigit() and int(token) < len(value):
            value = value[int(token)]
        else:
            return None, False
    return value, True


def marked(body, entry):
    """Whether `body` is the refusal an `x-emulator-refusals` entry describes: its `member` holds
    `equals`, starts with `startsWith`, is `filled` (not empty), or, with none of those, exists."""
    value, found = member(body, entry["member"])
    if not found:
        return False
    if "equals" in entry:
        return value == entry["equals"]
    if "startsWith" in entry:
        return isinstance(value, str) and value.startswith(entry["startsWith"])
    if entry.get("filled"):
        return isinstance(value, (str, list, dict)) and len(value) > 0
    return True


@schemathesis.check
def declared_refusal_body(ctx, response, case):
    """Valid data answered with a status only a state refusal of the operation allows (not a
    generic one) must carry the body of one of its refusals of that status, as the spec declares
    it; positive_data_acceptance, which allows the status, reads no body."""
    if case.meta is None or is_unexpected_http_status_case(case) or not case.meta.generation.mode.is_positive:
        return None
    status = response.status_code
    if status in GENERIC:
        return None
    entries = [entry for entry in case.operation.definition.raw.get(REFUSALS) or [] if entry.get("status") == status]
    if not entries:
        return None
    try:
        body = response.json()
    except ValueError:
        body = None
    if not any(marked(body, entry) for entry in entries):
        raise AssertionError(
            f"A declared refusal's status without a declared refusal's body\n"
            f"Declared for {status}: {json.dumps(entries, ensure_ascii=False)}\n"
            f"Received: {response.text[:500]}"
        )
    return None
