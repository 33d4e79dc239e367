"""The ``govservice`` command line: what a county center can use without writing Python.

Run ``govservice --help`` (or ``python -m govservice --help``). Each command has ``--help``
with an example. Exit codes: 0 done, 1 problems found in the data, 2 usage (a bad option or
argument, a file that cannot be read). Output is a table on a terminal and plain
tab-separated text when piped. The commands are thin: every rule lives in the library.

`deadline` and `calendar` need nothing more than govservice itself; the spreadsheet, records
and report commands need the ``cli`` extra: ``pip install "govservice[cli]"``.

Examples:
    >>> from govservice.cli import main
    >>> main(["calendar", "add", "2026-02-13", "1"])
    2026-02-14
    0
"""

from govservice.cli._main import main

__all__ = ["main"]
