"""The record columns of metrics: `RecordColumns` lives in the shared `govservice._columns`.

Supervision reads case records the same way, so the reader is shared machinery; this module
keeps the metrics modules' imports short.
"""

from govservice._columns import NAT, RecordColumns, _kind_of, pandas

__all__ = ["NAT", "RecordColumns", "_kind_of", "pandas"]
