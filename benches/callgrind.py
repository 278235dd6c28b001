#!/usr/bin/env python3
"""Instructions per check, counted by callgrind: stable where timings on a shared machine
are not.

    python3 benches/callgrind.py [--rounds 2000] [--scale] [--only SUBSTRING]

builds `check_loop` (benches/examples/, with feature `scale` under `--scale`), lists its
cases (`check_loop --list`) and, for every benchmark request, runs
`check_loop ENGINE CASE OUTCOME ROUNDS` and `... 0` under `valgrind --tool=callgrind`,
printing (instructions(ROUNDS) - instructions(0)) / ROUNDS as Markdown tables:

* one combined authorization (`Authorizer::authorize`, as in the criterion benchmarks) of
  the seed, combined and scale cases, for the engines compiled, generated and reference
  (generated code for the scale cases only with `--scale`: it is compiled with the
  crate, and 10,000 statements take a while; "—" where it is not built);
* one policy evaluation (`check_loop --policy`: `PolicyEngine::evaluate`, no authorizer)
  of the seed cases of one policy, for compiled and generated.

`--only SUBSTRING` keeps the cases whose name contains it (`--only s02`,
`--only scale-bucket`).
"""

import argparse
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CHECK_LOOP = os.path.join(ROOT, "target/release/examples/check_loop")
OUTCOMES = ["Allow", "Deny", "Ignore"]
# The scale cases' requests: `near-end` expects Allow, `no-match` Ignore.
SCALE_REQUESTS = {"Allow": "near-end", "Ignore": "no-match"}
SKIPPED = 3  # check_loop's exit status when the engine has no code for the case


def build(scale):
    features = ["--features", "scale"] if scale else []
    subprocess.run(["cargo", "build", "--release", "-q", "-p", "oss-policy-benches", "--example", "check_loop"]
                   + features, cwd=ROOT, check=True)


def cases():
    """[(name, policies, outcomes)] of `check_loop --list`."""
    out = subprocess.run([CHECK_LOOP, "--list"], capture_output=True, text=True, check=True).stdout
    return [(name, int(policies), outcomes.split(",")) for name, policies, outcomes in
            (line.split("\t") for line in out.splitlines())]


def instructions(args, rounds):
    """Instructions of `check_loop ARGS ROUNDS`, or None when it skips or has no such request."""
    out = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", CHECK_LOOP]
                         + args + [str(rounds)], capture_output=True, text=True)
    if out.returncode in (2, SKIPPED):
        return None
    found = re.search(r"Collected : (\d+)", out.stderr)
    if out.returncode != 0 or not found:
        sys.exit(f"check_loop {' '.join(args)} {rounds} failed: {out.stderr[-800:]}")
    return int(found.group(1))


def per_check(args, rounds):
    with_rounds = instructions(args, rounds)
    if with_rounds is None:
        return None
    return (with_rounds - instructions(args, 0)) / rounds


def fmt(n):
    return "—" if n is None else f"{n:,.0f}"


def ratio(slow, fast):
    return "—" if slow is None or fast is None else f"{slow / fast:,.1f}×"


def engines(name, outcome, rounds, reference_rounds, with_generated):
    """Instructions per check of one request: compiled, generated (None when not built), reference."""
    compiled = per_check(["compiled", name, outcome], rounds)
    generated = per_check(["generated", name, outcome], rounds) if with_generated else None
    return compiled, generated, per_check(["reference", name, outcome], reference_rounds)


def header(*columns):
    """A Markdown table's header row and rule."""
    print("| " + " | ".join(columns) + " |")
    print("|" + "|".join(" --- " for _ in columns) + "|")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=2000, help="rounds for compiled and generated code")
    parser.add_argument("--scale", action="store_true", help="build with feature `scale`: generated scale rows")
    parser.add_argument("--only", default="", help="only the cases whose name contains this")
    args = parser.parse_args()
    build(args.scale)
    listed = [case for case in cases() if args.only in case[0]]
    seeds = [case for case in listed if not case[0].startswith("scale-")]
    scale = [case for case in listed if case[0].startswith("scale-")]
    fast = args.rounds
    if seeds:
        print("One combined authorization:\n")
        header("case", "decision", "compiled", "generated", "reference", "reference / compiled", "reference / generated")
        for name, _, outcomes in seeds:
            for outcome in outcomes:
                compiled, generated, reference = engines(name, outcome, fast, max(2, fast // 10), True)
                print(f"| {name} | {outcome} | {fmt(compiled)} | {fmt(generated)} | {fmt(reference)} | "
                      f"{ratio(reference, compiled)} | {ratio(reference, generated)} |")
    if scale:
        print("\nOne combined authorization, scale cases:\n")
        header("family", "request", "statements", "compiled", "generated", "reference", "reference / compiled")
        for name, _, outcomes in scale:
            family, size = re.fullmatch(r"scale-(.+)-(\d+)", name).groups()
            for outcome in outcomes:
                compiled, generated, reference = engines(name, outcome, fast, max(2, fast // int(size)), args.scale)
                print(f"| {family} | {SCALE_REQUESTS.get(outcome, outcome)} | {int(size):,} | {fmt(compiled)} | "
                      f"{fmt(generated)} | {fmt(reference)} | {ratio(reference, compiled)} |")
    one_policy = [case for case in seeds if case[1] == 1]
    if one_policy:
        print("\nOne policy evaluation (`--policy`: `PolicyEngine::evaluate`, no authorizer):\n")
        header("case", "decision", "compiled", "generated", "compiled / generated")
        for name, _, outcomes in one_policy:
            for outcome in outcomes:
                compiled = per_check(["--policy", "compiled", name, outcome], fast)
                generated = per_check(["--policy", "generated", name, outcome], fast)
                if compiled is None and generated is None:
                    continue  # no request expects the outcome from the policy alone
                print(f"| {name} | {outcome} | {fmt(compiled)} | {fmt(generated)} | {ratio(compiled, generated)} |")


if __name__ == "__main__":
    main()
