"""CSV export of a step table: every column at full float64 precision, so a spreadsheet sees what the page saw.

`sample_table_csv` writes one line per row (sample); `class_table_csv` one
line per (row, class).  Headers are the columns' machine names
(`Column.key`), values ``repr`` of each float64 (which reads back exactly),
and a cell that does not apply (NaN) is left empty.
"""

from __future__ import annotations

import csv
import io

import numpy as np

from .table import Steps


def _csv_cell(v: float, integer: bool) -> str:
    if np.isnan(v):
        return ""
    return str(int(v)) if integer else repr(float(v))


def sample_table_csv(steps: Steps) -> str:
    """The per-row step table as CSV: one line per row, full float64 precision (``repr``); '' where n/a."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    cols = steps.sample_columns
    writer.writerow(["row", *(c.key for c in cols)])
    values = [c.values for c in cols]
    for i in range(steps.n_samples):
        writer.writerow([i + 1, *(_csv_cell(float(v[i]), c.integer) for v, c in zip(values, cols, strict=True))])
    return buf.getvalue()


def class_table_csv(steps: Steps) -> str:
    """The per-class step table as CSV in long form: one line per (row, class)."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    cols = steps.class_columns
    writer.writerow(["row", "class", *(c.key for c in cols)])
    values = [c.values for c in cols]
    for i in range(steps.n_samples):
        for j in range(steps.n_classes):
            writer.writerow(
                [i + 1, j, *(_csv_cell(float(v[i, j]), c.integer) for v, c in zip(values, cols, strict=True))]
            )
    return buf.getvalue()
