"""U+0000 everywhere a client can put a string: every operation of the OpenAPI spec, with it in a
path parameter, in a query parameter and in a JSON body member, on SQLite and on PostgreSQL (whose
TEXT refuses it). Each vendor call gets a 4xx in the vendor's shape (EDIN: `intCode` ≥ 400), the
control plane never a 5xx, the tenant's state stays as it was, and the SQLite export loads into
PostgreSQL."""

import re

from harness import LP_HEADERS, Emulator, PostgresDatabase, check, cloudtips_token, request, tenant_headers
from test_hostile import cloudtips_shape, control_shape, edin_shape, lifepos_shape, oauth_shape, sup_shape

ORDER = 3
TENANT = "reliability-nul"
LIFEPOS_KEY = "demo-lifepos-api-key"
METHODS = ("get", "post", "put", "patch", "delete")


def credentials(emulator):
    """The headers that get each vendor's calls past its credentials check."""
    status, _, sup = request(
        emulator.port, "POST", "/sup/v1/auth/login", body={"login": "partner", "password": "secret"},
        headers=tenant_headers(TENANT),
    )
    check(status == 200, f"СУП login: {status} {sup}")
    return {
        "lifepos": {**LP_HEADERS, "Authorization": LIFEPOS_KEY},
        "sup": {"Authorization": f"Bearer {sup['access_token']}"},
        "cloudtips": {"Authorization": f"Bearer {cloudtips_token(emulator.port, TENANT)}"},
        "edin": {},
        "_emulator": {},
    }


def shape_of(path):
    if path.partition("?")[0] == "/cloudtips/connect/token":
        return oauth_shape
    vendor = path.split("/")[1]
    return {
        "lifepos": lifepos_shape,
        "sup": sup_shape,
        "edin": edin_shape,
        "cloudtips": cloudtips_shape,
    }.get(vendor)


def attempts(spec):
    """(method, path, body, content type) of every operation with U+0000 in each place it can go."""
    for template, operations in spec["paths"].items():
        if template.endswith("/stream"):
            continue  # an endless answer; its query is read by the same extractor as the journal's
        for method in (m for m in METHODS if m in operations):
            plain = re.sub(r"\{[^}]+\}", "x", template)
            if "{" in template:
                yield method, re.sub(r"\{[^}]+\}", "a%00b", template), None, None
            yield method, plain + "?query=%00&phone=1", None, None
            # A control call that takes no body (reset, the deletes) would do its work whatever
            # body it is sent; only the ones that read one are sent one.
            reads_body = method == "post" and template != "/_emulator/reset"
            if method != "get" and (reads_body or not template.startswith("/_emulator")):
                yield method, plain, b'{"name": "a\\u0000b", "login": "x", "list": [{"k": "\\u0000"}]}', "application/json"
                yield method, plain, b"grant_type=password&username=a%00b&password=x&client_id=y", (
                    "application/x-www-form-urlencoded"
                )


def sweep(emulator, headers_by_vendor):
    """Every attempt once: (how many were sent, the ones answered badly)."""
    status, _, spec = request(emulator.port, "GET", "/_emulator/openapi.json")
    check(status == 200, f"spec: {status}")
    sent, failures = 0, []
    for method, path, body, content_type in attempts(spec):
        headers = dict(headers_by_vendor[path.split("/")[1]])
        if path.startswith("/sup/"):
            headers["X-Nonce"] = f"nul-{sent}"
        if content_type:
            headers["Content-Type"] = content_type
        status, _, answer = request(emulator.port, method.upper(), path, body=body, headers=tenant_headers(TENANT, headers))
        sent += 1
        shape = shape_of(path)
        refused_well = status < 500 and (shape is None or shape(status, answer))
        # A form body is not JSON: vendors other than the token endpoint refuse it as malformed, in
        # their shape too; the control plane ignores a query it does not read (no 5xx is the rule).
        if not refused_well:
            failures.append(f"{method.upper()} {path} [{content_type}]: {status} {str(answer)[:200]}")
    return sent, failures


def one_engine(database_url):
    emulator = Emulator(database_url).start()
    try:
        headers_by_vendor = credentials(emulator)
        _, _, before = request(emulator.port, "GET", "/_emulator/state", headers=tenant_headers(TENANT))
        sent, failures = sweep(emulator, headers_by_vendor)
        check(not failures, f"{len(failures)} of {sent} answered badly, e.g. {failures[:5]}")
        _, _, after = request(emulator.port, "GET", "/_emulator/state", headers=tenant_headers(TENANT))
        check(after == before, "the tenant's state changed")
        check(emulator.alive(), "the emulator died")
        return sent, after
    finally:
        emulator.stop()


def test_nul_everywhere():
    sqlite_sent, export = one_engine("sqlite::memory:")
    with PostgresDatabase() as url:
        postgres_sent, _ = one_engine(url)
    with PostgresDatabase() as url:
        emulator = Emulator(url).start()
        try:
            status, _, answer = request(
                emulator.port, "POST", "/_emulator/fixtures?mode=replace", body=export,
                headers=tenant_headers("copy"),
            )
            check(status == 200, f"the SQLite export into PostgreSQL: {status} {str(answer)[:300]}")
        finally:
            emulator.stop()
    return (
        f"{sqlite_sent} requests on SQLite and {postgres_sent} on PostgreSQL with U+0000 in a path "
        "parameter, a query parameter, a JSON member or a form field of every operation of the spec: "
        "no 5xx, every vendor answer a 4xx in its shape, the state unchanged; the SQLite export loads "
        "into PostgreSQL"
    )
