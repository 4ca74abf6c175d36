"""The Spark engine: the same stages as the local engine, as Spark jobs.

Per batch of input files (one Spark job each, the unit of resumption)::

    files --mapPartitions(read_pages + fingerprint_keys)--> pages (persisted)
    pages.keys x reference keys  --equi-join on the fingerprint-->  (page, reference, shared)
        --rank per page (window)-->  shortlist  --join on the text group--> reference texts
    pages + their reference texts --mapPartitions(trace_page)--> matches, spun_lines

The join is on fingerprint equality, never a cross join; fingerprints with more than
POSTING_CAP postings are left out of the exported key table, which bounds every key's fan-out.
Executors load the alias map and spaCy once per Python worker (module caches), nothing else is
global. A task killed mid-partition is retried by Spark; the batch is written with overwrite
to its own folder, so a retried task or a rerun leaves no duplicate rows.

pyspark is imported here only (the ``spark`` extra).
"""

from __future__ import annotations

import json
import logging
import os
import sys
from collections.abc import Iterable, Iterator
from hashlib import sha1
from pathlib import Path
from typing import Any

from unspin.core.errors import UnspinError
from unspin.index.store.postings import SENT_BITS
from unspin.scan.pages import FileResult, local_file, read_pages
from unspin.scan.reference import export_snapshot
from unspin.scan.stages import (
    MIN_SHARED,
    SHORTLIST,
    TRACE_BATCH,
    fingerprint_keys,
    trace_pages,
)
from unspin.scan.tables import BAND_MAX_SITES, schema, site_row

__all__ = ["run_spark", "spark_session", "summarise_spark"]


def spark_session(master: str | None = None) -> Any:
    """The active session, or a new one: ``master`` if given, else what spark-submit set, else
    ``local[*]`` (with the UI and progress bars off and logs at ERROR)."""
    try:
        from pyspark.sql import SparkSession
    except ImportError as err:
        raise UnspinError(
            "--engine spark needs PySpark and Java 17: pip install 'unspin[spark]'"
        ) from err
    active = SparkSession.getActiveSession()
    if active is not None:  # a notebook's (Databricks) or the caller's session: used as it is
        return active
    builder = SparkSession.builder.appName("unspin scan")
    submitted = "PYSPARK_SUBMIT_ARGS" in os.environ or "SPARK_ENV_LOADED" in os.environ
    if master or not submitted:
        builder = builder.master(master or "local[*]")
    if not submitted:
        # a local run: executors are Python workers of this interpreter (same venv)
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        builder = (
            builder.config("spark.ui.enabled", "false")
            .config("spark.ui.showConsoleProgress", "false")
            .config("spark.sql.shuffle.partitions", str(max(4, 2 * (os.cpu_count() or 1))))
            .config("spark.driver.memory", os.environ.get("UNSPIN_SPARK_DRIVER_MEMORY", "2g"))
        )
    spark = builder.getOrCreate()
    if not submitted:
        spark.sparkContext.setLogLevel("ERROR")
    return spark


def run_spark(
    files: list[str], db: str, outdir: Path, file_done: Any, options: Any
) -> dict[str, str]:
    """Scan ``files`` in batches of ``options.batch_files``; returns files given up on."""
    spark = spark_session(options.master)
    snap = export_snapshot(db, str(outdir / "_reference" / "snapshot"))
    from unspin.index.store import open_store

    store = open_store(db, readonly=True)
    config = store.config
    store.close()
    ref_keys = spark.read.parquet(snap["keys"])
    ref_articles = spark.read.parquet(snap["articles"])
    failed: dict[str, str] = {}
    size = max(1, options.batch_files)
    for start in range(0, len(files), size):
        batch = files[start : start + size]
        batch_id = sha1("\0".join(batch).encode()).hexdigest()[:16]
        try:
            counts = _run_batch(spark, batch, batch_id, ref_keys, ref_articles, config, outdir)
        except Exception as err:  # a failed job costs its batch, not the run
            for f in batch:
                failed[f] = f"spark job failed: {type(err).__name__}: {str(err)[:300]}"
            continue
        for f in batch:
            file_done(f, counts[f])
    return failed


