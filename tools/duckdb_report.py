#!/usr/bin/env python3
"""The insights of docs/insights.md as plain DuckDB SQL: an independent oracle for ecomdash.

Prints a JSON object with the same sections and keys as `ecomdash report --format json`, so the two
can be compared field by field (tools/compare_reports.py), and `kpis`: the key figures of the whole
window (events, distinct visitors and sessions, purchases, revenue, conversion, abandonment rate), to
check `report --compare`. Written straight from the definitions,
sharing no code with ecomdash.

A FILE that is a directory or ends in .parquet is read as Parquet (a directory: every
*.parquet below it, with Hive partitions), so an export can be checked against the CSV it came from.

    python3 tools/duckdb_report.py FILE [--threads N] [--min-views N] [--category-level N]
        [--from T] [--to T] [--timing]
"""
import argparse
import json
import os
from decimal import ROUND_HALF_UP, Decimal
import sys
import time

import duckdb


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("file")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--min-views", type=int, default=100)
    ap.add_argument("--category-level", type=int, default=None)
    ap.add_argument("--from", dest="from_", default=None)
    ap.add_argument("--to", default=None)
    ap.add_argument("--timing", action="store_true", help="print load and query seconds to stderr")
    a = ap.parse_args()

    con = duckdb.connect()
    con.execute(f"SET threads = {a.threads}")
    t0 = time.time()
    if os.path.isdir(a.file) or a.file.endswith(".parquet"):
        pattern = os.path.join(a.file, "**", "*.parquet") if os.path.isdir(a.file) else a.file
        con.execute("SET TimeZone = 'UTC'")
        # Hive partition directories sort by year and month: the CSV's order within a month is kept.
        con.execute(f"""
            CREATE TABLE raw AS
            SELECT row_number() OVER (ORDER BY filename, file_row_number) AS rn,
                   CAST(event_time AS TIMESTAMP) AS event_time, event_type,
                   product_id, CAST(category_id AS UBIGINT) AS category_id, category_code, brand,
                   CAST(price AS DECIMAL(18,2)) AS price, user_id, user_session
            FROM read_parquet('{pattern}', hive_partitioning = true, filename = true, file_row_number = true)
        """)
    else:
        con.execute(f"""
            CREATE TABLE raw AS
            SELECT row_number() OVER () AS rn, *
            FROM read_csv('{a.file}', header = true, delim = ',', quote = '"',
                timestampformat = '%Y-%m-%d %H:%M:%S UTC',
                columns = {{'event_time': 'TIMESTAMP', 'event_type': 'VARCHAR', 'product_id': 'BIGINT',
                           'category_id': 'UBIGINT', 'category_code': 'VARCHAR', 'brand': 'VARCHAR',
                           'price': 'DECIMAL(18,2)', 'user_id': 'BIGINT', 'user_session': 'VARCHAR'}})
        """)
    t_load = time.time() - t0
    level = a.category_level
    label = ("coalesce(category_code, '(none)')" if not level else
             f"CASE WHEN category_code IS NULL OR category_code = '' THEN '(none)' "
             f"ELSE array_to_string(string_split(category_code, '.')[1:{level}], '.') END")
    where = []
    if a.from_:
        where.append(f"event_time >= TIMESTAMP '{a.from_}'")
    if a.to:
        where.append(f"event_time < TIMESTAMP '{a.to}'")
    con.execute(f"""
        CREATE TEMP VIEW events AS
        SELECT rn, event_time, event_type, product_id, {label} AS category,
               coalesce(nullif(brand, ''), '(none)') AS brand, price, user_id,
               nullif(user_session, '') AS user_session
        FROM raw {'WHERE ' + ' AND '.join(where) if where else ''}
    """)
    t1 = time.time()
    q = lambda sql: con.execute(sql).fetchall()
    money = lambda v: f"{(v or 0):.2f}"
    ratio = lambda v: round(float(v or 0), 6)

    visitors = [
        {"day": str(d), "visitors": v, "sessions": s, "events": e, "purchases": p, "revenue": money(r)}
        for d, v, s, e, p, r in q("""
            SELECT CAST(event_time AS DATE), count(DISTINCT user_id), count(DISTINCT user_session), count(*),
                   count(*) FILTER (WHERE event_type = 'purchase'),
                   sum(price) FILTER (WHERE event_type = 'purchase')
            FROM events GROUP BY 1 ORDER BY 1""")
    ]

    con.execute("""
        CREATE TEMP TABLE pairs AS
        WITH carts AS (
            SELECT *, min(event_time) OVER (PARTITION BY user_id, product_id) AS first_cart,
                   row_number() OVER (PARTITION BY user_id, product_id ORDER BY event_time DESC, rn DESC) AS k
            FROM events WHERE event_type = 'cart'),
        purchases AS (
            SELECT user_id, product_id, max(event_time) AS last_purchase
            FROM events WHERE event_type = 'purchase' GROUP BY ALL)
        SELECT c.user_id, c.product_id, c.first_cart, c.price AS value, c.category, c.brand,
               NOT coalesce(p.last_purchase >= c.first_cart, false) AS abandoned
        FROM carts c LEFT JOIN purchases p USING (user_id, product_id) WHERE c.k = 1
    """)
    tally = """count(*) AS carted, count(*) FILTER (WHERE abandoned) AS abandoned,
               sum(value) FILTER (WHERE abandoned) AS value"""

    def tally_row(c, ab, v):
        return {"carted_pairs": c, "abandoned_pairs": ab, "abandonment_rate": ratio(ab / c if c else 0),
                "abandoned_value": money(v)}

    (carted, abandoned, value, users), = q(f"SELECT {tally}, count(DISTINCT user_id) FILTER (WHERE abandoned) FROM pairs")
    (cart_only,), = q("""
        SELECT count(*) FROM (SELECT user_id FROM events GROUP BY user_id
            HAVING count(*) FILTER (WHERE event_type = 'cart') > 0
               AND count(*) FILTER (WHERE event_type = 'purchase') = 0)""")

    def groups(key, name):
        return [dict({name: g}, **tally_row(c, ab, v)) for g, c, ab, v in q(f"""
            SELECT {key}, {tally} FROM pairs GROUP BY 1 HAVING count(*) FILTER (WHERE abandoned) > 0
            ORDER BY value DESC, 1""")]

    abandonment = {
        "carted_pairs": carted or 0, "abandoned_pairs": abandoned or 0,
        "abandonment_rate": ratio(abandoned / carted if carted else 0), "abandoned_value": money(value),
        "abandoning_users": users or 0, "cart_only_users": cart_only,
        "by_day": [dict({"day": str(d)}, **tally_row(c, ab, v))
                   for d, c, ab, v in q(f"SELECT CAST(first_cart AS DATE), {tally} FROM pairs GROUP BY 1 ORDER BY 1")],
        "top_categories": groups("category", "category"),
        "top_brands": groups("brand", "brand"),
        "top_products": [dict(g, product_id=int(g.pop("product_id"))) for g in groups("product_id", "product_id")],
    }

    counts = """count(*), count(*) FILTER (WHERE event_type = 'view'), count(*) FILTER (WHERE event_type = 'cart'),
                count(*) FILTER (WHERE event_type = 'purchase'), sum(price) FILTER (WHERE event_type = 'purchase')"""
    rank = "(SELECT category, count(*) FILTER (WHERE event_type = 'view') AS v FROM events GROUP BY 1) r"

    def by(part, name):
        return [{"category": c, name: x, "events": e, "views": vw, "carts": ca, "purchases": p, "revenue": money(r)}
                for c, x, e, vw, ca, p, r in q(f"""
                    SELECT e.category, {part}, {counts} FROM events e JOIN {rank} USING (category)
                    GROUP BY e.category, 2, r.v ORDER BY r.v DESC, e.category, 2""")]

    brands = q(f"""
        SELECT brand, count(*) FILTER (WHERE event_type = 'view') AS views,
               count(*) FILTER (WHERE event_type = 'cart') AS carts,
               count(*) FILTER (WHERE event_type = 'purchase') AS purchases,
               coalesce(sum(price) FILTER (WHERE event_type = 'purchase'), 0) AS revenue,
               count(DISTINCT user_id) AS visitors,
               count(DISTINCT user_id) FILTER (WHERE event_type = 'purchase') AS buyers
        FROM events GROUP BY brand ORDER BY views DESC, brand""")
    eligible = [b for b in brands if b[1] >= a.min_views and b[0] != "(none)"]
    conv = lambda b: b[3] / b[1] if b[1] else 0.0
    (med_conv, med_vis), = con.execute(
        "SELECT coalesce(median(c), 0), coalesce(median(v), 0) FROM (SELECT unnest(?) AS c, unnest(?) AS v)",
        [[conv(b) for b in eligible], [float(b[5]) for b in eligible]]).fetchall()
    brand_rows = []
    for b in brands:
        under = b in eligible and conv(b) >= med_conv and b[5] <= med_vis
        # Opportunity in exact decimals, rounded half up to the cent (the contract's money rule).
        opp = ((Decimal(med_vis) - b[5]) * Decimal(b[4]) / b[5]).quantize(Decimal("0.01"), ROUND_HALF_UP) \
            if under else Decimal(0)
        brand_rows.append({"brand": b[0], "views": b[1], "carts": b[2], "purchases": b[3], "revenue": money(b[4]),
                           "visitors": b[5], "buyers": b[6], "conversion": ratio(conv(b)),
                           "cart_rate": ratio(b[2] / b[1] if b[1] else 0), "under_exposed": under,
                           "opportunity": f"{opp:.2f}", "_opp": opp})
    under_rows = sorted((r for r in brand_rows if r["under_exposed"]), key=lambda r: (-r["_opp"], r["brand"]))
    for r in brand_rows:
        del r["_opp"]
    (events, visitors_n, sessions_n, views, purchases, revenue), = q("""
        SELECT count(*), count(DISTINCT user_id), count(DISTINCT user_session),
               count(*) FILTER (WHERE event_type = 'view'), count(*) FILTER (WHERE event_type = 'purchase'),
               sum(price) FILTER (WHERE event_type = 'purchase')
        FROM events""")
    kpis = {"events": events, "visitors": visitors_n, "sessions": sessions_n, "purchases": purchases,
            "revenue": money(revenue), "conversion": ratio(purchases / views if views else 0),
            "abandonment_rate": abandonment["abandonment_rate"]}
    anomalies = hourly_anomalies(q)
    (rows,), = q("SELECT count(*) FROM raw")
    t_query = time.time() - t1
    if a.timing:
        print(f"duckdb load {t_load:.3f}s queries {t_query:.3f}s", file=sys.stderr)
    print(json.dumps({
        "source": {"rows": rows},
        "visitors_per_day": visitors,
        "abandonment": abandonment,
        "categories_by_hour": by("hour(event_time)", "hour"),
        "categories_by_weekday": by("isodow(event_time)", "weekday"),
        "brands": brand_rows,
        "brand_medians": {"min_views": a.min_views, "eligible_brands": len(eligible),
                          "median_conversion": ratio(med_conv), "median_visitors": float(med_vis)},
        "under_exposed_brands": under_rows,
        "kpis": kpis,
        "anomalies": anomalies,
    }, indent=1))


