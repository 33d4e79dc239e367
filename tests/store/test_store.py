from __future__ import annotations

import datetime as dt
import json
import sqlite3
import tempfile
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import govservice
from govservice import (
    CaseNotFoundError,
    ConcurrencyError,
    InvalidValueError,
    StoreError,
    TraceIntegrityError,
)
from govservice.approval import construction_project_plan
from govservice.calendar import WorkCalendar, china
from govservice.matters import Case, Trace, TraceEvent
from govservice.metrics import records_from_cases
from govservice.store import SCHEMA_VERSION, CaseStore, Progress, open_store
from govservice.testing import case_histories

from .conftest import accepted_case, at, records_of
from .test_parallel_rows import delivered


def _count(store: CaseStore, table: str) -> int:
    return int(store._read("count", f"SELECT count(*) FROM {table}")[0][0])


# -- add, save, get ----------------------------------------------------------------------------


def test_added_case_comes_back_replayed_and_equal(store: CaseStore) -> None:
    case = accepted_case("C-1").review(at=at(4), by="审核员")
    store.add(case)
    again = store.get("C-1")
    assert again == case
    assert again.trace.head == store.row("C-1").head
    assert "C-1" in store
    assert len(store) == 1
    assert _count(store, "events") == 3


def test_parallel_case_is_stored_like_a_case(store: CaseStore, calendar: WorkCalendar) -> None:
    case = construction_project_plan().open("P-1", dt.date(2025, 3, 3), calendar=calendar)
    store.add(case)
    step = case.plan.order[0]
    decided = case.decide(step, "approved", at=at(4, 10), by="王")
    store.save(decided)
    assert store.get("P-1") == decided
    row = store.row("P-1")
    assert row.schema.startswith("govservice.parallel_case/")
    assert row.events == 2
    assert row.state == "open"


def test_save_appends_only_new_events_and_updates_the_state_row(store: CaseStore) -> None:
    case = accepted_case("C-1")
    store.add(case)
    later = case.review(at=at(4), by="审核员").approve(at=at(5), by="科长")
    store.save(later)
    assert _count(store, "events") == 4
    row = store.row("C-1")
    assert (row.state, row.events, row.head) == ("approved", 4, later.trace.head)
    store.save(later)  # unchanged: nothing written
    assert _count(store, "events") == 4


def test_saves_one_act_at_a_time_move_the_indexed_columns_with_the_state(
    store: CaseStore,
) -> None:
    case = accepted_case("C-1")
    store.add(case)
    for act in (
        lambda c: c.review(at=at(4), by="审"),
        lambda c: c.approve(at=at(4, 10), by="科长"),
        lambda c: c.complete(at=at(4, 15), by="综合窗口"),
    ):
        case = act(case)
        store.save(case)
        row = store.row("C-1")
        assert (row.state, row.decided_at, row.ended_at) == (
            case.state.value,
            case.decided_at,
            case.ended_at,
        )
    assert store.row("C-1").ended_at is not None
    assert [r.case_id for r in store.open_cases(dt.date(2025, 3, 5))] == []
    assert [r.case_id for r in store.open_cases(dt.date(2025, 3, 3))] == ["C-1"]
    assert store.verify().ok


@settings(max_examples=25)
@given(case=case_histories(max_actions=10), turns=st.lists(st.booleans(), min_size=24))
def test_saving_act_by_act_writes_the_rows_of_adding_the_whole_case(
    case: Case, turns: list[bool]
) -> None:
    """Each prefix of a random history saved in turn gives the rows the whole case gives.

    The saves write the indexed columns only where they changed and the packed record only
    where a record field changed (SQLite); every table must still equal the one-write store.
    Two store objects on one file take the saves in turns, some from a base head (as the
    service saves), so each save finds what it last wrote current, or moved on by the other.
    """
    from govservice.store._rows import document, load_case, schema_of

    schema = schema_of(case)
    bodies = [(e.body, e.hash) for e in case.trace.events]
    prefixes = [
        load_case(schema, document(schema, case.case_id, bodies[:k]), calendar=china())
        for k in range(1, len(bodies) + 1)
    ]
    with tempfile.TemporaryDirectory() as directory:
        url = f"sqlite:///{directory}/cases.db"
        with (
            open_store(url, calendar=china()) as first,
            open_store(url, calendar=china()) as second,
            open_store("sqlite:///:memory:", calendar=china()) as whole,
        ):
            for k, (prefix, turn) in enumerate(zip(prefixes, turns, strict=False)):
                stepwise = first if turn else second
                if k and turns[-k]:
                    stepwise.save(prefix, base=prefixes[k - 1].trace.head)
                else:
                    stepwise.save(prefix)
            whole.add(case)
            for table in ("events", "cases", "case_records"):
                sql = f"SELECT * FROM {table} ORDER BY 1, 2"
                assert first._read("t", sql) == whole._read("t", sql), table
            assert first.verify().ok


def test_two_clerks_the_second_gets_concurrency_error_and_nothing_is_lost(
    store: CaseStore,
) -> None:
    store.add(accepted_case("C-1"))
    clerk_a, clerk_b = store.get("C-1"), store.get("C-1")
    approved = clerk_a.review(at=at(4), by="甲").approve(at=at(4, 10), by="科长")
    store.save(approved)
    denied = clerk_b.review(at=at(4, 11), by="乙").deny(at=at(4, 12), by="科长", reason="不符")
    with pytest.raises(ConcurrencyError) as info:
        store.save(denied)
    err = info.value
    assert err.case_id == "C-1"
    assert err.expected_head == clerk_b.trace.head
    assert err.stored_head == approved.trace.head
    assert store.get("C-1") == approved  # the approval did not vanish
    assert _count(store, "events") == 4
    # the pattern: reload, act again, save again
    fresh = store.get("C-1").close(at=at(5), by="窗口1")
    store.save(fresh)
    assert store.row("C-1").state == "completed"


def test_a_save_from_a_base_head_lands_only_on_that_head(store: CaseStore) -> None:
    """``save(case, base=head)``: the events after ``head`` land only if ``head`` is stored;
    the same change saved twice from one base is a conflict the second time, not a no-op."""
    store.add(accepted_case("C-1"))
    start = store.get("C-1")
    base = start.trace.head
    reviewed = start.review(at=at(4), by="甲")
    store.save(reviewed, base=base)
    assert store.row("C-1").head == reviewed.trace.head
    with pytest.raises(ConcurrencyError) as info:
        store.save(reviewed, base=base)  # the very same events, sent again on the old head
    assert (info.value.expected_head, info.value.stored_head) == (base, reviewed.trace.head)
    other = start.review(at=at(4, 10), by="乙")
    with pytest.raises(ConcurrencyError):
        store.save(other, base=base)
    assert store.get("C-1") == reviewed
    assert _count(store, "events") == 3
    store.save(reviewed, base=reviewed.trace.head)  # nothing after the base, and it is current
    with pytest.raises(InvalidValueError, match="base"):
        store.save(reviewed, base="0" * 64)


