"""Optional dependencies: each is imported where it is needed, and a missing one names its extra.

Every ``try: import ... except ImportError`` of the library goes through `optional`, except a
genuine speed-up with a fallback (pyarrow's CSV reader, pandas' C parser for CSV bodies) or a
part left out when its extra is missing (a schedule's Gantt chart): each of those says so in a
comment beside it.

Examples:
    >>> optional("numpy", "metrics", "case records").__name__
    'numpy'
    >>> optional("no_such_module_here", "report", "the monthly report")
    Traceback (most recent call last):
    ImportError: the monthly report needs no_such_module_here: pip install "govservice[report]"
"""

from __future__ import annotations

import importlib
from typing import Any

__all__ = ["optional", "pandas"]


def optional(module: str, extra: str, purpose: str) -> Any:
    """Import ``module``, or raise ImportError saying which extra of govservice installs it.

    Args:
        module: The module to import, for example ``"pandas"`` or ``"dask.delayed"``.
        extra: The govservice extra that brings it in, for example ``"metrics"``.
        purpose: What needs it, for the message, for example ``"govservice.metrics"``.
    """
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        # name the module that is missing: for a module of ours, the dependency it imports
        missing = (getattr(exc, "name", None) or module).split(".")[0]
        if missing == "govservice":
            missing = module.split(".")[0]
        message = f'{purpose} needs {missing}: pip install "govservice[{extra}]"'
        raise ImportError(message, name=missing) from exc


def pandas() -> Any:
    """The pandas module, or an ImportError that names the ``metrics`` extra."""
    return optional("pandas", "metrics", "case records")
