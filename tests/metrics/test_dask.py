from __future__ import annotations

import datetime as dt

import dask.dataframe as dd
import pandas as pd
from distributed import Client, LocalCluster

from govservice.calendar import china
from govservice.matters import sample_catalog
from govservice.metrics import compute_indicators, simulate


def test_dask_on_a_two_worker_local_cluster_equals_one_machine() -> None:
    records = simulate(sample_catalog(), china(), dt.date(2025, 2, 24), dt.date(2025, 3, 14),
                       seed=3, cases_per_day=150)  # fmt: skip
    expected = compute_indicators(records, by=("department",), period="week", calendar=china())
    frame = dd.from_pandas(records, npartitions=5)
    # dashboard_address=None still binds the scheduler's HTTP server to 8787 and fails when a
    # Jupyter or Dask dashboard holds it; port 0 asks the OS for a free one.
    with (
        LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                     dashboard_address="127.0.0.1:0") as cluster,
        Client(cluster),
    ):  # fmt: skip
        assert len(cluster.workers) == 2
        got = compute_indicators(frame, by=("department",), period="week", calendar=china())
    pd.testing.assert_frame_equal(got, expected)
