#!/usr/bin/env python3
"""Instructions per check, counted by callgrind: stable where timings on a shared machine
are not. For every benchmark request of the seed, combined and scale cases, and each of
the in-memory compiled engine and the reference evaluator:

    python3 benches/callgrind.py [--rounds 2000]

builds `check_loop` (examples/) and `scale_case` (benches/examples/), writes each request
to a case file of its own, runs `check_loop ENGINE CASE.json ROUNDS` and `... 0` under
`valgrind --tool=callgrind`, and prints (instructions(ROUNDS) - instructions(0)) / ROUNDS
as Markdown tables. Each check is one combined authorization, as in the criterion
benchmarks.
"""

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CHECK_LOOP = os.path.join(ROOT, "target/release/examples/check_loop")
SCALE_CASE = os.path.join(ROOT, "target/release/examples/scale_case")
OUTCOMES = ["Allow", "Deny", "Ignore"]
SIZES = [10, 100, 1000, 10000]
FAMILIES = ["bucket", "access-point"]


def build():
    for package, example in [("oss-policy-examples", "check_loop"), ("oss-policy-benches", "scale_case")]:
        subprocess.run(["cargo", "build", "--release", "-q", "-p", package, "--example", example], cwd=ROOT, check=True)


def instructions(engine, case_file, rounds):
    out = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null",
                          CHECK_LOOP, engine, case_file, str(rounds)], capture_output=True, text=True, check=True)
    found = re.search(r"Collected : (\d+)", out.stderr)
    if not found:
        sys.exit(f"no instruction count for {engine} {case_file}: {out.stderr[-500:]}")
    return int(found.group(1))


def per_check(engine, case, rounds, directory):
    """Instructions per check of a case holding one request."""
    path = os.path.join(directory, "case.json")
    with open(path, "w") as f:
        json.dump(case, f)
    return (instructions(engine, path, rounds) - instructions(engine, path, 0)) / rounds


def single(case, request):
    return dict(case, requests=[request])


def seed_files():
    """The seed cases of benches/src/cases.rs, in its order, and the combined case."""
    with open(os.path.join(ROOT, "benches/src/cases.rs")) as f:
        source = f.read()
    paths = re.findall(r'include_str!\("\.\./\.\./(conformance/decisions/[^"]+)"\)', source)
    return [(os.path.basename(p)[:-5], os.path.join(ROOT, p)) for p in paths] + \
           [("combined", os.path.join(ROOT, "benches/cases/combined.json"))]


def fmt(n):
    return f"{n:,.0f}"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=2000, help="rounds for the compiled engine")
    args = parser.parse_args()
    build()
    with tempfile.TemporaryDirectory() as directory:
        print("| case | decision | compiled | reference | reference / compiled |\n| --- | --- | --- | --- | --- |")
        for name, path in seed_files():
            with open(path) as f:
                case = json.load(f)
            for outcome in OUTCOMES:
                request = next((r for r in case["requests"] if r.get("expect") == outcome), None)
                if request is None:
                    continue
                one = single(case, request)
                compiled = per_check("compiled", one, args.rounds, directory)
                reference = per_check("reference", one, max(2, args.rounds // 10), directory)
                print(f"| {name} | {outcome} | {fmt(compiled)} | {fmt(reference)} | {reference / compiled:.1f}× |")
        print("\n| family | request | statements | compiled | reference | reference / compiled |")
        print("| --- | --- | --- | --- | --- | --- |")
        for family in FAMILIES:
            for size in SIZES:
                text = subprocess.run([SCALE_CASE, family, str(size)], capture_output=True, text=True, check=True).stdout
                case = json.loads(text)
                for request in case["requests"]:
                    one = single(case, request)
                    compiled = per_check("compiled", one, args.rounds, directory)
                    reference = per_check("reference", one, max(2, args.rounds * 10 // size // 10), directory)
                    print(f"| {family} | {request['name']} | {size:,} | {fmt(compiled)} | {fmt(reference)} | "
                          f"{reference / compiled:,.0f}× |")


if __name__ == "__main__":
    main()
