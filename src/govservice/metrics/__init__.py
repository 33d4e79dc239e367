"""govservice.metrics: case records and efficiency indicators, from one case to a province.

Needs pandas (``pip install "govservice[metrics]"``); Dask input needs ``govservice[dask]``.
Monitoring, irregularities, scoring and the monthly report live in `govservice.supervision`;
their names stay importable from here.

- `RECORD_COLUMNS`: the columnar schema of case records, one row per case;
  `records_from_cases` builds records from `govservice.matters.Case` objects and
  `check_records` reports missing or inconsistent records with counts and examples.
- `simulate`: seeded, deterministic records of a center, with injected irregular cases.
- `INDICATORS`: every indicator with its formula and source; `compute_indicators` computes
  them per group and period from pandas, polars or Dask DataFrames, Arrow tables or mappings
  of numpy arrays, through additive `partials` that `merge_partials` merges exactly.

Examples:
    >>> import datetime as dt
    >>> from govservice.calendar import china
    >>> from govservice.matters import sample_catalog
    >>> from govservice.metrics import simulate, compute_indicators
    >>> records = simulate(sample_catalog(), china(), dt.date(2025, 3, 3), dt.date(2025, 3, 7),
    ...                    seed=1, cases_per_day=100)
    >>> table = compute_indicators(records, by=("center",), period="week", calendar=china())
    >>> table["period"].tolist()
    ['2025-W10']
"""

from govservice._irregularity import Irregularity
from govservice.metrics._feedback import (
    FEEDBACK_COLUMNS,
    feedback_columns,
    feedback_fields,
    rollup_indicators,
    with_feedback,
)
from govservice.metrics._indicators import (
    INDICATORS,
    PERIOD_BASES,
    PERIODS,
    Form,
    Indicator,
    Measure,
    Partials,
    compute_indicators,
    indicators_from_partials,
    merge_partials,
    partials,
)
from govservice.metrics._read import HEADER_ALIASES, VALUE_LABELS, read_records
from govservice.metrics._records import (
    ACCEPTED_IN,
    CHANNELS,
    LIFECYCLE_COLUMNS,
    OUTCOMES,
    RECORD_COLUMNS,
    RecordCheck,
    RecordColumn,
    check_records,
    frame_from_rows,
    records_from_cases,
)
from govservice.metrics._simulate import DEFAULT_IRREGULAR, IRREGULARITIES, simulate
from govservice.metrics._table import RecordColumns

# Monitoring, irregularities, scoring and the monthly report live in govservice.supervision;
# the names stay importable from here.
from govservice.supervision import (
    IRREGULARITY_RULES,
    METHODS,
    NODES,
    STATUSES,
    IrregularityRule,
    IrregularitySettings,
    Monitoring,
    MonthlyReport,
    ScoreRule,
    ScoringScheme,
    Thresholds,
    competition_rank,
    county_monthly_scheme,
    find_irregularities,
    fuyang_dynamic_scheme,
    load_scheme,
    monitor,
    monthly_report,
    status_name,
)

__all__ = [
    "ACCEPTED_IN",
    "CHANNELS",
    "DEFAULT_IRREGULAR",
    "FEEDBACK_COLUMNS",
    "HEADER_ALIASES",
    "INDICATORS",
    "IRREGULARITIES",
    "IRREGULARITY_RULES",
    "LIFECYCLE_COLUMNS",
    "METHODS",
    "NODES",
    "OUTCOMES",
    "PERIODS",
    "PERIOD_BASES",
    "RECORD_COLUMNS",
    "STATUSES",
    "VALUE_LABELS",
    "Form",
    "Indicator",
    "Irregularity",
    "IrregularityRule",
    "IrregularitySettings",
    "Measure",
    "Monitoring",
    "MonthlyReport",
    "Partials",
    "RecordCheck",
    "RecordColumn",
    "RecordColumns",
    "ScoreRule",
    "ScoringScheme",
    "Thresholds",
    "check_records",
    "competition_rank",
    "compute_indicators",
    "county_monthly_scheme",
    "feedback_columns",
    "feedback_fields",
    "find_irregularities",
    "frame_from_rows",
    "fuyang_dynamic_scheme",
    "indicators_from_partials",
    "load_scheme",
    "merge_partials",
    "monitor",
    "monthly_report",
    "partials",
    "read_records",
    "records_from_cases",
    "rollup_indicators",
    "simulate",
    "status_name",
    "with_feedback",
]
