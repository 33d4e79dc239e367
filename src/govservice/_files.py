r"""The one home for reading and writing files: safe JSON/TOML text, atomic writes.

Every loader reads through `read_text` and `parse_json` / `parse_toml`; every writer writes
through `atomic_write` (data in memory), `atomic_file` (a library that writes to a path) or
`atomic_directory` (a set of files, such as a report).

Reading refuses, with `govservice.InvalidValueError` naming where, what and what was expected:

- a path that is ``None``, not text or a path, empty, or holds a NUL character;
- bytes that are not UTF-8 (a leading UTF-8 byte-order mark is accepted and dropped);
- JSON with a duplicate key, ``NaN``/``Infinity``, a number that overflows a float, an integer
  literal longer than `MAX_DIGITS` digits, nesting deeper than `MAX_DEPTH`, or a string holding
  a lone surrogate (``"\ud800"``, which can never be written out again as UTF-8).

Writing never leaves a half-written file: the data go to a unique temporary file in the target's
own directory, are flushed to disk (``fsync``), and the file is renamed over the target; the
directory is then flushed too. On failure the temporary file is removed and the old file stays
as it was. Concurrent writers each use their own temporary file, so a reader sees one whole
version or another, never a mix.

Examples:
    >>> import pathlib, tempfile
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "a.json"
    >>> atomic_write(target, '{"a": 1}')
    >>> parse_json(read_text(target))
    {'a': 1}
    >>> parse_json('{"a": 1, "a": 2}')
    Traceback (most recent call last):
    ...
    govservice.InvalidValueError: $ must be an object without duplicate keys, got 'a'
"""

from __future__ import annotations

import contextlib
import ctypes
import functools
import json
import math
import os
import shutil
import sys
import tempfile
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from govservice._errors import InvalidValueError

__all__ = [
    "MAX_DEPTH",
    "MAX_DIGITS",
    "atomic_directory",
    "atomic_file",
    "atomic_write",
    "check_path",
    "parse_json",
    "parse_toml",
    "read_text",
]

#: How deeply arrays and objects may nest in a document (ours nest at most 5 deep).
MAX_DEPTH = 64
#: The longest integer literal accepted in a document (a 64-bit seed has 20 digits).
MAX_DIGITS = 40

_MARKER = ".govservice-directory"
_INT_BOUND = 10**MAX_DIGITS


def check_path(path: object, *, field: str = "path") -> Path:
    r"""``path`` as a `pathlib.Path`, or `InvalidValueError` if it cannot name a file.

    Args:
        path: A ``str`` or ``os.PathLike`` naming a file.
        field: The name shown in the error.

    Raises:
        InvalidValueError: ``None``, another type, an empty name or one holding a NUL character.

    Examples:
        >>> check_path("a\x00b")
        Traceback (most recent call last):
        ...
        govservice.InvalidValueError: path must be a file name without NUL characters, got 'a\x00b'
    """
    if isinstance(path, bytes) or not isinstance(path, str | os.PathLike):
        raise InvalidValueError(field, path, "a file name (str or os.PathLike)")
    try:
        name = os.fspath(path)
    except TypeError:
        raise InvalidValueError(field, path, "a file name (str or os.PathLike)") from None
    if not isinstance(name, str):
        raise InvalidValueError(field, path, "a file name (str or os.PathLike)")
    if not name:
        raise InvalidValueError(field, name, "a non-empty file name")
    if "\x00" in name:
        raise InvalidValueError(field, name, "a file name without NUL characters")
    try:
        os.fsencode(name)  # "\ud800" has no bytes on any file system
    except UnicodeEncodeError:
        raise InvalidValueError(field, name, "a file name the file system can encode") from None
    return Path(name)


def read_text(path: object, *, field: str = "path") -> str:
    r"""The UTF-8 text of a file, with a leading byte-order mark dropped.

    Args:
        path: The file to read.
        field: The name shown in the error.

    Raises:
        InvalidValueError: The path is refused by `check_path`, the file cannot be read (the
            reason is in the expectation), or it is not UTF-8 text.

    Examples:
        >>> import pathlib, tempfile
        >>> p = pathlib.Path(tempfile.mkdtemp()) / "bom.txt"
        >>> _ = p.write_bytes(b"\xef\xbb\xbfhello")
        >>> read_text(p)
        'hello'
    """
    target = check_path(path, field=field)
    try:
        raw = target.read_bytes()
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise InvalidValueError(field, str(target), f"a readable file ({reason})") from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidValueError(
            field, str(target), f"UTF-8 text (bad byte at offset {exc.start})"
        ) from None


