"""The GET scenario's other contenders, each answering the same request with the same bytes:

- the raw-axum ceiling (bench/ceiling), given the emulator's recorded response;
- WireMock (the standalone jar from the npm package `wiremock`, run with the machine's java),
  tuned for throughput: no request journal, no request logging, asynchronous responses, a thread
  pool sized for one core, gzip off; one stub returning the recorded body and content type (it
  adds its own Matched-Stub-Id header);
- Prism (`@stoplight/prism-cli`) mocking the emulator's own LIFE POS OpenAPI document, which
  answers the GET with the document's example (a body of about the same size, not the same bytes).
"""

import base64
import json
import shutil

from lib import GET_PATH, LP_HEADERS, TOOLS, Server, free_port, raw_get, request

SKIPPED_HEADERS = {"date", "content-length"}


def record(settings, emulator_port):
    """The emulator's exact answer to the benchmark GET → (headers, body), saved for the ceiling."""
    status, pairs, body = raw_get(emulator_port, GET_PATH, LP_HEADERS)
    if status != 200:
        raise RuntimeError(f"the emulator answered the GET with {status}")
    headers = [(k, v) for k, v in pairs if k.lower() not in SKIPPED_HEADERS]
    path = settings.work / "get-response.txt"
    path.write_bytes("".join(f"{k}: {v}\n" for k, v in headers).encode() + b"\n" + body)
    return headers, body, path


def ceiling(settings, response_file):
    port = free_port()
    return Server("ceiling", [settings.ceiling, f"127.0.0.1:{port}", response_file], port, settings,
                  health=GET_PATH).wait_ready()


def wiremock(settings, headers, body):
    jars = sorted((TOOLS / "npm/node_modules/wiremock/build").glob("wiremock-standalone-*.jar"))
    if not jars or not shutil.which("java"):
        raise RuntimeError("WireMock needs bench/.tools/npm (bench/run installs it) and java")
    root = settings.work / "wiremock"
    (root / "mappings").mkdir(parents=True, exist_ok=True)
    (root / "mappings/get-workplace.json").write_text(json.dumps({
        "request": {"method": "GET", "urlPath": GET_PATH},
        # An explicit Content-Length makes Jetty frame the body as the emulator does, not chunked.
        "response": {"status": 200, "headers": {**dict(headers), "Content-Length": str(len(body))},
                     "base64Body": base64.b64encode(body).decode()},
    }))
    port = free_port()
    argv = ["java", "-XX:+UseSerialGC", "-Xms256m", "-Xmx256m", "-jar", jars[-1],
            "--port", port, "--bind-address", "127.0.0.1", "--root-dir", root,
            "--no-request-journal", "--disable-request-logging", "--disable-gzip", "--disable-banner",
            "--async-response-enabled", "true", "--async-response-threads", "2",
            "--container-threads", "6", "--jetty-acceptor-threads", "1"]
    return Server("wiremock", argv, port, settings, health="/__admin/health").wait_ready(timeout=120)


def prism(settings, emulator_port):
    status, _, spec = request(emulator_port, "GET", "/_emulator/openapi/lifepos.json")
    if status != 200:
        raise RuntimeError(f"/_emulator/openapi/lifepos.json answered {status}")
    spec_file = settings.work / "lifepos.json"
    spec_file.write_bytes(spec)
    cli = TOOLS / "npm/node_modules/@stoplight/prism-cli/dist/index.js"
    if not cli.exists() or not shutil.which("node"):
        raise RuntimeError("Prism needs bench/.tools/npm (bench/run installs it) and node")
    port = free_port()
    argv = ["node", cli, "mock", "-h", "127.0.0.1", "-p", port, "--cors", "false", "-v", "warn", spec_file]
    return Server("prism", argv, port, settings, health=GET_PATH).wait_ready(timeout=120)
