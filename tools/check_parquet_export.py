#!/usr/bin/env python3
"""Checks an `ecomdash export` against the CSV files it came from, value by value, with pyarrow.

    python3 tools/check_parquet_export.py DIR CSV...

Independent of ecomdash: the CSV rows are read with Python's csv module, the Parquet files with
pyarrow (as a Hive-partitioned dataset). Checks the schema (exactly the nine columns, their types,
no partition column inside the files), that every file sits in the partition of its rows' month,
and that the rows, in order within each month, equal the CSV's: times to the second, ids, price
to the cent, an empty string as a null. Exits 1 with the first difference.
"""
import csv
import datetime
import decimal
import glob
import os
import sys

import pyarrow as pa
import pyarrow.parquet as pq

EXPECTED = pa.schema([
    ("event_time", pa.timestamp("us", tz="UTC")), ("event_type", pa.string()), ("product_id", pa.int64()),
    ("category_id", pa.int64()), ("category_code", pa.string()), ("brand", pa.string()),
    ("price", pa.decimal128(10, 2)), ("user_id", pa.int64()), ("user_session", pa.string()),
])
NULLABLE = {"category_code", "brand", "user_session"}


def fail(message):
    print("check_parquet_export: " + message, file=sys.stderr)
    sys.exit(1)


def csv_rows(paths):
    for path in paths:
        with open(path, newline="") as f:
            r = csv.reader(f)
            header = next(r)
            assert header[0] == "event_time", header
            for row in r:
                if not row:
                    continue
                t = datetime.datetime.strptime(row[0], "%Y-%m-%d %H:%M:%S UTC").replace(tzinfo=datetime.timezone.utc)
                yield (t, row[1], int(row[2]), int(row[3]), row[4] or None, row[5] or None,
                       decimal.Decimal(row[6]).quantize(decimal.Decimal("0.01")), int(row[7]), row[8] or None)


def main():
    directory, sources = sys.argv[1], sys.argv[2:]
    by_month = {}
    for row in csv_rows(sources):
        by_month.setdefault((row[0].year, row[0].month), []).append(row)
    files = sorted(glob.glob(os.path.join(directory, "p_year=*", "p_month=*", "*.parquet")))
    if not files:
        fail(f"no Parquet files under {directory}")
    months = {}
    for f in files:
        table = pq.read_table(f)  # this file alone: no partition columns added
        if [(x.name, x.type) for x in table.schema] != [(x.name, x.type) for x in EXPECTED]:
            fail(f"{f}: schema\n{table.schema}\nexpected\n{EXPECTED}")
        for field in table.schema:
            if field.nullable != (field.name in NULLABLE):
                fail(f"{f}: {field.name} nullable={field.nullable}")
        parts = f.split(os.sep)
        month = (int(parts[-3].split("=")[1]), int(parts[-2].split("=")[1]))
        rows = months.setdefault(month, [])
        columns = [table.column(n).to_pylist() for n in EXPECTED.names]
        rows.extend(zip(*columns))
    if sorted(months) != sorted(by_month):
        fail(f"partitions {sorted(months)}, the CSV's months {sorted(by_month)}")
    total = 0
    for month, expected in by_month.items():
        got = months[month]
        if len(got) != len(expected):
            fail(f"{month}: {len(got)} rows in Parquet, {len(expected)} in the CSV")
        for i, (g, e) in enumerate(zip(got, expected)):
            if g != e:
                fail(f"{month}: row {i + 1} differs:\n  parquet {g}\n  csv     {e}")
        total += len(got)
    print(f"check_parquet_export: {total} rows in {len(files)} file(s) equal the CSV, value by value")


if __name__ == "__main__":
    main()
