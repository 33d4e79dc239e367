"""Database URLs in messages: shared by the store and the command line."""

from __future__ import annotations

import urllib.parse

__all__ = ["redact"]


def redact(url: str) -> str:
    """The URL without its password, for messages and reprs.

    Examples:
        >>> redact("postgresql://clerk:secret@db:5432/cases")
        'postgresql://clerk:***@db:5432/cases'
    """
    parts = urllib.parse.urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
    return urllib.parse.urlunsplit(parts._replace(netloc=netloc))
