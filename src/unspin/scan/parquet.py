"""The scan's tables on disk: Parquet folders written atomically and read back whole.

Both the run (summary tables) and the local engine's workers (one batch per input file) write
through here, so neither needs the other.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

from unspin.scan.tables import schema


def read_table(folder: Path, name: str) -> list[dict[str, Any]]:
    """Every row of a table folder (all batches), as dicts; empty when there is none yet."""
    import pyarrow.dataset as ds

    if not folder.exists():
        return []
    data = ds.dataset(str(folder), format="parquet", schema=schema(name), partitioning=None)
    rows: list[dict[str, Any]] = data.to_table().to_pylist()
    return rows


def write_part(folder: Path, batch: str, rows: list[dict[str, Any]], name: str) -> None:
    """Write one batch of a table atomically (a folder renamed into place)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    target = folder / f"batch={batch}"
    tmp = folder / f".tmp-batch={batch}-{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    pq.write_table(pa.Table.from_pylist(rows, schema=schema(name)), tmp / "part-0.parquet")
    shutil.rmtree(target, ignore_errors=True)
    os.replace(tmp, target)


def write_table(folder: Path, rows: list[dict[str, Any]], name: str) -> None:
    """Replace a whole single-part table (``sites``, ``networks``) atomically."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    tmp = folder.with_name(f".tmp-{folder.name}")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    pq.write_table(pa.Table.from_pylist(rows, schema=schema(name)), tmp / "part-0.parquet")
    shutil.rmtree(folder, ignore_errors=True)
    os.replace(tmp, folder)
