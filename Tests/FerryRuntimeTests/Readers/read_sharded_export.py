"""Reads a sharded Ferry export with DuckDB, pyarrow and (with --spark) Spark, each with the reader
schema `ferry schemas ddl` printed, and reports what each saw as JSON on standard output.

Usage: read_sharded_export.py OUT DDL_DIR [--spark]
DDL_DIR holds <dataset>.<dialect> files: the output of `ferry schemas ddl <dataset> --dialect <dialect>`.
"""
import glob, json, os, sys

out, ddl_dir = sys.argv[1], sys.argv[2]
datasets = ["users", "messages"]
report = {}


def ddl(dataset, dialect):
    with open(os.path.join(ddl_dir, f"{dataset}.{dialect}")) as f:
        return f.read()


def manifest_rows(dataset):
    rows = 0
    for path in glob.glob(os.path.join(out, dataset, "date=*", "shard=*", "_manifest.json")):
        with open(path) as f:
            rows += json.load(f)["rows"]
    return rows


import duckdb

con = duckdb.connect()
report["duckdb"] = {}
for dataset in datasets:
    con.execute(ddl(dataset, "duckdb"))
    rows = con.execute(f"select count(*) from {dataset}").fetchone()[0]
    types = {name: str(kind) for name, kind, *_ in con.execute(f"describe {dataset}").fetchall()}
    shards = [r[0] for r in con.execute(f"select distinct shard from {dataset} order by shard").fetchall()]
    report["duckdb"][dataset] = {"rows": rows, "manifest_rows": manifest_rows(dataset), "types": types, "shards": shards}
# What each glob a user would write under a dataset directory lists: committed files only?
report["globs"] = {}
for pattern in ["*/*.jsonl.gz", "**/*.jsonl.gz", "date=*/shard=*/*"]:
    files = [r[0] for r in con.execute(f"select file from glob('{os.path.join(out, 'messages', pattern)}')").fetchall()]
    report["globs"][pattern] = files

import pyarrow as pa
import pyarrow.json as pj

report["arrow"] = {}
for dataset in datasets:
    scope = {}
    exec(ddl(dataset, "arrow"), scope)
    schema = scope[dataset]
    options = pj.ParseOptions(explicit_schema=schema, unexpected_field_behavior="ignore")
    tables = [pj.read_json(path, parse_options=options)
              for path in sorted(glob.glob(os.path.join(out, dataset, "date=*", "shard=*", "*.jsonl.gz")))]
    table = pa.concat_tables(tables)
    report["arrow"][dataset] = {"rows": table.num_rows, "types": {f.name: str(f.type) for f in table.schema}}

if "--spark" in sys.argv:
    from pyspark.sql import SparkSession
    from pyspark.sql.types import StructType

    spark = (SparkSession.builder.master("local[1]").appName("ferry-readers")
             .config("spark.ui.enabled", "false").config("spark.sql.session.timeZone", "UTC").getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    report["spark"] = {}
    for dataset in datasets:
        schema = StructType.fromJson(json.loads(ddl(dataset, "spark")))
        frame = spark.read.schema(schema).json(os.path.join(out, dataset))
        types = {f.name: f.dataType.simpleString() for f in frame.schema.fields}
        shards = sorted(r[0] for r in frame.select("shard").distinct().collect())
        report["spark"][dataset] = {"rows": frame.count(), "types": types, "shards": shards}
    spark.stop()

print(json.dumps(report))