def test_adding_an_existing_id_is_refused_and_changes_nothing(store: CaseStore) -> None:
    case = accepted_case("C-1")
    store.add(case)
    with pytest.raises(InvalidValueError, match="an id not yet in the store"):
        store.add(accepted_case("C-1", day=4))
    assert store.get("C-1") == case


def test_a_trace_that_does_not_verify_is_refused(store: CaseStore) -> None:
    case = accepted_case("C-1")
    events = case.trace.events
    forged = Trace(
        (events[0], TraceEvent(events[1].body.replace("窗口1", "窗口2"), events[1].hash))
    )
    with pytest.raises(TraceIntegrityError):
        store.add(_with_trace(case, forged))
    assert len(store) == 0
    assert _count(store, "events") == 0


def _with_trace(case: Case, trace: Trace) -> Case:
    import attrs

    return attrs.evolve(case, trace=trace)


def test_a_trace_from_another_case_is_refused(store: CaseStore) -> None:
    import attrs

    other = accepted_case("C-2")
    stolen = attrs.evolve(accepted_case("C-1"), trace=other.trace)
    with pytest.raises(InvalidValueError, match="the trace of case 'C-1'"):
        store.add(stolen)
    assert len(store) == 0


def test_saving_another_cases_trace_onto_a_stored_case_is_refused_as_such(
    store: CaseStore,
) -> None:
    """Not a `ConcurrencyError` (which tells the clerk to reload and act again): the trace
    is not this case's at all; nothing is written."""
    import attrs

    store.add(accepted_case("C-1"))
    head = store.row("C-1").head
    other = accepted_case("C-2")
    longer = other.review(at=at(4), by="审").approve(at=at(5), by="科长")
    for trace in (other.trace, longer.trace):
        attempt = attrs.evolve(accepted_case("C-1"), trace=trace)
        with pytest.raises(InvalidValueError, match="the trace of case 'C-1'"):
            store.save(attempt)
        with pytest.raises(InvalidValueError, match="the trace of case 'C-1'"):
            store.save_many([attempt])
    assert (store.row("C-1").head, _count(store, "events")) == (head, 2)


def test_a_value_that_is_not_a_case_is_refused(store: CaseStore) -> None:
    with pytest.raises(InvalidValueError, match="a Case or a ParallelCase"):
        store.add("C-1")  # type: ignore[arg-type]


def test_getting_an_unknown_case_names_it(store: CaseStore) -> None:
    with pytest.raises(CaseNotFoundError, match="C-404") as info:
        store.get("C-404")
    assert isinstance(info.value, LookupError)


def test_a_closed_store_refuses_every_call(store_url: str, calendar: WorkCalendar) -> None:
    store = open_store(store_url, calendar=calendar)
    store.close()
    store.close()
    with pytest.raises(StoreError, match="is closed"):
        store.add(accepted_case("C-1"))
    with pytest.raises(StoreError, match="is closed"):
        store.overdue(dt.date(2025, 3, 3))


def test_edited_events_are_caught_by_get(store: CaseStore) -> None:
    store.add(accepted_case("C-1"))
    db = store._open("test")
    with db.transaction("tamper"):
        db.execute("UPDATE events SET body = replace(body, '窗口1', '窗口9') WHERE seq = 1")
    with pytest.raises(TraceIntegrityError):
        store.get("C-1")


# -- bad inputs and URLs -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    ["", "mysql://x/y", "sqlite://relative.db", "sqlite:///x.db?journal=off", 42,
     "sqlite:///c%00.db"],
)  # fmt: skip
def test_bad_urls_are_refused(url: object, calendar: WorkCalendar) -> None:
    with pytest.raises(InvalidValueError, match="url"):
        open_store(url, calendar=calendar)  # type: ignore[arg-type]


def test_a_postgresql_database_without_a_store_is_a_usage_error_and_gets_no_tables(
    capsys: pytest.CaptureFixture[str], postgres_url: str
) -> None:
    """`govservice case ...` other than submit and import on a database with no store: before,
    the database got the store's tables and `case verify` reported an empty store as fine."""
    import psycopg

    from govservice.cli import main

    from ..cli.test_store_cli import _READING

    with psycopg.connect(postgres_url, autocommit=True) as conn:
        conn.execute("DROP TABLE IF EXISTS events, cases, case_records, govservice_schema")
    for command in _READING:
        code = main([*command, "--store", postgres_url])
        err = capsys.readouterr().err
        assert code == 2, command
        assert "holds no case store" in err
    with psycopg.connect(postgres_url, autocommit=True) as conn:
        assert conn.execute("SELECT to_regclass('govservice_schema')").fetchone() == (None,)


@pytest.mark.parametrize("timeout", ["-1", "nan", "inf"])
def test_a_timeout_that_is_no_number_of_seconds_is_refused(
    timeout: str, calendar: WorkCalendar, tmp_path: Path
) -> None:
    with pytest.raises(InvalidValueError, match="timeout"):
        open_store(f"sqlite:///{tmp_path}/c.db?timeout={timeout}", calendar=calendar)
    assert not (tmp_path / "c.db").exists()


def test_the_calendar_is_required(tmp_path: Path) -> None:
    with pytest.raises(InvalidValueError, match="calendar"):
        open_store(f"sqlite:///{tmp_path}/c.db", calendar=None)  # type: ignore[arg-type]


def test_a_file_that_is_not_a_database_is_a_store_error(
    tmp_path: Path, calendar: WorkCalendar
) -> None:
    path = tmp_path / "notes.db"
    path.write_bytes(b"this is not a database, only some text " * 200)
    with pytest.raises(StoreError, match="SQLite said"):
        open_store(f"sqlite:///{path}", calendar=calendar)