def parse_json(text: object, *, field: str = "$") -> Any:
    """Parse JSON text strictly (see the module docstring for what is refused).

    Args:
        text: The JSON text; a leading byte-order mark is accepted.
        field: Where the text came from, for the error (``$`` for the whole document).

    Returns:
        The parsed document: dicts, lists, strings, ints, floats, bools and ``None``.

    Raises:
        InvalidValueError: The text is not strict JSON; ``field`` is the JSON path of the entry
            when one can be named (``$.matters[3].name``).

    Examples:
        >>> parse_json('[1, 2.5, "三"]')
        [1, 2.5, '三']
        >>> parse_json("1" * 50)
        Traceback (most recent call last):
        ...
        govservice.InvalidValueError: $ must be an integer of at most 40 digits, got '11111...'
    """
    if not isinstance(text, str):
        raise InvalidValueError(field, type(text).__name__, "JSON text (str)")
    if text.startswith("\ufeff"):
        text = text[1:]
    try:
        data = json.loads(
            text,
            object_pairs_hook=_unique_keys,
            parse_int=_bounded_int,
            parse_float=_finite_float,
            parse_constant=_no_constant,
        )
    except _RefusedError as exc:
        raise InvalidValueError(field, exc.value, exc.expected) from None
    except json.JSONDecodeError as exc:
        raise InvalidValueError(
            field, _short(exc.msg), f"valid JSON (line {exc.lineno}, column {exc.colno})"
        ) from None
    except RecursionError:
        raise InvalidValueError(field, "<deep nesting>", f"at most {MAX_DEPTH} levels") from None
    _check_tree(data, field)
    return data


def parse_toml(text: object, *, field: str = "$") -> dict[str, Any]:
    r"""Parse TOML text with the same limits as `parse_json`.

    Args:
        text: The TOML text; a leading byte-order mark is accepted.
        field: Where the text came from, for the error.

    Raises:
        InvalidValueError: The text is not TOML, or breaks one of the limits.

    Examples:
        >>> parse_toml('id = "x"\n[rule]\nweight = 0.5\n')
        {'id': 'x', 'rule': {'weight': 0.5}}
    """
    if not isinstance(text, str):
        raise InvalidValueError(field, type(text).__name__, "TOML text (str)")
    if text.startswith("\ufeff"):
        text = text[1:]
    try:
        data = tomllib.loads(text, parse_float=_finite_float)
    except _RefusedError as exc:
        raise InvalidValueError(field, exc.value, exc.expected) from None
    except tomllib.TOMLDecodeError as exc:
        raise InvalidValueError(field, _short(str(exc)), "valid TOML") from None
    except RecursionError:
        raise InvalidValueError(field, "<deep nesting>", f"at most {MAX_DEPTH} levels") from None
    except ValueError as exc:  # an integer literal beyond Python's digit limit
        raise InvalidValueError(field, _short(str(exc)), "valid TOML") from None
    _check_tree(data, field)
    return data


def atomic_write(path: object, data: str | bytes, *, field: str = "path") -> None:
    """Write ``data`` to ``path`` whole or not at all (text is written as UTF-8).

    A unique temporary file in the same directory receives the data, is flushed to disk and
    renamed over ``path``; the directory is flushed after. On any failure the temporary file
    is removed and ``path`` keeps its old content.

    Args:
        path: The file to write.
        data: Its new content.
        field: The name shown in the error.

    Raises:
        InvalidValueError: The path is refused by `check_path`, names a directory, its
            directory does not exist, or text holds a lone surrogate.
        OSError: The disk refused the write (full, read-only, no permission).

    Examples:
        >>> import pathlib, tempfile
        >>> p = pathlib.Path(tempfile.mkdtemp()) / "out.txt"
        >>> atomic_write(p, "第一版")
        >>> atomic_write(p, "第二版")
        >>> p.read_text("utf-8"), sorted(x.name for x in p.parent.iterdir())
        ('第二版', ['out.txt'])
    """
    target = check_path(path, field=field)
    if isinstance(data, str):
        try:
            payload = data.encode("utf-8")
        except UnicodeEncodeError as exc:
            shown = _short(data[max(0, exc.start - 10) : exc.end + 10])
            raise InvalidValueError("text", shown, "text without lone surrogates") from None
    elif isinstance(data, bytes | bytearray | memoryview):
        payload = bytes(data)
    else:
        raise InvalidValueError("data", type(data).__name__, "str or bytes")
    with atomic_file(target, field=field) as temporary:
        temporary.write_bytes(payload)


