"""Fuzzing: schemathesis (pinned, reliability/fuzz/requirements.txt) against every vendor's spec and
the control plane's, with real credentials (LIFE POS API key and a sign-in token, a СУП JWT with a
fresh X-Nonce per call, EDIN's varToken in both http_status modes, a CloudTips partner's bearer token
and, for the receiver's own API, a receiver's), every
check on (`--checks all`), a fixed seed so a failure reproduces. Each run acts on a tenant of its
own, reset before it. Any failure of any check fails the test, naming each run that failed and its
report.

A request the schema accepts must be accepted: `positive_data_acceptance` allows the statuses any
operation may answer valid data with (GENERIC_STATUSES) and, per operation, only the state refusals
its spec declares (`x-emulator-refusals`: a number taken, an archived entity, a clock already past a
time), read from the spec the run fuzzes. A refusal is declared with what identifies its body (a
member and the value it holds), and the hooks' `declared_refusal_body` check holds an answer of a
refusal's status to one of those bodies. No vendor-wide allowance: a refusal the schema could have
stated fails the run, and is mended in the schema."""

import json
import re
import os
import subprocess
import tempfile
import time
import urllib.request

from harness import LP_HEADERS, Emulator, check, cloudtips_token, request, tenant_headers

ORDER = 5
# What any operation may answer a request its schema accepts, whatever the operation:
# - 2xx;
# - 401: a credential the fuzzer cannot know (a sign-in's password, a workplace's activation code,
#   CloudTips' client secret) is refused, and EDIN's optional body, which carries the varToken, may
#   be left out (answered intCode 401);
# - 403: a credential without the right (a LIFE POS workplace token on an owner's call);
# - 404: a path id the tenant has no entity for (the fuzzer makes up ids);
# - 409: a conflict with what the tenant holds (a second MAIN card, the fault-rule limit);
# - 429: a rate limit or a ban the fuzzer's own earlier requests ran into;
# - 5xx: left to `not_a_server_error`, which fails on any, so one failure is not told twice.
# schemathesis' default also has 3xx: no route redirects, so it is left out.
GENERIC_STATUSES = ["2xx", "401", "403", "404", "409", "429", "5xx"]
REFUSALS = "x-emulator-refusals"
HERE = os.path.dirname(os.path.abspath(__file__))
SEED = int(os.environ.get("FUZZ_SEED", "20261202"))
MAX_EXAMPLES = int(os.environ.get("FUZZ_MAX_EXAMPLES", "20"))
ORG = "0b4f4a3e-5d1c-4c7a-9a39-1f6b8f2a7c01"
# The receiver's own API (docs/vendors/cloudtips.md), fuzzed with the demo receiver's own token.
CLOUDTIPS_RECEIVER_PATHS = ["^/cloudtips/api/(receivers/me|receivers/payout-method|timeline|cards|payout/fee/info"
                            "|accumulations/summary)$"]
# LIFE POS activation's rate limit off, so it does not hide the handler from the fuzzer (its ban
# after wrong codes stays: a documented 429).
UNLIMITED = {"EMULATOR__VENDORS__LIFEPOS__RATE_LIMIT_PER_SECOND": "0"}


def venv():
    path = os.environ.get("RELIABILITY_VENV")
    if not path:
        result = subprocess.run([os.path.join(HERE, "install")], check=True, capture_output=True, text=True)
        path = result.stdout.strip().splitlines()[-1]
    return path


def reset(port, tenant):
    status, _, body = request(port, "POST", "/_emulator/reset", headers=tenant_headers(tenant))
    check(status == 200, f"reset {tenant}: {status} {body}")


def lifepos_sign_in(port, tenant):
    status, _, body = request(port, "POST", "/lifepos/v6/auth/sign-in", body={
        "full_username": "ivan@coffee-mira", "password": "secret123", "response_type": "Token"},
        headers=tenant_headers(tenant, LP_HEADERS))
    check(status == 200, f"LIFE POS sign-in: {status} {body}")
    return body["token"]


def sup_login(port, tenant):
    status, _, body = request(port, "POST", "/sup/v1/auth/login", body={"login": "partner", "password": "secret"},
                              headers=tenant_headers(tenant))
    check(status == 200, f"СУП login: {status} {body}")
    return body["access_token"]


def edin_login(port, tenant):
    status, _, body = request(port, "POST", "/edin/Api/V1/User/Authorize",
                              body={"varLogin": "supplier", "varPassword": "secret"}, headers=tenant_headers(tenant))
    check(status == 200 and body.get("intCode") == 200, f"EDIN authorize: {status} {body}")
    return body["varToken"]


def toml_value(value):
    return json.dumps(value, ensure_ascii=False)


# Reads of what a DELETE archives rather than removes: LIFE POS's DELETE of a workplace sets its
# `deleted_at` (the vendor's archive; `GET` keeps answering it, as the workplaces page says), so
# schemathesis' use_after_free check, which expects a 404 after a DELETE, does not apply to them.
ARCHIVED_READS = [("get", re.compile(r"^/lifepos(/v[56])?/orgs/\{org\}/workplaces/\{guid\}$"))]


