#!/usr/bin/env bash
# The end-to-end suite: a virtual environment with the vendor's SDKs from PyPI, the
# gateway built in release, pytest against it (loopback only). Exits with pytest's status.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
venv="${E2E_VENV:-$root/target/e2e-venv}"
if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
fi
"$venv/bin/pip" install -q --disable-pip-version-check -r "$here/requirements.txt"
(cd "$root" && cargo build --release -q -p oss-policy-gateway)
export GATEWAY_BIN="$root/target/release/oss-policy-gateway"
cd "$here"
exec timeout 600 "$venv/bin/python" -m pytest -q -p no:cacheprovider "$@"