@contextlib.contextmanager
def atomic_file(path: object, *, field: str = "path") -> Iterator[Path]:
    r"""Write one file through a library that wants a path (xlsxwriter, matplotlib, csv).

    Yields a unique temporary path in the target's directory; write the file there. When the
    block ends without an error, the file is flushed to disk and renamed over ``path`` (with
    the permissions of an ordinary new file), and the directory is flushed; when it raises, the
    temporary file is removed and ``path`` is untouched. `atomic_write` is this, for data in
    memory.

    Args:
        path: The file to write.
        field: The name shown in the error.

    Raises:
        InvalidValueError: As `atomic_write`.

    Examples:
        >>> import pathlib, tempfile
        >>> p = pathlib.Path(tempfile.mkdtemp()) / "t.csv"
        >>> with atomic_file(p) as tmp:
        ...     _ = tmp.write_text("a,b\n", "utf-8")
        >>> p.read_text("utf-8")
        'a,b\n'
    """
    target = check_path(path, field=field)
    directory = _directory_of(target, field)
    handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    os.close(handle)
    temporary = Path(name)
    try:
        temporary.chmod(0o666 & ~_umask())  # mkstemp's 0600 would make every save private
        yield temporary
        with open(temporary, "rb+") as out:
            os.fsync(out.fileno())
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    _fsync_directory(directory)


@contextlib.contextmanager
def atomic_directory(path: object, *, field: str = "path") -> Iterator[Path]:
    r"""Build a set of files in a temporary directory, then move it into place whole.

    Inside the ``with`` block, write the files into the yielded directory. When the block ends
    without an error, every file is flushed and the directory replaces ``path``. When it
    raises, the temporary directory is removed and ``path`` stays as it was, so a reader never
    finds this month's tables beside last month's page.

    Readers open files by path and always get one whole version: on Linux the new directory
    is swapped in with one ``renameat2(RENAME_EXCHANGE)``, elsewhere the old one is moved aside
    first (a reader may then briefly find no directory, never a mixed one). A reader holding
    the old directory open sees its entries vanish as it is removed.

    An existing ``path`` is replaced only when it is empty or was itself written by this
    function (it holds the marker file ``.govservice-directory``): a directory holding anything
    else is refused rather than deleted.

    Args:
        path: The directory to create or replace.
        field: The name shown in the error.

    Raises:
        InvalidValueError: The path is refused by `check_path`, names a file, or names a
            directory holding files this function did not write.

    Examples:
        >>> import pathlib, tempfile
        >>> out = pathlib.Path(tempfile.mkdtemp()) / "report"
        >>> with atomic_directory(out) as build:
        ...     _ = (build / "a.csv").write_text("x\n1\n", "utf-8")
        >>> sorted(p.name for p in out.iterdir())
        ['.govservice-directory', 'a.csv']
    """
    target = check_path(path, field=field)
    _check_replaceable(target, field)
    parent = target.parent if str(target.parent) else Path(".")
    parent.mkdir(parents=True, exist_ok=True)
    build = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".tmp", dir=parent))
    try:
        yield build
        (build / _MARKER).write_text("written whole by govservice\n", "utf-8")
        for item in build.rglob("*"):
            if item.is_file():
                with open(item, "rb") as handle:
                    os.fsync(handle.fileno())
        _fsync_directory(build)
        _swap_into_place(build, target, parent, field)
    except BaseException:
        shutil.rmtree(build, ignore_errors=True)
        raise
    _fsync_directory(parent)


# -- helpers ---------------------------------------------------------------------------------------


class _RefusedError(Exception):
    def __init__(self, value: object, expected: str) -> None:
        super().__init__(value, expected)
        self.value = value
        self.expected = expected


def _short(value: str, limit: int = 80) -> str:
    return value if len(value) <= limit else value[: limit - 3] + "..."


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _RefusedError(key, "an object without duplicate keys")
        result[key] = value
    return result


def _bounded_int(literal: str) -> int:
    if len(literal.lstrip("-")) > MAX_DIGITS:
        raise _RefusedError(literal[:5] + "...", f"an integer of at most {MAX_DIGITS} digits")
    return int(literal)


