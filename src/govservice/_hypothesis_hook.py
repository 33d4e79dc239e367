"""The ``hypothesis`` entry point: lets ``st.from_type`` build govservice values.

Kept apart from `govservice.testing`, which imports Hypothesis itself: Hypothesis runs this
hook while it is still importing, so the strategies are looked up lazily.
"""

from __future__ import annotations


def _hypothesis_setup_hook() -> None:
    """Register strategies for govservice values (called by Hypothesis at import)."""
    from hypothesis import strategies as st

    from govservice.calendar import TimeLimit, WorkCalendar
    from govservice.matters import Catalog, Matter

    def calendars() -> st.SearchStrategy[WorkCalendar]:
        from govservice.testing import work_calendars

        return work_calendars()

    def limits() -> st.SearchStrategy[TimeLimit]:
        from govservice.testing import time_limits

        return time_limits()

    def matters() -> st.SearchStrategy[Matter]:
        from govservice.testing import matters

        return matters()

    def catalogs() -> st.SearchStrategy[Catalog]:
        from govservice.testing import catalogs

        return catalogs()

    st.register_type_strategy(WorkCalendar, st.deferred(calendars))
    st.register_type_strategy(TimeLimit, st.deferred(limits))
    st.register_type_strategy(Matter, st.deferred(matters))
    st.register_type_strategy(Catalog, st.deferred(catalogs))

    from govservice.approval import ApprovalPlan

    def plans() -> st.SearchStrategy[ApprovalPlan]:
        from govservice.testing import approval_plans

        return approval_plans()

    st.register_type_strategy(ApprovalPlan, st.deferred(plans))
