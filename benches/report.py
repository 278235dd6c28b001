#!/usr/bin/env python3
"""Tables and the scaling plot of BENCHMARKS.md, from criterion's results.

    cargo bench -p oss-policy-benches [--features peers]
    python3 benches/report.py [--criterion target/criterion] [--svg benches/scaling.svg]

Reads every `new/benchmark.json` and `new/estimates.json` under the criterion directory
(the median of each benchmark, in nanoseconds), prints the Markdown tables (seed,
combined, scale, compile: engines side by side, with the reference / compiled and
reference / generated ratios; "—" where an engine did not run, such as generated code on
the scale cases without feature `scale`) and writes the log-log plot of nanoseconds per
check against statements, one line per engine and request, one panel per family. The SVG
is written by hand: no plotting library needed.
"""

import argparse
import json
import math
import os
import sys

ENGINES = ["compiled", "generated", "reference", "cedar"]
COLORS = {"compiled": "#1f77b4", "generated": "#9467bd", "reference": "#ff7f0e", "cedar": "#2ca02c"}
DASHES = {"near-end": "", "no-match": "6,4"}
FAMILIES = ["bucket", "access-point"]
OUTCOMES = ["Allow", "Deny", "Ignore"]


def load(root):
    """{(group, function, value): median ns} of every benchmark under `root`."""
    results = {}
    for directory, _, files in os.walk(root):
        if os.path.basename(directory) != "new" or "benchmark.json" not in files:
            continue
        with open(os.path.join(directory, "benchmark.json")) as f:
            meta = json.load(f)
        with open(os.path.join(directory, "estimates.json")) as f:
            estimates = json.load(f)
        key = (meta["group_id"], meta.get("function_id") or "", meta.get("value_str") or "")
        results[key] = estimates["median"]["point_estimate"]
    return results


def ns(value):
    """A duration for people: ns below 10 µs, µs below 10 ms, else ms."""
    if value is None:
        return "—"
    if value < 10_000:
        return f"{value:,.0f} ns" if value >= 100 else f"{value:.1f} ns"
    if value < 10_000_000:
        return f"{value / 1000:,.1f} µs"
    return f"{value / 1_000_000:,.1f} ms"


def tick(exponent):
    """10^exponent nanoseconds as an axis label: 10 ns, 1 µs, 100 ms."""
    unit, scale = next((u, 10 ** k) for u, k in [("s", 9), ("ms", 6), ("µs", 3), ("ns", 0)] if exponent >= k)
    return f"{10 ** exponent // scale} {unit}"


def ratio(slow, fast):
    return f"{slow / fast:,.1f}×" if slow and fast else "—"


def engines_present(results, group):
    """The engines of the group's columns: those that ran, and generated code always (the
    default build runs it on the seed and combined cases only) but in `compile`, where it
    has nothing to time (its policies are compiled with the crate)."""
    names = {function.split("/")[0] for (g, function, _) in results if g == group}
    return [engine for engine in ENGINES if engine in names or (engine == "generated" and group != "compile")]


RATIO_PAIRS = [("reference", "compiled"), ("reference", "generated"), ("cedar", "compiled"), ("cedar", "generated")]


def ratio_pairs(engines):
    """The (slow, fast) ratios of a table: against the reference evaluator, and against Cedar
    when it ran."""
    return [(slow, fast) for slow, fast in RATIO_PAIRS if slow in engines]


def ratio_header(engines):
    return [f"{slow} / {fast}" for slow, fast in ratio_pairs(engines)]


def ratios(times, engines):
    return [ratio(times.get(slow), times.get(fast)) for slow, fast in ratio_pairs(engines)]


def table(header, rows):
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(" --- " for _ in header) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def seed_table(results):
    engines = engines_present(results, "seed")
    cases = sorted({value.rsplit("/", 1)[0] for (g, _, value) in results if g == "seed"})
    rows = []
    for case in cases:
        for outcome in OUTCOMES:
            value = f"{case}/{outcome}"
            times = {e: results.get(("seed", e, value)) for e in engines}
            if not any(times.values()):
                continue
            rows.append([case, outcome] + [ns(times[e]) for e in engines] + ratios(times, engines))
    return table(["case", "decision"] + engines + ratio_header(engines), rows)


def combined_table(results):
    engines = engines_present(results, "combined")
    rows = []
    for outcome in OUTCOMES:
        times = {e: results.get(("combined", e, outcome)) for e in engines}
        if any(times.values()):
            rows.append([outcome] + [ns(times[e]) for e in engines] + ratios(times, engines))
    return table(["decision"] + engines + ratio_header(engines), rows)


def scale_series(results):
    """{(engine, family, request): {statements: ns}}."""
    series = {}
    for (group, function, value), median in results.items():
        if group != "scale":
            continue
        engine, family, request = function.split("/")
        series.setdefault((engine, family, request), {})[int(value)] = median
    return series