def test_a_read_only_database_refuses_writes_and_keeps_its_data(
    tmp_path: Path, calendar: WorkCalendar
) -> None:
    url = f"sqlite:///{tmp_path}/c.db"
    with open_store(url, calendar=calendar) as store:
        store.add(accepted_case("C-1"))
    with open_store(url + "?mode=ro", calendar=calendar) as reader:
        assert reader.get("C-1").state.value == "accepted"
        with pytest.raises(StoreError, match="readonly") as info:
            reader.save(reader.get("C-1").review(at=at(4), by="x"))
        assert info.value.case_id == "C-1"
    with open_store(url, calendar=calendar) as store:
        assert store.row("C-1").events == 2


def test_a_missing_directory_is_a_store_error(calendar: WorkCalendar, tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no directory"):
        open_store(f"sqlite:///{tmp_path}/nowhere/c.db", calendar=calendar)


@pytest.mark.parametrize(
    ("name", "value"),
    [("today", "2025-03-03"), ("today", dt.datetime(2025, 3, 3, tzinfo=dt.UTC))],
)
def test_queries_need_a_date(store: CaseStore, name: str, value: object) -> None:
    with pytest.raises(InvalidValueError, match=name):
        store.overdue(value)  # type: ignore[arg-type]


def test_paging_and_due_arguments_are_checked(store: CaseStore) -> None:
    today = dt.date(2025, 3, 3)
    with pytest.raises(InvalidValueError, match="limit"):
        store.open_cases(today, limit=0)
    with pytest.raises(InvalidValueError, match="offset"):
        store.open_cases(today, offset=-1)
    with pytest.raises(InvalidValueError, match="due"):
        store.overdue(today, due="soon")  # type: ignore[arg-type]
    with pytest.raises(InvalidValueError, match="working_days"):
        store.due_within(today, -1)
    with pytest.raises(InvalidValueError, match="department"):
        store.open_cases(today, department=3)  # type: ignore[arg-type]


# -- queries ---------------------------------------------------------------------------------------


def _fill(store: CaseStore) -> None:
    store.add(accepted_case("C-1", 3, by="窗口1"))  # committed due 2025-03-10
    store.add(accepted_case("C-2", 5, by="窗口2"))  # due 2025-03-12
    done = accepted_case("C-3", 3).review(at=at(4), by="审").approve(at=at(4, 10), by="科长")
    store.add(done.close(at=at(11), by="窗口1"))  # ended on 2025-03-11
    suspended = accepted_case("C-4", 3).suspend(at=at(4), by="审", reason="检测")
    store.add(suspended)


def test_open_cases_on_a_day_include_cases_ended_after_it(store: CaseStore) -> None:
    _fill(store)
    assert [r.case_id for r in store.open_cases(dt.date(2025, 3, 10))] == [
        "C-1", "C-3", "C-4", "C-2"
    ]  # fmt: skip
    assert [r.case_id for r in store.open_cases(dt.date(2025, 3, 11))] == ["C-1", "C-4", "C-2"]
    assert [r.case_id for r in store.open_cases(dt.date(2025, 3, 4))] == ["C-1", "C-3", "C-4"]


def test_overdue_lists_open_cases_past_their_due_date(store: CaseStore) -> None:
    _fill(store)
    assert [r.case_id for r in store.overdue(dt.date(2025, 3, 10))] == []
    assert [r.case_id for r in store.overdue(dt.date(2025, 3, 11))] == ["C-1"]  # C-3 closed
    assert [r.case_id for r in store.overdue(dt.date(2025, 3, 13))] == ["C-1", "C-2"]
    # the statutory limit is measured at the decision: C-3 was decided on the 4th
    assert "C-3" not in [r.case_id for r in store.overdue(dt.date(2025, 6, 1), due="statutory")]


def test_due_within_counts_working_days_on_the_store_calendar(store: CaseStore) -> None:
    _fill(store)
    friday = dt.date(2025, 3, 7)
    # C-3 is open until the 11th; the weekend is skipped: one working day is Monday the 10th
    assert [r.case_id for r in store.due_within(friday, 1)] == ["C-1", "C-3"]
    assert [r.case_id for r in store.due_within(friday, 3)] == ["C-1", "C-3", "C-2"]
    assert [r.case_id for r in store.due_within(dt.date(2025, 3, 10), 0)] == ["C-1", "C-3"]
    assert [r.case_id for r in store.due_within(dt.date(2025, 3, 11), 1)] == ["C-2"]


def test_filters_and_paging(store: CaseStore) -> None:
    _fill(store)
    today = dt.date(2025, 3, 5)
    assert [r.case_id for r in store.open_cases(today, window="窗口2")] == ["C-2"]
    assert [r.case_id for r in store.open_cases(today, state="suspended")] == ["C-4"]
    assert store.open_cases(today, department="nobody").total == 0
    first = store.open_cases(today, limit=2)
    second = store.open_cases(today, limit=2, offset=2)
    assert (first.total, len(first), first.more) == (4, 2, True)
    assert (len(second), second.more) == (2, False)
    assert {r.case_id for r in (*first, *second)} == {"C-1", "C-2", "C-3", "C-4"}
    assert store.open_cases(today, offset=10).items == ()


# -- records ---------------------------------------------------------------------------------------


def test_records_equal_records_from_cases(store: CaseStore) -> None:
    _fill(store)
    cases = [store.get(f"C-{i}") for i in range(1, 5)]
    expected = records_of(cases, center="中心", extra={"C-1": {"rating": 5}})
    got = store.records(
        dt.date(2025, 3, 1), dt.date(2025, 3, 31), center="中心", extra={"C-1": {"rating": 5}}
    )
    pd.testing.assert_frame_equal(
        got.sort_values("case_id").reset_index(drop=True),
        expected.sort_values("case_id").reset_index(drop=True),
    )


def test_records_come_in_case_id_order_whatever_order_the_table_is_read_in(
    tmp_path: Path, calendar: WorkCalendar
) -> None:
    """A version-4 table (SQLite rowid order: the order cases came in) is read, then sorted."""
    from govservice.store._store import _open_at_version

    cases = [accepted_case(f"C-{n}") for n in (2, 0, 3, 1)]
    with _open_at_version(f"sqlite:///{tmp_path / 'v4.db'}", calendar=calendar, version=4) as old:
        for case in cases:
            old.add(case)
        stored = old._read("t", "SELECT case_id FROM case_records ORDER BY rowid")
        assert [r[0] for r in stored] == ["C-2", "C-0", "C-3", "C-1"]
        got = old.records(dt.date(2025, 3, 1), dt.date(2025, 3, 31))
    expected = records_of(sorted(cases, key=lambda c: c.case_id))
    pd.testing.assert_frame_equal(got, expected)


def test_records_cover_cases_open_in_the_period(store: CaseStore) -> None:
    _fill(store)
    ids = store.records(dt.date(2025, 3, 12), dt.date(2025, 3, 31))["case_id"].tolist()
    assert sorted(ids) == ["C-1", "C-2", "C-4"]  # C-3 ended on the 11th
    with pytest.raises(InvalidValueError, match="end"):
        store.records(dt.date(2025, 3, 31), dt.date(2025, 3, 1))


@settings(max_examples=25)
@given(case=case_histories(max_actions=10))
def test_any_history_round_trips_and_its_row_and_record_agree(case: Case) -> None:
    with open_store("sqlite:///:memory:", calendar=china()) as store:
        store.add(case)
        assert store.get(case.case_id) == case
        assert store.verify().ok
        got = store.records(dt.date(2000, 1, 1), dt.date(2030, 12, 31))
        expected = records_of([case], check=False)
        pd.testing.assert_frame_equal(got, expected)


@settings(max_examples=25)
@given(case=case_histories(max_actions=10))
def test_the_packed_record_is_what_its_state_row_says(case: Case) -> None:
    from govservice.store._rows import COLUMNS, packed, schema_of, state_values

    row, record = state_values(case, china(), schema=schema_of(case))
    assert record[:2] == (row[COLUMNS.index("submitted_on")], row[COLUMNS.index("ended_on")])
    assert record[2:] == packed(
        case.case_id, row
    )  # packed from the case == packed again from the row's text
    assert record[2] is not None  # every value the lifecycle writes has its code


def test_every_enum_value_of_a_record_has_a_packed_code() -> None:
    from govservice.matters import CaseKind, CenterLevel, TimelinessStatus
    from govservice.metrics import ACCEPTED_IN, CHANNELS, OUTCOMES
    from govservice.store._rows import PACKED_CODES

    assert set(PACKED_CODES["kind"]) >= {k.value for k in CaseKind}
    assert set(PACKED_CODES["level"]) >= {v.value for v in CenterLevel}
    assert set(PACKED_CODES["channel"]) >= set(CHANNELS)
    assert set(PACKED_CODES["accepted_in"]) >= set(ACCEPTED_IN)
    assert set(PACKED_CODES["outcome"]) >= set(OUTCOMES)
    for name in ("committed_timeliness", "statutory_timeliness"):
        assert set(PACKED_CODES[name]) >= {v.value for v in TimelinessStatus}


def test_verify_finds_an_edited_packed_record(store: CaseStore) -> None:
    _fill(store)
    db = store._open("test")
    with db.transaction("tamper"):
        db.execute("UPDATE case_records SET ended_on = '2025-03-04' WHERE case_id = 'C-1'")
        db.execute("DELETE FROM case_records WHERE case_id = 'C-2'")
    problems = store.verify().problems
    assert any(p.startswith("C-1 record ended_on: stored '2025-03-04'") for p in problems)
    assert any(p.startswith("C-2 record rec_num: stored None") for p in problems)


def test_verify_names_each_packed_number_that_was_edited(store: CaseStore) -> None:
    """Not the repr of a 192-byte blob: the field, what is stored, what the trace says."""
    import struct

    from govservice.store._rows import PACKED_NUMBERS

    _fill(store)
    layout = struct.Struct(f"<{len(PACKED_NUMBERS)}q")
    (blob,) = store._read("t", "SELECT rec_num FROM case_records WHERE case_id = 'C-1'")[0]
    numbers = list(layout.unpack(bytes(blob)))
    numbers[[name for name, _kind in PACKED_NUMBERS].index("visits")] = 3
    db = store._open("test")
    with db.transaction("tamper"):
        db.execute(
            "UPDATE case_records SET rec_num = ? WHERE case_id = 'C-1'", (layout.pack(*numbers),)
        )
    assert store.verify().problems == ("C-1 record rec_num visits: stored 3, the trace says 1",)


# -- verify and digest -----------------------------------------------------------------------------


def test_verify_finds_an_edited_state_row_and_an_edited_event(store: CaseStore) -> None:
    _fill(store)
    assert store.verify().ok
    db = store._open("test")
    with db.transaction("tamper"):
        db.execute("UPDATE cases SET state = 'approved' WHERE case_id = 'C-1'")
        db.execute("UPDATE events SET body = body || ' ' WHERE case_id = 'C-2' AND seq = 0")
    report = store.verify()
    assert not report.ok
    assert any(p.startswith("C-1 state: stored 'approved'") for p in report.problems)
    assert any(p.startswith("C-2 trace:") for p in report.problems)
    with pytest.raises(govservice.StoreIntegrityError, match="problems in the case store"):
        report.raise_for_problems()


def test_a_rewritten_history_no_longer_matches_the_published_digest(store: CaseStore) -> None:
    _fill(store)
    day = dt.date(2025, 3, 3)
    published = store.digest(day)
    assert [c for c, _h in published.heads] == ["C-1", "C-3", "C-4"]
    for case_id, _head in published.heads:
        assert published.proof(case_id).verify(published.root)
    assert store.digest(day) == published
    # a rewrite that keeps the chain valid: the accept re-hashed with another window
    db = store._open("test")
    case = store.get("C-1")
    from govservice.matters import canonical

    payload = case.trace.events[1].payload
    payload["by"] = "窗口9"
    forged = Trace(case.trace.events[:1]).append(payload)
    with db.transaction("tamper"):
        db.execute(
            "UPDATE events SET body = ?, hash = ? WHERE case_id = 'C-1' AND seq = 1",
            (forged.events[1].body, forged.events[1].hash),
        )
        db.execute("UPDATE cases SET head = ? WHERE case_id = 'C-1'", (forged.head,))
    assert canonical(payload)
    assert store.digest(day).root != published.root
    old_proof = published.proof("C-1")
    assert not old_proof.verify(store.digest(day).root)


def test_a_day_without_writes_has_the_empty_digest(store: CaseStore) -> None:
    from govservice.store._digest import EMPTY_ROOT

    assert store.digest(dt.date(2025, 1, 1)).root == EMPTY_ROOT
    with pytest.raises(InvalidValueError, match="case_id"):
        store.digest(dt.date(2025, 1, 1)).proof("C-1")


@given(
    heads=st.dictionaries(
        st.text(min_size=1, max_size=8),
        st.text("0123456789abcdef", min_size=64, max_size=64),
        min_size=1,
        max_size=40,
    )
)
def test_every_head_has_a_proof_and_no_other_head_passes(heads: dict[str, str]) -> None:
    from govservice.store import Digest

    digest = Digest.of(dt.date(2025, 3, 3), heads.items())
    for case_id, head in heads.items():
        proof = digest.proof(case_id)
        assert proof.head == head
        assert proof.verify(digest.root)
        forged = proof.__class__(
            proof.day, case_id, "f" * 64 if head != "f" * 64 else "e" * 64, proof.index,
            proof.path, proof.root,
        )  # fmt: skip
        assert not forged.verify()


# -- import and export -----------------------------------------------------------------------------


def test_export_then_import_gives_the_same_store(store: CaseStore, tmp_path: Path) -> None:
    _fill(store)
    seen: list[Progress] = []
    assert store.export_jsonl(tmp_path / "all.jsonl", batch=3, progress=seen.append) == 4
    assert [str(p) for p in seen] == ["3/4", "4/4"]
    with open_store(f"sqlite:///{tmp_path}/copy.db", calendar=store.calendar) as copy:
        report = copy.import_jsonl(tmp_path / "all.jsonl", batch=2)
        assert (report.added, report.total) == (4, 4)
        assert copy.import_jsonl(tmp_path / "all.jsonl").unchanged == 4
        for i in range(1, 5):
            assert copy.get(f"C-{i}") == store.get(f"C-{i}")
        assert copy.digest(dt.date(2025, 3, 3)) == store.digest(dt.date(2025, 3, 3))


def test_import_extends_stored_cases(store: CaseStore) -> None:
    short = accepted_case("C-1")
    store.add(short)
    longer = short.review(at=at(4), by="审")
    report = store.import_jsonl([longer.to_json()])
    assert (report.added, report.extended) == (0, 1)
    assert store.get("C-1") == longer


def test_a_bad_line_names_itself_and_keeps_earlier_batches(store: CaseStore) -> None:
    lines = [accepted_case(f"C-{i}").to_json() for i in range(1, 6)]
    broken = json.loads(lines[3])
    broken["events"][1]["body"] = broken["events"][1]["body"].replace("窗口1", "窗口2")
    lines[3] = json.dumps(broken, ensure_ascii=False)
    with pytest.raises(TraceIntegrityError) as info:
        store.import_jsonl(lines, batch=2)
    assert "while importing line 4" in info.value.__notes__
    assert sorted(r.case_id for r in store.open_cases(dt.date(2025, 3, 4))) == ["C-1", "C-2"]


def test_import_refuses_an_edited_trace_or_one_moved_to_another_case(store: CaseStore) -> None:
    good = accepted_case("C-1").to_json()
    doc = json.loads(accepted_case("C-2").to_json())
    doc["events"][1]["body"] = doc["events"][1]["body"].replace("窗口1", "窗口9")
    with pytest.raises(TraceIntegrityError):
        store.import_jsonl([good, json.dumps(doc, ensure_ascii=False)])
    moved = json.loads(accepted_case("C-3").to_json())
    moved["case_id"] = "C-4"  # the chain's genesis binds the case id it was written for
    with pytest.raises(TraceIntegrityError):
        store.import_jsonl([json.dumps(moved, ensure_ascii=False)])
    assert len(store) == 0  # the batch with the bad line is rolled back whole


def test_import_refuses_what_is_not_lines(store: CaseStore) -> None:
    with pytest.raises(InvalidValueError, match="source"):
        store.import_jsonl(42)  # type: ignore[arg-type]
    with pytest.raises(InvalidValueError, match="text") as info:
        store.import_jsonl(["not json"])
    assert "while importing line 1" in info.value.__notes__


def test_import_of_a_file_that_is_missing_or_not_utf8_is_refused_whole(
    store: CaseStore, tmp_path: Path
) -> None:
    with pytest.raises(InvalidValueError, match="readable file"):
        store.import_jsonl(tmp_path / "无.jsonl")
    lines = [accepted_case(f"C-{i}").to_json() for i in range(1, 4)]
    gbk = tmp_path / "gbk.jsonl"  # a JSON lines file saved again by a Windows editor as GBK
    gbk.write_bytes("\n".join(lines).encode("gb18030"))
    with pytest.raises(InvalidValueError, match="not UTF-8"):
        store.import_jsonl(gbk)
    assert len(store) == 0  # nothing half-written


def test_import_of_a_file_saved_with_a_byte_order_mark(store: CaseStore, tmp_path: Path) -> None:
    """Notepad saves UTF-8 with a byte-order mark: it is not part of line 1's JSON."""
    lines = [accepted_case(f"C-{i}").to_json() for i in range(1, 4)]
    marked = tmp_path / "记事本.jsonl"
    marked.write_bytes(("\r\n".join(lines) + "\r\n").encode("utf-8-sig"))
    assert store.import_jsonl(marked).added == 3
    assert store.import_jsonl(marked).unchanged == 3


def test_an_export_that_cannot_be_written_names_the_file_asked_for(
    store: CaseStore, tmp_path: Path
) -> None:
    store.add(accepted_case("C-1"))
    for target in (tmp_path, tmp_path / "无此目录" / "备份.jsonl"):
        with pytest.raises(OSError, match="directory") as info:
            store.export_jsonl(target)
        assert info.value.filename == str(target)  # not the temporary file beside it
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


# -- recalendar ------------------------------------------------------------------------------------


def test_recalendar_moves_open_cases_and_reports_the_moves(
    store: CaseStore, calendar: WorkCalendar
) -> None:
    store.add(accepted_case("C-1", 3))  # due 2025-03-10
    store.add(accepted_case("C-2", 5))  # due 2025-03-12
    withdrawn = Case.submit(
        accepted_case("C-3").matter, case_id="C-3", applicant="李四", at=at(3), calendar=calendar
    )
    store.add(withdrawn.withdraw(at=at(4), by="李四"))  # never accepted: no due dates
    closed = calendar.with_closures(dt.date(2025, 3, 6), dt.date(2025, 3, 7), "停电闭馆")
    seen: list[Progress] = []
    report = store.recalendar(closed, at=at(5, 17), by="管理员", progress=seen.append)
    assert report.recalendared == ("C-1", "C-2")  # C-3 ended
    assert [str(p) for p in seen] == ["1/2", "2/2"]
    moves = {(m.case_id, m.field): (m.old, m.new) for m in report.moved}
    assert moves[("C-1", "due_date")] == (dt.date(2025, 3, 10), dt.date(2025, 3, 12))
    assert moves[("C-2", "due_date")] == (dt.date(2025, 3, 12), dt.date(2025, 3, 14))
    assert store.row("C-1").due_date == dt.date(2025, 3, 12)
    assert store.calendar is closed
    assert store.get("C-2").due_date == dt.date(2025, 3, 14)
    assert [r.case_id for r in store.overdue(dt.date(2025, 3, 13))] == ["C-1"]
    assert store.verify().ok


def test_recalendar_rewrites_the_rows_of_cases_whose_due_dates_stay(
    store: CaseStore, calendar: WorkCalendar
) -> None:
    """A limit in natural days (护照, 7 calendar days) keeps its due date when a closure comes
    within it, but counts one working day fewer: the state row and the packed record say so
    after the recalendaring (before, they kept the old count and `verify` on the new
    calendar reported the case as tampered with)."""
    from govservice.matters import sample_catalog

    passport = sample_catalog()["990102-GAJ-002"]
    natural = Case.submit(
        passport, case_id="N-1", applicant="张三", at=at(3), by="窗口1", calendar=calendar
    ).accept(at=at(3, 10), by="窗口1")  # due 2025-03-10 either way
    store.add(natural)
    store.add(accepted_case("C-1", 3))  # working days: its due date moves
    closed = calendar.with_closures(dt.date(2025, 3, 5), dt.date(2025, 3, 5), "停电闭馆")
    report = store.recalendar(closed, at=at(4, 17), by="管理员")
    assert report.recalendared == ("C-1", "N-1")
    assert {m.case_id for m in report.moved} == {"C-1"}
    assert store.row("N-1").due_date == dt.date(2025, 3, 10)
    assert store.verify().ok
    got = store.records(dt.date(2025, 3, 1), dt.date(2025, 3, 31))
    expected = records_from_cases([store.get("C-1"), store.get("N-1")], calendar=closed)
    assert got["committed_working_days"].tolist() == [5, 4]
    pd.testing.assert_frame_equal(got, expected)


def test_recalendar_records_the_change_in_each_kind_of_case_at_the_time_given(
    store: CaseStore, calendar: WorkCalendar
) -> None:
    """A case and a parallel case whose due dates move both record the change at ``at`` by
    ``by``, and read back on the new calendar (the store verifies); before, a parallel case
    recorded nothing and no longer read back."""
    from govservice.approval import construction_project_plan

    store.add(accepted_case("C-1", 3))
    store.add(construction_project_plan().open("P-1", dt.date(2025, 3, 3), calendar=calendar))
    closed = calendar.with_closures(dt.date(2025, 3, 6), dt.date(2025, 3, 7), "停电闭馆")
    report = store.recalendar(closed, at=at(5, 17), by="管理员")
    assert {m.case_id for m in report.moved} == {"C-1", "P-1"}
    for case_id in ("C-1", "P-1"):
        change = store.get(case_id).trace.events[-1].payload
        assert (change["action"], change["by"]) == ("recalendar", "管理员")
        assert dt.datetime.fromisoformat(change["at"]) == at(5, 17)
    assert store.get("P-1").overall_due_date == {m.field: m.new for m in report.moved
                                                   if m.case_id == "P-1"}["due_date"]  # fmt: skip
    assert store.verify().ok


def test_recalendar_refuses_what_is_not_a_calendar(store: CaseStore) -> None:
    with pytest.raises(InvalidValueError, match="calendar"):
        store.recalendar("china", at=at(5), by="x")  # type: ignore[arg-type]
    with pytest.raises(InvalidValueError, match="at"):
        store.recalendar(china(), at=dt.datetime(2025, 3, 5), by="x")  # noqa: DTZ001


# -- schema versions -------------------------------------------------------------------------------


def test_a_version_1_database_is_migrated_forward_with_its_data(
    store_url: str, calendar: WorkCalendar
) -> None:
    from govservice.store._rows import COLUMNS, schema_of, state_row
    from govservice.store._store import _open_at_version

    case = accepted_case("C-1").review(at=at(4), by="审")
    with _open_at_version(store_url, calendar=calendar, version=1) as old:
        assert old.schema_version == 1
        db = old._open("test")
        with db.transaction("v1 write"):
            db.executemany(
                "INSERT INTO events (case_id, seq, hash, body) VALUES (?, ?, ?, ?)",
                [("C-1", e.seq, e.hash, e.body) for e in case.trace.events],
            )
            row = state_row(case, calendar, schema=schema_of(case))
            v1 = COLUMNS  # the packed record came in version 3, in a table of its own
            names = ", ".join(("case_id", *v1))
            marks = ", ".join("?" * (len(v1) + 1))
            db.execute(
                f"INSERT INTO cases ({names}) VALUES ({marks})",
                ["C-1", *(row[c] for c in v1)],
            )
    with open_store(store_url, calendar=calendar) as store:
        assert store.schema_version == SCHEMA_VERSION
        assert store.get("C-1") == case
        assert [c for c, _h in store.digest(dt.date(2025, 3, 4)).heads] == ["C-1"]
        assert store.verify().ok
        got = store.records(dt.date(2025, 3, 1), dt.date(2025, 3, 31))
        pd.testing.assert_frame_equal(got, records_of([case]))


def test_version_4_rebuilds_the_sqlite_tables_as_rowid_tables_keeping_rows_and_indexes(
    tmp_path: Path, calendar: WorkCalendar
) -> None:
    from govservice.store._store import _open_at_version

    url = f"sqlite:///{tmp_path / 'v3.db'}"
    cases = [accepted_case(f"C-{n}").review(at=at(4), by="审") for n in range(5)]

    def layout(db_path: Path) -> tuple[dict[str, str], list[tuple[str, str, str]]]:
        with sqlite3.connect(db_path) as conn:
            tables = dict(
                conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table'").fetchall()
            )
            indexes = conn.execute(
                "SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'index' "
                "AND sql IS NOT NULL ORDER BY name"
            ).fetchall()
        return tables, indexes

    with _open_at_version(url, calendar=calendar, version=3) as old:
        old.save_many(cases)
        dump = {t: sorted(old._read("t", f"SELECT * FROM {t}")) for t in _TABLES}
    before, indexes_before = layout(tmp_path / "v3.db")
    assert all("WITHOUT ROWID" in before[t] for t in _TABLES)
    with _open_at_version(url, calendar=calendar, version=4) as store:
        assert store.schema_version == 4
        assert {t: sorted(store._read("t", f"SELECT * FROM {t}")) for t in _TABLES} == dump
        assert store.verify().ok
        store.save(store.get("C-0").approve(at=at(5), by="领导"))
        assert store.verify().ok
    after, indexes_after = layout(tmp_path / "v3.db")
    assert not any("WITHOUT ROWID" in after[t].upper() for t in _TABLES)
    assert indexes_after == indexes_before
    assert set(after) == set(before)


_TABLES = ("events", "cases", "case_records")


def test_version_5_puts_the_case_id_in_each_packed_record_and_clusters_them(
    store_url: str, calendar: WorkCalendar
) -> None:
    from govservice.store._rows import PACKED_SEP
    from govservice.store._store import _open_at_version

    odd = Case.submit(
        accepted_case("C-1").matter, case_id="C\x1f9", applicant="张三", at=at(3), by="窗口1",
        calendar=calendar,
    ).accept(at=at(3, 10), by="窗口1")  # fmt: skip
    cases = [accepted_case(f"C-{n}").review(at=at(4), by="审") for n in range(3)]
    with _open_at_version(store_url, calendar=calendar, version=4) as old:
        old.save_many([*cases, odd])
        db = old._open("test")
        with db.transaction("the text as version 4 wrote it: no case id"):
            for case in cases:
                db.execute(
                    "UPDATE case_records SET rec_text = substr(rec_text, ?) WHERE case_id = ?",
                    (len(case.case_id) + 2, case.case_id),
                )
        texts = dict(old._read("t", "SELECT case_id, rec_text FROM case_records"))
    assert texts["C-0"].startswith("张三")
    assert texts["C\x1f9"] is None
    with open_store(store_url, calendar=calendar) as store:
        assert store.schema_version == SCHEMA_VERSION
        texts = dict(store._read("t", "SELECT case_id, rec_text FROM case_records"))
        assert texts["C-0"].startswith(f"C-0{PACKED_SEP}张三{PACKED_SEP}")
        assert texts["C\x1f9"] is None  # an id holding the separator: records read columns
        assert store.verify().ok
        got = store.records(dt.date(2025, 3, 1), dt.date(2025, 3, 31))
        pd.testing.assert_frame_equal(
            got.sort_values("case_id").reset_index(drop=True),
            records_of([*cases, odd]).sort_values("case_id").reset_index(drop=True),
        )
        store.save(store.get("C-0").approve(at=at(5), by="领导"))
        assert store.verify().ok
        if store.backend == "SQLite":
            create = store._read(
                "t", "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'case_records'"
            )[0][0]
            assert "WITHOUT ROWID" in create


def test_version_6_works_out_the_rows_of_parallel_cases_and_noticed_applications_art_32_4(
    store_url: str, calendar: WorkCalendar
) -> None:
    from govservice.store._rows import COLUMNS, packed
    from govservice.store._store import _open_at_version
    from govservice.supervision import monitor

    first = Case.submit(
        accepted_case("C-1").matter, case_id="N-1", applicant="张三", at=at(3), by="窗口1",
        calendar=calendar,
    )  # fmt: skip
    missing = [first.matter.materials[0].name]
    noticed = first.request_supplement(at=at(4, 16), by="窗口1", missing=missing)
    noticed = noticed.request_supplement(at=at(5), by="窗口1", missing=missing)  # not a new notice
    plain = accepted_case("C-2").review(at=at(4), by="审")
    parallel = delivered(calendar)
    with _open_at_version(store_url, calendar=calendar, version=5) as old:
        old.save_many([noticed, plain, parallel])
        db = old._open("test")
        extra_at = COLUMNS.index("extra")
        with db.transaction("the rows as version 5 wrote them: no notice day"):
            values = list(db.execute("SELECT * FROM cases WHERE case_id = 'N-1'")[0][1:])
            extra = json.loads(values[extra_at])
            assert extra.pop("supplement_notice_on") == "2025-03-04"  # the first notice's day
            values[extra_at] = (
                json.dumps(extra, sort_keys=True, ensure_ascii=False) if extra else None
            )
            db.execute("UPDATE cases SET extra = ? WHERE case_id = 'N-1'", (values[extra_at],))
            # a parallel case's row as version 5 worked it out: the plan's limit as statutory
            db.execute(
                "UPDATE cases SET statutory_working_days = 20, delivery_timeliness = 'pending', "
                "delivered_at = NULL WHERE case_id = 'P-A'"
            )
            db.execute(
                "UPDATE case_records SET rec_text = ?, rec_num = ? WHERE case_id = 'N-1'",
                packed("N-1", values),
            )
        untouched = _plain(old._read("t", "SELECT * FROM case_records WHERE case_id = 'C-2'"))
        assert not old.verify().ok  # the old row lacks what a save now writes
    with open_store(store_url, calendar=calendar) as store:
        assert store.schema_version == SCHEMA_VERSION
        assert store.verify().ok
        assert store.row("P-A").timeliness == ("early", "early", "early")
        assert _plain(store._read("t", "SELECT * FROM case_records WHERE case_id = 'C-2'")) == (
            untouched
        )
        got = store.records(dt.date(2025, 3, 1), dt.date(2025, 3, 31))  # P-A is in 2026
        pd.testing.assert_frame_equal(
            got.sort_values("case_id").reset_index(drop=True),
            records_of([noticed, plain]).sort_values("case_id").reset_index(drop=True),
        )
        waiting = monitor(got, dt.date(2025, 3, 4), calendar=calendar).awaiting_acceptance
        assert list(waiting["case_id"]) == []  # noticed on the 4th: waits for materials
        waiting = monitor(got, dt.date(2025, 3, 3), calendar=calendar).awaiting_acceptance
        assert list(waiting["case_id"]) == ["N-1"]


def _plain(rows: list[tuple[object, ...]]) -> list[tuple[object, ...]]:
    """Rows with PostgreSQL's memoryview blobs as bytes, as SQLite gives them."""
    return [tuple(bytes(v) if isinstance(v, memoryview) else v for v in r) for r in rows]


def test_a_database_newer_than_this_code_is_refused(store_url: str, calendar: WorkCalendar) -> None:
    with open_store(store_url, calendar=calendar) as store:
        db = store._open("test")
        with db.transaction("future"):
            db.execute("INSERT INTO govservice_schema (version, description) VALUES (99, 'x')")
    with pytest.raises(StoreError, match="schema version 99, newer"):
        open_store(store_url, calendar=calendar)


def test_a_newer_database_opened_read_only_says_to_upgrade(
    tmp_path: Path, calendar: WorkCalendar
) -> None:
    url = f"sqlite:///{tmp_path}/c.db"
    with open_store(url, calendar=calendar) as store:
        db = store._open("test")
        with db.transaction("future"):
            db.execute("INSERT INTO govservice_schema (version, description) VALUES (99, 'x')")
    with pytest.raises(StoreError, match="schema version 99, newer") as info:
        open_store(url + "?mode=ro", calendar=calendar)
    assert "upgrade govservice" in str(info.value)
    assert "migrate" not in str(info.value)  # a newer database is not migrated back


def test_opening_a_current_store_waits_for_no_writer(
    tmp_path: Path, calendar: WorkCalendar
) -> None:
    """Under WAL a reader never waits for the writer: opening a store that needs no
    migration takes no write lock (before, it did, and a report started during a long
    import waited, or failed with 'database is locked')."""
    url = f"sqlite:///{tmp_path}/c.db"
    with open_store(url, calendar=calendar) as store:
        store.add(accepted_case("C-1"))
    writer = sqlite3.connect(tmp_path / "c.db", isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")  # a clerk's long transaction holds the write lock
    try:
        with open_store(url + "?timeout=0.2", calendar=calendar) as reader:
            assert reader.row("C-1").events == 2
            assert len(reader.open_cases(dt.date(2025, 3, 4))) == 1
    finally:
        writer.execute("ROLLBACK")
        writer.close()


def test_opening_twice_does_not_migrate_twice(store_url: str, calendar: WorkCalendar) -> None:
    for _ in range(2):
        with open_store(store_url, calendar=calendar) as store:
            rows = store._read("t", "SELECT version FROM govservice_schema ORDER BY version")
            assert [r[0] for r in rows] == list(range(1, SCHEMA_VERSION + 1))


def test_sqlite_store_is_in_wal_mode(tmp_path: Path, calendar: WorkCalendar) -> None:
    with open_store(f"sqlite:///{tmp_path}/c.db", calendar=calendar):
        pass
    mode = sqlite3.connect(tmp_path / "c.db").execute("PRAGMA journal_mode").fetchone()
    assert mode == ("wal",)


# -- compare-and-swap under any interleaving ------------------------------------------------------


@settings(max_examples=30)
@given(steps=st.lists(st.tuples(st.integers(0, 2), st.booleans()), min_size=1, max_size=25))
def test_no_interleaving_of_stale_clerks_loses_an_act(steps: list[tuple[int, bool]]) -> None:
    """Three clerks each hold a copy; each step either reloads or acts and saves."""
    with open_store("sqlite:///:memory:", calendar=china()) as store:
        store.add(accepted_case("C-1"))
        copies = [store.get("C-1") for _ in range(3)]
        landed = []
        for clerk, reload in steps:
            if reload:
                copies[clerk] = store.get("C-1")
                continue
            mine = copies[clerk]
            last = dt.datetime.fromisoformat(mine.trace.events[-1].payload["at"])
            after = mine.review(at=last + dt.timedelta(minutes=1), by=f"clerk{clerk}")
            stored_before = store.row("C-1").head
            if mine.trace.head != stored_before:
                with pytest.raises(ConcurrencyError) as info:
                    store.save(after)
                assert info.value.stored_head == stored_before
                assert store.row("C-1").head == stored_before  # nothing written
                continue
            store.save(after)
            assert mine.trace.head == stored_before  # it landed because it was current
            copies[clerk] = after
            landed.append(after.trace.head)
        stored = store.get("C-1")
        assert len(stored.trace) == 2 + len(landed)
        assert [e.hash for e in stored.trace.events[2:]] == landed


def test_monitoring_and_indicators_run_on_a_store(store: CaseStore) -> None:
    from govservice.metrics import compute_indicators, monitor

    _fill(store)
    # C-4 is suspended (no running due date); monitor() cannot take such a record yet
    records = store.records(dt.date(2025, 3, 1), dt.date(2025, 3, 31), center="中心")
    records = records[records["case_id"] != "C-4"].reset_index(drop=True)
    expected = records_of([store.get(f"C-{i}") for i in range(1, 4)], center="中心")
    watch = monitor(records, dt.date(2025, 3, 11), calendar=store.calendar)
    same = monitor(expected, dt.date(2025, 3, 11), calendar=store.calendar)
    assert watch.departments.equals(same.departments)
    table = compute_indicators(records, by=("center",), period="month", calendar=store.calendar)
    again = compute_indicators(expected, by=("center",), period="month", calendar=store.calendar)
    pd.testing.assert_frame_equal(table, again)
    assert table["acceptance_volume"].tolist() == [3]


def test_a_completed_parallel_case_gives_a_valid_record(
    store: CaseStore, calendar: WorkCalendar
) -> None:
    from govservice.approval import TaskStatus
    from govservice.metrics import check_records

    case = construction_project_plan().open("P-1", dt.date(2025, 3, 3), calendar=calendar)
    day = dt.date(2025, 3, 4)
    store.add(case)
    while case.state.value == "open":
        ready = [s for s, t in case.tasks.items() if t.status is TaskStatus.READY]
        case = case.decide(ready[0], "approved", at=at(day.day, 10, month=day.month), by="王")
        store.save(case)
        day = calendar.add_working_days(day, 1)
    store.save(case.complete(at=at(day.day, 15, month=day.month), by="综合窗口"))
    records = store.records(dt.date(2025, 3, 1), dt.date(2025, 12, 31))
    assert check_records(records).ok
    row = records.iloc[0]
    assert (row["kind"], row["outcome"]) == ("joint", "approved")
    assert store.row("P-1").state == "completed"
    assert store.verify().ok


def test_records_keep_text_that_holds_control_characters(
    store: CaseStore, calendar: WorkCalendar
) -> None:
    odd = Case.submit(
        accepted_case("C-1").matter, case_id="C-9", applicant="张\x1f三\x1e\x1dNULL\x1d\x1e",
        at=at(3), by="窗口\x1e1", calendar=calendar,
    )  # fmt: skip
    store.add(odd.accept(at=at(3, 10), by="窗口\x1e1"))
    store.add(accepted_case("C-1"))
    got = store.records(dt.date(2025, 3, 1), dt.date(2025, 3, 31))
    expected = records_of([store.get("C-1"), store.get("C-9")])
    pd.testing.assert_frame_equal(got, expected)
    assert got["applicant_id"].tolist()[1] == "张\x1f三\x1e\x1dNULL\x1d\x1e"
