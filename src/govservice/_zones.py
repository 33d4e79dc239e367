"""Time zones by name, shared by every area: an unknown name is an InvalidValueError."""

from __future__ import annotations

import datetime as dt
import functools
import zoneinfo

from govservice._errors import InvalidValueError

__all__ = ["zone"]


@functools.lru_cache(maxsize=64)
def zone(name: str) -> dt.tzinfo:
    """The time zone called ``name``, or InvalidValueError naming it.

    Examples:
        >>> zone("Asia/Shanghai")
        zoneinfo.ZoneInfo(key='Asia/Shanghai')
    """
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, TypeError):
        raise InvalidValueError("timezone", name, "an IANA time zone name") from None