def scale_table(results):
    series = scale_series(results)
    engines = [e for e in ENGINES if any(k[0] == e for k in series) or e == "generated"]
    sizes = sorted({n for points in series.values() for n in points})
    rows = []
    for family in FAMILIES:
        for request in DASHES:
            for n in sizes:
                times = {e: series.get((e, family, request), {}).get(n) for e in engines}
                if any(times.values()):
                    rows.append([family, request, f"{n:,}"] + [ns(times[e]) for e in engines] + ratios(times, engines))
            # How flat: each engine's time at 10,000 statements over its time at 10.
            flat = [series.get((e, family, request), {}) for e in engines]
            if any(points.get(10) and points.get(10_000) for points in flat):
                rows.append([family, request, "**10,000 / 10**"]
                            + [f"**{p[10_000] / p[10]:,.2f}×**" if p.get(10) and p.get(10_000) else "" for p in flat]
                            + [""] * len(ratio_pairs(engines)))
    return table(["family", "request", "statements"] + engines + ratio_header(engines), rows)


def compile_table(results):
    engines = engines_present(results, "compile")
    policies = sorted({value for (g, _, value) in results if g == "compile"})
    rows = [[policy] + [ns(results.get(("compile", e, policy))) for e in engines] for policy in policies]
    return table(["policy"] + engines, rows)


def svg(results, path):
    series = scale_series(results)
    if not series:
        return
    width, height, margin = 460, 420, 60
    points = [v for s in series.values() for v in s.values()]
    low, high = math.floor(math.log10(min(points))), math.ceil(math.log10(max(points)))
    sizes = sorted({n for s in series.values() for n in s})
    x_low, x_high = math.log10(sizes[0]), math.log10(sizes[-1])
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{2 * width}" height="{height + 50}" '
           f'font-family="sans-serif" font-size="12">',
           f'<rect width="{2 * width}" height="{height + 50}" fill="white"/>']
    for panel, family in enumerate(FAMILIES):
        left = panel * width + margin
        plot_w, plot_h = width - margin - 40, height - 2 * margin

        def x(n):
            return left + (math.log10(n) - x_low) / (x_high - x_low) * plot_w

        def y(t):
            return margin + plot_h - (math.log10(t) - low) / (high - low) * plot_h

        out.append(f'<text x="{left + plot_w / 2}" y="{margin - 25}" text-anchor="middle" font-size="14">'
                   f'{family} policy: ns per check (log-log)</text>')
        out.append(f'<rect x="{left}" y="{margin}" width="{plot_w}" height="{plot_h}" fill="none" stroke="#444"/>')
        for e in range(low, high + 1):
            out.append(f'<line x1="{left}" x2="{left + plot_w}" y1="{y(10 ** e)}" y2="{y(10 ** e)}" stroke="#ddd"/>')
            out.append(f'<text x="{left - 6}" y="{y(10 ** e) + 4}" text-anchor="end">{tick(e)}</text>')
        for n in sizes:
            out.append(f'<line x1="{x(n)}" x2="{x(n)}" y1="{margin}" y2="{margin + plot_h}" stroke="#ddd"/>')
            out.append(f'<text x="{x(n)}" y="{margin + plot_h + 16}" text-anchor="middle">{n:,}</text>')
        out.append(f'<text x="{left + plot_w / 2}" y="{margin + plot_h + 34}" text-anchor="middle">statements</text>')
        for (engine, fam, request), data in sorted(series.items()):
            if fam != family:
                continue
            line = " ".join(f"{x(n):.1f},{y(t):.1f}" for n, t in sorted(data.items()))
            dash = f' stroke-dasharray="{DASHES[request]}"' if DASHES[request] else ""
            out.append(f'<polyline points="{line}" fill="none" stroke="{COLORS[engine]}" stroke-width="2"{dash}/>')
            for n, t in sorted(data.items()):
                out.append(f'<circle cx="{x(n):.1f}" cy="{y(t):.1f}" r="3" fill="{COLORS[engine]}"/>')
    legend_x = margin
    for engine in ENGINES:
        if not any(k[0] == engine for k in series):
            continue
        for row, (request, dash) in enumerate(DASHES.items()):
            dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
            y_legend = height + 10 + 18 * row
            out.append(f'<line x1="{legend_x}" x2="{legend_x + 24}" y1="{y_legend}" y2="{y_legend}" '
                       f'stroke="{COLORS[engine]}" stroke-width="2"{dash_attr}/>')
            out.append(f'<text x="{legend_x + 28}" y="{y_legend + 4}">{engine}, {request}</text>')
        legend_x += 190
    out.append("</svg>")
    with open(path, "w") as f:
        f.write("\n".join(out) + "\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--criterion", default="target/criterion")
    parser.add_argument("--svg", default="benches/scaling.svg")
    args = parser.parse_args()
    results = load(args.criterion)
    if not results:
        sys.exit(f"no criterion results under {args.criterion}: run `cargo bench -p oss-policy-benches` first")
    for title, render in [("Seed policies", seed_table), ("Combined authorization", combined_table),
                          ("Scale", scale_table), ("Compile", compile_table)]:
        print(f"### {title}\n\n{render(results)}\n")
    svg(results, args.svg)
    print(f"(plot written to {args.svg})")


if __name__ == "__main__":
    main()
