"""Staging packaging: docker-compose.yml runs what the replica test runs. No container engine runs
here, so this holds the compose files against the files they use: nginx is reliability/nginx.conf
filled in by reliability/render-nginx (the renderer test_replicas.py uses) for the two replica
services that exist; the replicas sit on an internal network with nginx alone in front, so they
trust every peer there and nginx sets X-Forwarded-For to the client it saw; no subnet or address
is fixed; the emulator services name their image; both compose files alias every vendor host name
of the bundled configuration. (`docker compose config` itself runs in CI: deploy/check-compose.)"""

import os
import re
import subprocess
import tomllib

from harness import ROOT, check

ORDER = 6


def read(*parts):
    with open(os.path.join(ROOT, *parts)) as handle:
        return handle.read()


def service_blocks(compose):
    """Top-level services by name, each as its text (two-space indented keys under services:)."""
    body = compose.split("\nservices:\n", 1)[1].split("\n\n" + "networks:", 1)[0].split("\nvolumes:\n", 1)[0]
    blocks = re.split(r"\n(?=  [a-z][\w-]*:)", "\n" + body)
    named = {}
    for block in blocks:
        match = re.match(r"\s*([a-z][\w-]*):", block)
        if match:
            named[match.group(1)] = block
    return named


def vendor_hosts():
    config = tomllib.loads(read("config", "default.toml"))
    return sorted(host for hosts in config["server"]["vendor_hosts"].values() for host in hosts)


def aliases(block):
    listed = block.split("aliases:", 1)[1]
    return sorted(re.findall(r"^\s+- ([\w.-]+)\s*$", listed, re.MULTILINE))


def test_compose():
    compose = read("docker-compose.yml")
    services = service_blocks(compose)
    check({"postgres", "emulator-a", "emulator-b", "nginx"} <= set(services), f"services: {sorted(services)}")
    check("&replica" in services["emulator-a"] and services["emulator-b"].strip() == "emulator-b: *replica",
          "the two replicas are one definition")
    nginx = services["nginx"]
    check("./reliability/nginx.conf:/etc/vendor-emulator/nginx.conf.in:ro" in nginx, "nginx mounts reliability/nginx.conf")
    check("./reliability/render-nginx:/usr/local/bin/render-nginx:ro" in nginx, "nginx mounts the renderer")
    command = re.search(r"render-nginx (\S+) (\S+) (\S+) (\S+) (\S+)", nginx)
    check(command is not None, "nginx runs render-nginx")
    template, listen, replica_a, replica_b, prefix = command.groups()
    check(template == "/etc/vendor-emulator/nginx.conf.in", f"renders the mounted file, not {template}")
    check({replica_a.split(":")[0], replica_b.split(":")[0]} == {"emulator-a", "emulator-b"},
          f"upstreams {replica_a} {replica_b} are the replica services")
    check(f"-p {prefix} -c {prefix}/nginx.conf" in nginx, "nginx runs the rendered file")
    rendered = subprocess.run(
        [os.path.join(ROOT, "reliability", "render-nginx"), os.path.join(ROOT, "reliability", "nginx.conf"),
         listen, replica_a, replica_b, prefix],
        check=True, capture_output=True, text=True,
    ).stdout
    check("@" not in rendered and f"server {replica_a};" in rendered and f"listen {listen};" in rendered,
          "the compose arguments fill every placeholder")

    replica = tomllib.loads(read("deploy", "replica.toml"))
    check(replica["server"]["trusted_proxies"] == ["0.0.0.0/0", "::/0"],
          f"replicas trust {replica['server']['trusted_proxies']}, not every peer of their network")
    check("networks: [backend]" in services["emulator-a"] and "networks: [backend]" in services["postgres"],
          "the replicas and PostgreSQL are on the internal network only")
    check("backend: {}" in nginx and "staging:" in nginx, "nginx joins both networks")
    check(re.search(r"\n  backend:\n    internal: true\n", compose) is not None, "the back network is internal")
    check("proxy_set_header X-Forwarded-For $remote_addr;" in read("reliability", "nginx.conf"),
          "nginx replaces X-Forwarded-For with the client it saw")
    for name in ("docker-compose.yml", "docker-compose.sqlite.yml"):
        text = read(name)
        check("subnet" not in text and "ipv4_address" not in text, f"{name} fixes no subnet or address")
        check(text.count("image: vendor-emulator:") == text.count("build: ."), f"{name} names the image it builds")
    check("EMULATOR_CONFIG: /etc/vendor-emulator/replica.toml" in services["emulator-a"]
          and "./deploy/replica.toml:/etc/vendor-emulator/replica.toml:ro" in services["emulator-a"],
          "replicas read deploy/replica.toml")

    hosts = vendor_hosts()
    check(aliases(nginx) == hosts, f"nginx aliases {aliases(nginx)} != vendor hosts {hosts}")
    single = service_blocks(read("docker-compose.sqlite.yml"))
    check(set(single) == {"emulator"}, f"the SQLite variant is one container: {sorted(single)}")
    check("sqlite:///data/" in single["emulator"] and "emulator-data:/data" in single["emulator"],
          "the SQLite variant keeps its file in the volume")
    check(aliases(single["emulator"]) == hosts, "the SQLite variant aliases every vendor host")
    return f"2 replicas + nginx from reliability/nginx.conf, {len(hosts)} vendor host aliases; SQLite variant"
