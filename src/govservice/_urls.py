"""Database URLs in messages: shared by the store and the command line."""

from __future__ import annotations

import urllib.parse

__all__ = ["redact", "sqlite_path"]


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


def sqlite_path(url: str) -> str:
    """The file path of a ``sqlite:///`` URL, percent-decoded (relative unless it starts ``/``).

    Examples:
        >>> sqlite_path("sqlite:///cases.db"), sqlite_path("sqlite:////var/lib/%E5%8A%9E.db")
        ('cases.db', '/var/lib/办.db')
    """
    raw = urllib.parse.unquote(urllib.parse.urlsplit(url).path)
    return raw[1:] if raw.startswith("/") else raw
