"""What a test needs from the machine (PostgreSQL, a JDK, Chromium, the wheelhouse, the script).

On a user's laptop a missing part skips the test with a message saying how to run it; under
``CI=true`` the same message fails it, so CI can never go green by skipping.
"""

from __future__ import annotations

import os
from typing import NoReturn

import pytest


def missing(message: str) -> NoReturn:
    """Fail under ``CI=true``, else skip, saying what is missing and how to get it."""
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)