def spec_document(port, spec):
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/_emulator/openapi/{spec}.json", timeout=10) as answer:
        return json.load(answer)


def declared_refusals(document):
    """{operationId: [status, …]} of every operation of the spec that declares state refusals (each
    entry one body a refusal may answer, so a status may come more than once)."""
    refusals = {}
    for operations in document["paths"].values():
        for operation in operations.values():
            if isinstance(operation, dict) and operation.get(REFUSALS):
                statuses = [str(entry["status"]) for entry in operation[REFUSALS]]
                refusals[operation["operationId"]] = sorted(set(statuses))
    return refusals


def archived_reads(document):
    """operationIds of the reads that answer what a DELETE archived (ARCHIVED_READS)."""
    return sorted(
        operation["operationId"]
        for path, operations in document["paths"].items()
        for method, operation in operations.items()
        if isinstance(operation, dict)
        and any(method == wanted and pattern.match(path) for wanted, pattern in ARCHIVED_READS)
    )


def write_acceptance(handle, refusals, archived):
    """positive_data_acceptance: the generic statuses, and for each operation its own refusals;
    use_after_free off for the reads of archived entities."""
    handle.write("[checks.positive_data_acceptance]\n")
    handle.write(f"expected-statuses = {toml_value(GENERIC_STATUSES)}\n")
    for operation_id, statuses in sorted(refusals.items()):
        handle.write("[[operations]]\n")
        handle.write(f"include-operation-id = {toml_value(operation_id)}\n")
        handle.write(f"checks.positive_data_acceptance.expected-statuses = {toml_value(GENERIC_STATUSES + statuses)}\n")
        if operation_id in archived:
            handle.write("checks.use_after_free.enabled = false\n")
    for operation_id in archived:
        if operation_id not in refusals:
            handle.write("[[operations]]\n")
            handle.write(f"include-operation-id = {toml_value(operation_id)}\n")
            handle.write("checks.use_after_free.enabled = false\n")


def run_schemathesis(port, name, spec, auth, workdir, include=None, parameters=None, modes=None,
                     phases="examples,coverage,fuzzing,stateful"):
    """One schemathesis run; (test cases, seconds, the failures' summary or None)."""
    config = os.path.join(workdir, f"{name}.toml")
    with open(config, "w") as handle:
        handle.write(f"seed = {SEED}\n")
        handle.write("[generation]\n")
        handle.write(f"max-examples = {MAX_EXAMPLES}\n")
        if parameters:
            handle.write("[parameters]\n")
            for key, value in parameters.items():
                handle.write(f"{toml_value(key)} = {toml_value(value)}\n")
        # Tables of arrays last: every key after one would belong to it.
        document = spec_document(port, spec)
        archived = archived_reads(document)
        write_acceptance(handle, declared_refusals(document), archived)
    env = dict(os.environ)
    env.update({
        "PYTHONPATH": os.path.join(HERE, "fuzz"),
        "SCHEMATHESIS_HOOKS": "hooks",
        "FUZZ_AUTH": json.dumps(auth),
        "FUZZ_GENERIC_STATUSES": json.dumps(GENERIC_STATUSES),
        "NO_COLOR": "1",
    })
    args = [
        os.path.join(venv(), "bin", "schemathesis"), "--config-file", config, "run",
        f"http://127.0.0.1:{port}/_emulator/openapi/{spec}.json", "--url", f"http://127.0.0.1:{port}",
        # One worker: Python 3.11's ast.parse, which hypothesis calls to describe its filters, is not
        # safe across threads ("AST constructor recursion depth mismatch").
        "--checks", "all", "--workers", "1", "--no-color", "--request-timeout", "20",
        # `--checks all` overrides a configuration's per-operation switch, and the stateful phase
        # runs use_after_free whatever the operation: a spec that archives (ARCHIVED_READS) runs
        # without it.
        *(["--exclude-checks", "use_after_free"] if archived else []),
        "--phases", phases, "--mode", modes or "all",
    ]
    for pattern in include or []:
        args += ["--include-path-regex", pattern]
    # The live journal is an answer without an end (server-sent events), which no fuzzer can
    # read to its end; the control-token and replica tests check its status and content type.
    if spec == "control":
        args += ["--exclude-path", "/_emulator/journal/stream"]
    log = os.path.join(workdir, f"schemathesis-{name}.txt")
    began = time.monotonic()
    with open(log, "w") as handle:
        result = subprocess.run(args, cwd=workdir, env=env, stdout=handle, stderr=subprocess.STDOUT, timeout=600)
    elapsed = time.monotonic() - began
    with open(log) as handle:
        text = handle.read()
    generated = 0
    for line in text.splitlines():
        if " generated" in line and line.strip()[0].isdigit():
            generated = int(line.strip().split()[0])
    summary = "\n".join(line for line in text.splitlines() if line.startswith(("____", "- ST", "    Received", "    Documented")))
    failure = None
    if result.returncode != 0:
        failure = f"{name}: schemathesis exited {result.returncode}; see {log}:\n{summary[:6000]}\n{text[-1500:]}"
    return generated, elapsed, failure