def _run_batch(
    spark: Any,
    batch: list[str],
    batch_id: str,
    ref_keys: Any,
    ref_articles: Any,
    config: Any,
    outdir: Path,
) -> dict[str, dict[str, Any]]:
    from pyspark import StorageLevel
    from pyspark.sql import Window
    from pyspark.sql import functions as F

    sc = spark.sparkContext
    read = (
        sc.parallelize(batch, len(batch))
        .mapPartitions(lambda paths: _read_partition(paths, config))
        .persist(StorageLevel.MEMORY_AND_DISK)
    )
    try:
        counts = {
            path: json.loads(c) for kind, path, c in read.filter(lambda r: r[0] == "file").collect()
        }
        pages = spark.createDataFrame(
            read.filter(lambda r: r[0] == "page").map(lambda r: r[2]), _page_schema()
        )
        page_keys = pages.select("page_id", F.explode("keys").alias("h"))
        pairs = (
            page_keys.join(ref_keys, "h")
            .select("page_id", F.shiftright("p", SENT_BITS).alias("doc"), "h")
            .distinct()
            .groupBy("page_id", "doc")
            .agg(F.count("h").alias("shared"))
            .where(F.col("shared") >= MIN_SHARED)
        )
        best = Window.partitionBy("page_id").orderBy(F.desc("shared"), F.asc("doc"))
        short = pairs.withColumn("n", F.row_number().over(best)).where(F.col("n") <= SHORTLIST)
        columns = ["id", "group", "key", "url", "site", "title", "byline", "published", "text"]
        refs = (
            short.join(ref_articles, short.doc == ref_articles.group)
            .groupBy("page_id")
            .agg(F.collect_list(F.struct(*[F.col(c) for c in columns])).alias("refs"))
        )
        # Tracing is the costly stage: spread it over enough tasks (an explicit repartition,
        # which adaptive execution keeps; it would merge a small join's output into one task).
        tasks = max(2, 4 * sc.defaultParallelism)
        joined = pages.drop("keys").join(refs, "page_id", "left").repartition(tasks, "page_id")
        traced = joined.rdd.mapPartitions(lambda rows: _trace_partition(rows, config)).persist(
            StorageLevel.MEMORY_AND_DISK
        )
        try:
            # Trace every page now, in parallel, into the cache: the writes below coalesce to
            # a few files, and a coalesce would otherwise run the tracing in that many tasks.
            errors = traced.filter(lambda r: r[0] == "e").map(lambda r: r[1]["file"]).countByValue()
            for path, n in errors.items():  # as the local engine counts them
                counts[path]["pages"] -= n
                counts[path]["skipped"]["trace_error"] = (
                    counts[path]["skipped"].get("trace_error", 0) + n
                )
            for name, tag in (("spun_lines", "l"), ("matches", "m")):
                df = spark.createDataFrame(
                    traced.filter(lambda r, t=tag: r[0] == t).map(lambda r: r[1]),
                    _spark_schema(schema(name)),
                )
                df.coalesce(max(1, len(batch) // 4)).write.mode("overwrite").parquet(
                    str(outdir / name / f"batch={batch_id}")
                )
        finally:
            traced.unpersist()
    finally:
        read.unpersist()
    return counts


def _read_partition(paths: Iterable[str], config: Any) -> Iterator[tuple[Any, ...]]:
    logging.getLogger("unspin.index").setLevel(logging.ERROR)  # skips are counted instead
    for path in paths:
        result = FileResult(path)
        with local_file(path) as local:  # a remote object is fetched by the executor
            for page in read_pages(local, result, name=path):
                page["keys"] = fingerprint_keys(page["text"], config)
                yield ("page", page["page_id"], page)
        yield (
            "file",
            path,
            json.dumps(
                {
                    "pages": result.read,
                    "skipped": dict(result.skipped),
                    "other_records": result.other_records,
                }
            ),
        )


def _trace_partition(rows: Iterable[Any], config: Any) -> Iterator[tuple[str, dict[str, Any]]]:
    chunk: list[tuple[dict[str, Any], list[dict[str, Any]]]] = []
    for r in rows:
        page = r.asDict()
        refs = [x.asDict() for x in (page.pop("refs") or [])]
        chunk.append((page, refs))
        if len(chunk) >= TRACE_BATCH:
            yield from _trace_chunk(chunk, config)
            chunk = []
    yield from _trace_chunk(chunk, config)


def _trace_chunk(
    chunk: list[tuple[dict[str, Any], list[dict[str, Any]]]], config: Any
) -> Iterator[tuple[str, dict[str, Any]]]:
    for (page, _), traced in zip(chunk, trace_pages(chunk, config), strict=True):
        if isinstance(traced, Exception):  # the same page fails the same way locally
            yield ("e", {"page_id": page["page_id"], "file": page["file"]})
            continue
        yield ("m", traced[0])
        for line in traced[1]:
            yield ("l", line)


def _page_schema() -> Any:
    from pyspark.sql import types as T

    s = T.StringType()
    return T.StructType(
        [
            T.StructField("page_id", s, False),
            T.StructField("file", s, False),
            T.StructField("url", s),
            T.StructField("site", s),
            T.StructField("title", s),
            T.StructField("byline", s),
            T.StructField("published", s),
            T.StructField("text", s, False),
            T.StructField("words", T.IntegerType(), False),
            T.StructField("keys", T.ArrayType(T.LongType(), False), False),
        ]
    )


def _spark_schema(arrow_schema: Any) -> Any:
    """Spark's schema for one of our Arrow schemas (the few types the tables use)."""
    import pyarrow as pa
    from pyspark.sql import types as T

    simple = {
        pa.string(): T.StringType(),
        pa.int32(): T.IntegerType(),
        pa.int64(): T.LongType(),
        pa.float64(): T.DoubleType(),
        pa.bool_(): T.BooleanType(),
        pa.date32(): T.DateType(),
    }

    def convert(t: Any) -> Any:
        if pa.types.is_list(t):
            return T.ArrayType(convert(t.value_type))
        return simple[t]

    return T.StructType([T.StructField(f.name, convert(f.type)) for f in arrow_schema])


def summarise_spark(
    outdir: Path, options: Any
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Per-site rows (site_row in the executors) and the lines that share an LSH band with a
    line of another site (the candidates ``tables.networks`` compares)."""
    from pyspark.sql import functions as F

    spark = spark_session(options.master)
    matches_dir = outdir / "matches"
    if not matches_dir.exists():
        return [], []
    matches = spark.read.schema(_spark_schema(schema("matches"))).parquet(
        *[str(p) for p in sorted(matches_dir.glob("batch=*"))]
    )
    site_rows = (
        matches.where(F.col("site").isNotNull())
        .rdd.map(lambda r: (r["site"], r.asDict()))
        .groupByKey()
        .map(lambda kv: site_row(kv[0], kv[1]))
        .collect()
    )
    lines_dirs = sorted((outdir / "spun_lines").glob("batch=*"))
    if not lines_dirs:
        return site_rows, []
    lines = (
        spark.read.schema(_spark_schema(schema("spun_lines")))
        .parquet(*[str(p) for p in lines_dirs])
        .where(F.col("site").isNotNull())
    )
    # lines sharing an LSH band with a line of another site: the near-duplicate candidates
    bands = lines.select("page_id", "line", "site", F.explode("bands").alias("band"))
    spread = (
        bands.groupBy("band")
        .agg(F.countDistinct("site").alias("n_sites"))
        .where((F.col("n_sites") >= 2) & (F.col("n_sites") <= BAND_MAX_SITES))
    )
    keep = bands.join(spread, "band", "left_semi").select("page_id", "line").distinct()
    shared = lines.join(keep, ["page_id", "line"], "left_semi")
    return site_rows, [r.asDict(recursive=True) for r in shared.collect()]