def _finite_float(literal: str) -> float:
    if len(literal) > 400:
        raise _RefusedError(literal[:5] + "...", "a number of at most 400 characters")
    value = float(literal)
    if not math.isfinite(value):
        raise _RefusedError(_short(literal), "a finite number")
    return value


def _no_constant(literal: str) -> Any:
    raise _RefusedError(literal, "a finite number (NaN and Infinity are not JSON)")


def _has_surrogate(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _check_tree(data: Any, root: str) -> None:
    """Refuse nesting beyond MAX_DEPTH, lone surrogates and huge TOML integers (no recursion)."""
    stack: list[tuple[Any, str, int]] = [(data, root, 0)]
    while stack:
        value, where, depth = stack.pop()
        if isinstance(value, str):
            if _has_surrogate(value):
                raise InvalidValueError(where, value, "text without lone surrogates")
        elif isinstance(value, bool):
            continue
        elif isinstance(value, int):
            if abs(value) >= _INT_BOUND:
                raise InvalidValueError(where, "<huge integer>", f"at most {MAX_DIGITS} digits")
        elif isinstance(value, dict | list):
            if depth >= MAX_DEPTH:
                raise InvalidValueError(where, "<deep nesting>", f"at most {MAX_DEPTH} levels")
            if isinstance(value, dict):
                for key, item in value.items():
                    if isinstance(key, str) and _has_surrogate(key):
                        raise InvalidValueError(where, key, "keys without lone surrogates")
                    stack.append((item, f"{where}.{key}", depth + 1))
            else:
                stack.extend((item, f"{where}[{i}]", depth + 1) for i, item in enumerate(value))


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _directory_of(target: Path, field: str) -> Path:
    directory = target.parent if str(target.parent) else Path(".")
    if target.is_dir():
        raise InvalidValueError(field, str(target), "a file name, not a directory")
    if not directory.is_dir():
        raise InvalidValueError(field, str(target), "a file in an existing directory")
    return directory


def _fsync_directory(directory: Path) -> None:
    if os.name != "posix":  # pragma: no cover - directories cannot be opened elsewhere
        return
    handle = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


def _check_replaceable(target: Path, field: str) -> None:
    if target.exists() and not target.is_dir():
        raise InvalidValueError(field, str(target), "a directory name, not a file")
    if target.is_dir() and not (target / _MARKER).is_file() and any(target.iterdir()):
        raise InvalidValueError(
            field, str(target), "a new or empty directory, or one written by govservice"
        )


@functools.cache
def _renameat2() -> Any:
    """Linux's renameat2, which swaps two directories in one step; None where unavailable."""
    if not sys.platform.startswith("linux"):  # pragma: no cover - platform
        return None
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        function = libc.renameat2
    except (OSError, AttributeError):  # pragma: no cover - old C library
        return None
    function.argtypes = [
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_uint,
    ]
    function.restype = ctypes.c_int
    return function


def _exchange(build: Path, target: Path) -> bool:
    """Swap ``build`` and an existing ``target`` in one step; False if the system cannot."""
    function = _renameat2()
    if function is None:  # pragma: no cover - platform
        return False
    at_cwd, exchange = -100, 2
    done = function(at_cwd, os.fsencode(build), at_cwd, os.fsencode(target), exchange)
    return bool(done == 0)


def _swap_into_place(build: Path, target: Path, parent: Path, field: str) -> None:
    """Rename ``build`` to ``target``; an old ``target`` is swapped out in one step and removed.

    Where the system cannot swap two directories at once, the old ``target`` is moved aside
    first: a reader may then briefly find no directory, but never a mixed one.
    """
    _check_replaceable(target, field)
    if target.is_dir() and _exchange(build, target):
        shutil.rmtree(build, ignore_errors=True)  # now the old directory
        return
    for _ in range(100):  # other writers may swap in between; each round makes progress
        try:
            os.rename(build, target)
            return
        except FileNotFoundError:
            raise
        except OSError:  # target exists and is not empty
            pass
        _check_replaceable(target, field)
        old = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".old", dir=parent))
        try:
            os.rename(target, old / "x")
        except FileNotFoundError:  # another writer moved it first
            old.rmdir()
            continue
        try:
            os.rename(build, target)
        except OSError:
            shutil.rmtree(old, ignore_errors=True)
            continue
        shutil.rmtree(old, ignore_errors=True)
        return
    raise InvalidValueError(field, str(target), "a directory not rewritten by 100 others at once")
