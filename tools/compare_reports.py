#!/usr/bin/env python3
"""Compares `ecomdash report --format json` with an oracle (tools/duckdb_report.py or
tools/chdb_report.py), section by section.

    python3 tools/compare_reports.py ECOMDASH.json ORACLE.json

Money is compared to the cent, ratios to 1e-6, everything else exactly; list order matters
(both sides rank the same way). Exits 1 and lists the differences when the two disagree.
"""
import json
import sys

MONEY = {"revenue", "abandoned_value", "opportunity"}
RATIO = {"abandonment_rate", "conversion", "cart_rate", "median_conversion", "median_visitors"}
SECTIONS = ["visitors_per_day", "abandonment", "categories_by_hour", "categories_by_weekday", "brands",
            "brand_medians", "under_exposed_brands", "anomalies"]
# Anomalies: values and usual levels are counts or money, scores carry two decimals.
TOLERANCE = {"value": 0.005, "usual": 0.005, "score": 0.011}


def same(key, a, b):
    if key in MONEY:
        return round(float(a) * 100) == round(float(b) * 100)
    if key in RATIO:
        return abs(float(a) - float(b)) <= 1e-6
    if key in TOLERANCE:
        return abs(float(a) - float(b)) <= TOLERANCE[key]
    return a == b


def walk(path, a, b, out):
    if isinstance(b, dict):
        if not isinstance(a, dict):
            out.append(f"{path}: expected an object")
            return
        for k, v in b.items():
            if k not in a:
                out.append(f"{path}.{k}: missing")
            else:
                walk(f"{path}.{k}", a[k], v, out)
    elif isinstance(b, list):
        if not isinstance(a, list) or len(a) != len(b):
            out.append(f"{path}: {len(a) if isinstance(a, list) else a!r} items, expected {len(b)}")
            return
        for i, (x, y) in enumerate(zip(a, b)):
            walk(f"{path}[{i}]", x, y, out)
    else:
        key = path.rsplit(".", 1)[-1]
        if not same(key, a, b):
            out.append(f"{path}: ecomdash {a!r}, oracle {b!r}")


def main():
    mine, oracle = (json.load(open(p)) for p in sys.argv[1:3])
    out = []
    if mine["source"]["rows"] != oracle["source"]["rows"]:
        out.append(f"source.rows: ecomdash {mine['source']['rows']}, oracle {oracle['source']['rows']}")
    # An oracle may leave a section out (chDB's script computes no hourly anomalies): say so.
    sections = [s for s in SECTIONS if s in oracle]
    missing = [s for s in SECTIONS if s not in oracle]
    for s in sections:
        walk(s, mine.get(s), oracle[s], out)
    for line in out[:40]:
        print(line)
    if out:
        print(f"{len(out)} difference(s)")
        sys.exit(1)
    note = f" (the oracle has no {', '.join(missing)})" if missing else ""
    print("identical in every section: " + ", ".join(sections) + note)


if __name__ == "__main__":
    main()