def requests_served(port):
    status, _, body = request(port, "GET", "/_emulator/metrics")
    check(status == 200, f"metrics: {status}")
    text = body.decode() if isinstance(body, bytes) else str(body)
    total = 0
    for line in text.splitlines():
        if line.startswith("emulator_requests_total{"):
            total += float(line.rsplit(" ", 1)[1])
    return int(total)


def fuzz_all(port, workdir, mirror):
    runs = []
    if not mirror:
        tenant = "fuzz-lifepos"
        reset(port, tenant)
        lp = {"tenant": tenant, "headers": {"Authorization": "Bearer demo-lifepos-api-key"}}
        runs.append(("lifepos-api-key", "lifepos", lp, None, {"path.org": ORG}))
        tenant = "fuzz-lifepos-token"
        reset(port, tenant)
        token = lifepos_sign_in(port, tenant)
        runs.append(("lifepos-sign-in", "lifepos", {"tenant": tenant, "headers": {"Authorization": f"Bearer {token}"}},
                     ["^/lifepos/v6/"], {"path.org": ORG}))
        tenant = "fuzz-sup"
        reset(port, tenant)
        runs.append(("sup", "sup", {"tenant": tenant, "nonce": True,
                                    "headers": {"Authorization": f"Bearer {sup_login(port, tenant)}"}}, None, None))
        tenant = "fuzz-cloudtips"
        reset(port, tenant)
        runs.append(("cloudtips", "cloudtips", {"tenant": tenant,
                                                "headers": {"Authorization": f"Bearer {cloudtips_token(port, tenant)}"}},
                     None, None))
        tenant = "fuzz-cloudtips-receiver"
        reset(port, tenant)
        receiver = cloudtips_token(port, tenant, "MobilePhone", "+79990000002", "receiver-secret")
        runs.append(("cloudtips-receiver", "cloudtips", {"tenant": tenant, "headers": {"Authorization": f"Bearer {receiver}"}},
                     CLOUDTIPS_RECEIVER_PATHS, None))
        tenant = "fuzz-control"
        reset(port, tenant)
        runs.append(("control", "control", {"tenant": tenant}, None, None))
    tenant = "fuzz-edin"
    reset(port, tenant)
    runs.append(("edin-mirror" if mirror else "edin-ok", "edin",
                 {"tenant": tenant, "body": {"varToken": edin_login(port, tenant)}}, None, None))
    figures = []
    failures = []
    only = [name for name in os.environ.get("FUZZ_ONLY", "").split(",") if name]
    for name, spec, auth, include, parameters in runs:
        # FUZZ_ONLY names runs, or their vendor: `cloudtips` is both CloudTips runs.
        if only and not any(name == wanted or name.startswith(wanted + "-") for wanted in only):
            continue
        # In "ok" mode every EDIN answer is HTTP 200, a refusal included (its intCode says it; an
        # unsupported method too), so only schema-valid requests are generated there and the
        # coverage phase, which sends invalid ones and undeclared methods, is left out; "mirror"
        # mode is fuzzed with all of it.
        if name == "edin-ok":
            cases, seconds, failure = run_schemathesis(port, name, spec, auth, workdir, include, parameters,
                                                       "positive", "examples,fuzzing,stateful")
        else:
            cases, seconds, failure = run_schemathesis(port, name, spec, auth, workdir, include, parameters)
        figures.append(f"{name} {cases}")
        # Every run goes on after one fails, so one test run reports all there is.
        if failure:
            failures.append(failure)
    return figures, failures


def test_fuzz():
    began = time.monotonic()
    workdir = tempfile.mkdtemp(prefix="fuzz-")
    figures = []
    failures = []
    served = 0
    modes = os.environ.get("FUZZ_EDIN_MODES", "ok,mirror").split(",")
    for mirror in [mode == "mirror" for mode in modes]:
        env = dict(UNLIMITED)
        if mirror:
            env["EMULATOR__VENDORS__EDIN__HTTP_STATUS"] = "mirror"
        emulator = Emulator("sqlite::memory:", env=env, workdir=workdir).start()
        try:
            run_figures, run_failures = fuzz_all(emulator.port, workdir, mirror)
            figures += run_figures
            failures += run_failures
            served += requests_served(emulator.port)
            check(emulator.alive(), "the emulator died under fuzzing")
        finally:
            emulator.stop()
    figure = f"{served} requests, seed {SEED}, {time.monotonic() - began:.0f} s ({', '.join(figures)} test cases)"
    check(not failures, f"{len(failures)} run(s) failed; {figure}\n\n" + "\n\n".join(failures))
    check(served >= int(os.environ.get("FUZZ_MIN_REQUESTS", "5000")), f"only {served} requests reached the emulator")
    return f"0 failures, {figure}"