def hourly_anomalies(q):
    """Hours whose events, purchases or revenue stray from the same hour of the day's median over
    the days held by more than 3.5 robust standard deviations (1.4826 x MAD; 1.2533 x the mean
    absolute deviation when MAD is 0), among the whole hours the window's rows cover (to within a
    minute at each end), judged only for an hour of the day held on at least five days."""
    from datetime import datetime, timezone
    import statistics
    # The span the window's rows cover: their first event to one second after their last.
    (lo, hi), = q("SELECT epoch(min(event_time))::BIGINT, epoch(max(event_time))::BIGINT FROM events")
    if lo is None:
        return []
    covered_from = lo
    covered_to = hi + 1
    per_hour = {h: (e, p, int(r or 0)) for h, e, p, r in q("""
        SELECT epoch(date_trunc('hour', event_time))::BIGINT, count(*),
               count(*) FILTER (WHERE event_type = 'purchase'),
               CAST(sum(price) FILTER (WHERE event_type = 'purchase') * 100 AS BIGINT)
        FROM events GROUP BY 1""")}
    first = lo // 3600 * 3600
    last = hi // 3600 * 3600
    hours = [h for h in range(first, last + 1, 3600)
             if h >= covered_from - 60 and h + 3600 <= covered_to + 60]
    found = []
    for hod in range(24):
        same = [h for h in hours if h % 86400 // 3600 == hod]
        if len(same) < 5:
            continue
        for m, name in enumerate(["events", "purchases", "revenue"]):
            values = [per_hour.get(h, (0, 0, 0))[m] for h in same]
            med = statistics.median(values)
            devs = [abs(v - med) for v in values]
            spread = 1.4826 * statistics.median(devs)
            if spread == 0:
                spread = 1.2533 * sum(devs) / len(devs)
            if spread == 0:
                continue
            for h, v in zip(same, values):
                score = (v - med) / spread
                if abs(score) > 3.5:
                    found.append((h, m, name, v, med, score))
    found.sort()
    cents = lambda c: f"{Decimal(c).quantize(Decimal(1), ROUND_HALF_UP) / 100:.2f}"
    return [{"hour": datetime.fromtimestamp(h, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"), "metric": name,
             "value": cents(v) if name == "revenue" else v,
             "usual": cents(med) if name == "revenue" else med,
             "score": round(score, 2), "direction": "above" if score > 0 else "below"}
            for h, m, name, v, med, score in found]



if __name__ == "__main__":
    main()
