#!/usr/bin/env python3
"""The insights of docs/insights.md in ClickHouse SQL, run by chDB (embedded ClickHouse): a second
independent oracle for ecomdash, and the second engine of the batch benchmark.

Prints the same JSON sections as `ecomdash report --format json` (as tools/duckdb_report.py does),
so tools/compare_reports.py can compare them field by field. Shares no code with ecomdash or with
the DuckDB oracle; medians are taken in Python.

    python3 tools/chdb_report.py FILE [--threads N] [--min-views N] [--timing]
"""
import argparse
import json
import statistics
import sys
import time
from decimal import ROUND_HALF_UP, Decimal

from chdb import session


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("file")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--min-views", type=int, default=100)
    ap.add_argument("--timing", action="store_true", help="print load and query seconds to stderr")
    a = ap.parse_args()

    s = session.Session()

    def q(sql):
        out = s.query(sql + f" SETTINGS max_threads = {a.threads}, output_format_json_quote_decimals = 1",
                      "JSONCompact")
        return json.loads(str(out))["data"] if str(out).strip() else []

    t0 = time.time()
    s.query(f"""
        CREATE TABLE raw ENGINE = Memory AS
        SELECT rowNumberInAllBlocks() AS rn,
               toDateTime(substring(event_time, 1, 19), 'UTC') AS event_time,
               event_type, product_id,
               if(category_code = '', '(none)', category_code) AS category,
               if(brand = '', '(none)', brand) AS brand,
               price, user_id, user_session
        FROM file('{a.file}', 'CSVWithNames',
                  'event_time String, event_type String, product_id Int64, category_id UInt64,
                   category_code String, brand String, price Decimal(18, 2), user_id Int64,
                   user_session String')
        SETTINGS max_threads = {a.threads}
    """)
    t_load = time.time() - t0
    t1 = time.time()
    money = lambda v: f"{Decimal(v or 0):.2f}"
    ratio = lambda x, y: round(x / y, 6) if y else 0.0

    visitors = [
        {"day": d, "visitors": int(v), "sessions": int(se), "events": int(e), "purchases": int(p),
         "revenue": money(r)}
        for d, v, se, e, p, r in q("""
            SELECT toString(toDate(event_time)), uniqExact(user_id),
                   uniqExactIf(user_session, user_session != ''), count(),
                   countIf(event_type = 'purchase'), sumIf(price, event_type = 'purchase')
            FROM raw GROUP BY 1 ORDER BY 1""")
    ]

    # A carted pair: its first cart, and its last cart (latest time, then latest row) for value,
    # category and brand; abandoned without a purchase of the product at or after the first cart.
    s.query(f"""
        CREATE TABLE pairs ENGINE = Memory AS
        WITH carts AS (
            SELECT user_id, product_id, event_time, price, category, brand,
                   min(event_time) OVER (PARTITION BY user_id, product_id) AS first_cart,
                   row_number() OVER (PARTITION BY user_id, product_id ORDER BY event_time DESC, rn DESC) AS k
            FROM raw WHERE event_type = 'cart'),
        bought AS (
            SELECT user_id, product_id, max(event_time) AS last_purchase
            FROM raw WHERE event_type = 'purchase' GROUP BY user_id, product_id)
        SELECT c.user_id AS user_id, c.product_id AS product_id, c.first_cart AS first_cart,
               c.price AS value, c.category AS category, c.brand AS brand,
               NOT (b.user_id != 0 AND b.last_purchase >= c.first_cart) AS abandoned
        FROM carts AS c LEFT JOIN bought AS b ON c.user_id = b.user_id AND c.product_id = b.product_id
        WHERE c.k = 1
        SETTINGS max_threads = {a.threads}, join_use_nulls = 0
    """)
    tally = "count(), countIf(abandoned), sumIf(value, abandoned)"

    def tally_row(c, ab, v):
        c, ab = int(c), int(ab)
        return {"carted_pairs": c, "abandoned_pairs": ab, "abandonment_rate": ratio(ab, c),
                "abandoned_value": money(v)}

    (carted, abandoned, value, users), = q(f"SELECT {tally}, uniqExactIf(user_id, abandoned) FROM pairs")
    (cart_only,), = q("""
        SELECT count() FROM (SELECT user_id FROM raw GROUP BY user_id
            HAVING countIf(event_type = 'cart') > 0 AND countIf(event_type = 'purchase') = 0)""")

    def groups(key, name, cast=str):
        return [dict({name: cast(g)}, **tally_row(c, ab, v)) for g, c, ab, v in q(f"""
            SELECT {key}, {tally} FROM pairs GROUP BY {key} HAVING countIf(abandoned) > 0
            ORDER BY sumIf(value, abandoned) DESC, {key}""")]

    abandonment = {
        "carted_pairs": int(carted), "abandoned_pairs": int(abandoned),
        "abandonment_rate": ratio(int(abandoned), int(carted)), "abandoned_value": money(value),
        "abandoning_users": int(users), "cart_only_users": int(cart_only),
        "by_day": [dict({"day": d}, **tally_row(c, ab, v)) for d, c, ab, v in
                   q(f"SELECT toString(toDate(first_cart)), {tally} FROM pairs GROUP BY 1 ORDER BY 1")],
        "top_categories": groups("category", "category"),
        "top_brands": groups("brand", "brand"),
        "top_products": groups("product_id", "product_id", int),
    }

    counts = """count(), countIf(event_type = 'view'), countIf(event_type = 'cart'),
                countIf(event_type = 'purchase'), sumIf(price, event_type = 'purchase')"""

    def by(part, name):
        return [{"category": c, name: int(x), "events": int(e), "views": int(vw), "carts": int(ca),
                 "purchases": int(p), "revenue": money(r)}
                for c, x, e, vw, ca, p, r, _ in q(f"""
                    SELECT category, {part} AS x, {counts},
                           sum(countIf(event_type = 'view')) OVER (PARTITION BY category) AS rank
                    FROM raw GROUP BY category, x ORDER BY rank DESC, category, x""")]

    brands = [(b, int(v), int(c), int(p), Decimal(r), int(vi), int(bu)) for b, v, c, p, r, vi, bu in q("""
        SELECT brand, countIf(event_type = 'view') AS views, countIf(event_type = 'cart'),
               countIf(event_type = 'purchase'), sumIf(price, event_type = 'purchase'),
               uniqExact(user_id), uniqExactIf(user_id, event_type = 'purchase')
        FROM raw GROUP BY brand ORDER BY views DESC, brand""")]
    eligible = [b for b in brands if b[1] >= a.min_views and b[0] != "(none)"]
    conv = lambda b: b[3] / b[1] if b[1] else 0.0
    med_conv = statistics.median([conv(b) for b in eligible]) if eligible else 0.0
    med_vis = statistics.median([b[5] for b in eligible]) if eligible else 0
    brand_rows = []
    for b in brands:
        under = b in eligible and conv(b) >= med_conv and b[5] <= med_vis
        opp = ((Decimal(med_vis) - b[5]) * b[4] / b[5]).quantize(Decimal("0.01"), ROUND_HALF_UP) \
            if under else Decimal(0)
        brand_rows.append({"brand": b[0], "views": b[1], "carts": b[2], "purchases": b[3], "revenue": money(b[4]),
                           "visitors": b[5], "buyers": b[6], "conversion": round(conv(b), 6),
                           "cart_rate": ratio(b[2], b[1]), "under_exposed": under,
                           "opportunity": f"{opp:.2f}", "_opp": opp})
    under_rows = sorted((r for r in brand_rows if r["under_exposed"]), key=lambda r: (-r["_opp"], r["brand"]))
    for r in brand_rows:
        del r["_opp"]
    (rows,), = q("SELECT count() FROM raw")
    t_query = time.time() - t1
    if a.timing:
        print(f"chdb load {t_load:.3f}s queries {t_query:.3f}s", file=sys.stderr)
    print(json.dumps({
        "source": {"rows": int(rows)},
        "visitors_per_day": visitors,
        "abandonment": abandonment,
        "categories_by_hour": by("toHour(event_time)", "hour"),
        "categories_by_weekday": by("toDayOfWeek(event_time)", "weekday"),
        "brands": brand_rows,
        "brand_medians": {"min_views": a.min_views, "eligible_brands": len(eligible),
                          "median_conversion": round(med_conv, 6), "median_visitors": float(med_vis)},
        "under_exposed_brands": under_rows,
    }, indent=1))


if __name__ == "__main__":
    main()
