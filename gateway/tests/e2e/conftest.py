"""Fixtures of the end-to-end suite: the gateway binary started on a free loopback port
with the configuration of examples/gateway/ (its data in a temporary folder), and
clients of both vendor SDKs.

The binary is $GATEWAY_BIN (run.sh sets it to the release build). Virtual-hosted
requests go to `{bucket}.oss-cn-hangzhou.aliyuncs.com`, resolved to the loopback
address by a patched `socket.getaddrinfo`: nothing leaves the machine.
"""

import os
import pathlib
import re
import socket
import subprocess
import threading

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[3]
EXAMPLE = ROOT / "examples" / "gateway"
SUFFIX = "oss-cn-hangzhou.aliyuncs.com"
REGION = "cn-hangzhou"

OWNER = ("LTAI5tExampleOwner", "ExampleOwnerSecret")
READER = ("LTAI5tExampleReader", "ExampleReaderSecret")
ROLE = ("STS.ExampleReaderRole", "ExampleRoleSecret", "ExampleSecurityToken")
ANNE = ("LTAI5tExampleAnne", "ExampleAnneSecret")
AP_OWNER = ("LTAI5tExampleApOwner", "ExampleApOwnerSecret")
AP_USER = ("LTAI5tExampleApUser", "ExampleApUserSecret")
AP_ALIAS = "ap-01-3b00d6f0-ossalias"


class Gateway:
    """A running gateway: its port, its audit log, its process."""

    def __init__(self, process, port, audit):
        self.process = process
        self.port = port
        self.audit = audit

    @property
    def endpoint(self):
        return f"http://127.0.0.1:{self.port}"

    @property
    def virtual_endpoint(self):
        return f"http://{SUFFIX}:{self.port}"


def _config(tmp):
    text = (EXAMPLE / "gateway.toml").read_text()
    text = re.sub(r'(?m)^listen = .*$', 'listen = "127.0.0.1:0"', text)
    text = re.sub(r'(?m)^data_dir = .*$', f'data_dir = "{tmp / "data"}"\naudit_log = "{tmp / "audit.jsonl"}"', text)
    text = text.replace('"policies/', f'"{EXAMPLE / "policies"}/')
    path = tmp / "gateway.toml"
    path.write_text(text)
    return path


@pytest.fixture(scope="session")
def gateway(tmp_path_factory):
    binary = os.environ.get("GATEWAY_BIN", str(ROOT / "target" / "release" / "oss-policy-gateway"))
    tmp = tmp_path_factory.mktemp("gateway")
    config = _config(tmp)
    process = subprocess.Popen([binary, "--config", str(config)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = [None]

    def first_line():
        line[0] = process.stdout.readline()

    reader = threading.Thread(target=first_line, daemon=True)
    reader.start()
    reader.join(timeout=30)
    match = re.fullmatch(r"listening on http://127\.0\.0\.1:(\d+)\n", line[0] or "")
    if not match:
        process.kill()
        raise RuntimeError(f"the gateway did not start: {line[0]!r} {process.stderr.read() if process.poll() is not None else ''}")
    yield Gateway(process, int(match.group(1)), tmp / "audit.jsonl")
    process.kill()
    process.wait(timeout=10)


@pytest.fixture(scope="session", autouse=True)
def loopback_virtual_hosts():
    """Resolves `*.oss-cn-hangzhou.aliyuncs.com` (and the suffix) to 127.0.0.1."""
    original = socket.getaddrinfo

    def resolve(host, *args, **kwargs):
        if isinstance(host, str) and (host == SUFFIX or host.endswith("." + SUFFIX)):
            host = "127.0.0.1"
        return original(host, *args, **kwargs)

    socket.getaddrinfo = resolve
    yield
    socket.getaddrinfo = original
