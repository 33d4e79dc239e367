"""Optional dependencies: each is imported where it is needed, and a missing one names its extra.

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
        top = module.split(".")[0]
        raise ImportError(f'{purpose} needs {top}: pip install "govservice[{extra}]"') from exc


def pandas() -> Any:
    """The pandas module, or an ImportError that names the ``metrics`` extra."""
    return optional("pandas", "metrics", "case records")
