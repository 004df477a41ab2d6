"""Reading a bundle file's bytes as JSON, with limits checked before the full parse.

A bundle comes from someone else: it may be damaged, hostile or simply far larger
than any real one. :func:`load_json` refuses, each with one line
(:class:`InputRefused`, a ``BundleError``), before the parser builds anything big:

* more than :data:`MAX_BYTES`. A bundle of 12,000 items (10,000 annotations with
  comments and tags, 2,000 national notes) is 7.3 MB, about 600 bytes an item, so
  10,000 notes are 4–7 MB; 16 MiB is several times that, and the parser's objects for
  a file of that size stay within about 200 MB;
* more than :data:`MAX_CONTAINERS` objects and lists, or more than
  :data:`MAX_SEPARATORS` commas (an upper bound of the values, counted on the raw
  bytes at C speed: a real item has 3 containers and about 20 commas);
* not UTF-8, or escapes of lone surrogates (``"\\ud800"``) that no text can hold;
* integers of more than :data:`MAX_INT_DIGITS` digits (the parser is asked to build
  none: Python's own limit of 4,300 digits would otherwise surface as an internal
  error, and SQLite stores at most 19 digits); ``NaN`` and ``Infinity``, which are
  not JSON;
* nesting deeper than :data:`MAX_DEPTH` (a bundle needs 4; the parser's own guard
  stops a pathological nesting at about a thousand levels, long before the rest of
  the file), strings longer than :data:`MAX_STRING` characters, lists of more than
  :data:`MAX_ITEMS` items.
"""

from __future__ import annotations

import json
import re
from typing import Any

#: The largest bundle file read (see the module docstring for the reasoning).
MAX_BYTES = 16 * 1024 * 1024
#: Objects plus lists in the file: three per item (brackets in texts count too); the
#: 7.3 MB bundle of 12,000 items has 34,000.
MAX_CONTAINERS = 150_000
#: Commas in the file: every value but the first of each container follows one; the
#: 7.3 MB bundle has 194,000 (a file of 16 MiB like it: 450,000).
MAX_SEPARATORS = 600_000
#: Items in one list (annotations, national notes, colours): 5 x the 10,000 budgeted.
MAX_ITEMS = 50_000
#: Nesting: the top object, its lists, an item, an anchor or list of tags is 4.
MAX_DEPTH = 16
#: One string (a note's Markdown text or a comment): 200,000 characters.
MAX_STRING = 200_000
#: Digits of an integer (offsets, positions, the schema number).
MAX_INT_DIGITS = 15

_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")


class InputRefused(ValueError):
    """The file is refused before or while it is parsed: one line, nothing imported."""


def _refuse(reason: str) -> InputRefused:
    return InputRefused(f"{reason}; nothing was imported")


def check_size(size: int) -> None:
    """Refuse a file of ``size`` bytes before it is read."""
    if size > MAX_BYTES:
        raise _refuse(
            f"the file is larger than the {MAX_BYTES // (1024 * 1024)} MiB a vdesk notes "
            "bundle may have (export fewer notes per bundle)"
        )


def _int(digits: str) -> int:
    if len(digits) - digits.startswith("-") > MAX_INT_DIGITS:
        raise _refuse(
            f"the file has an integer of {len(digits.lstrip('-'))} digits: a vdesk notes "
            f"bundle has none longer than {MAX_INT_DIGITS}"
        )
    return int(digits)


def _constant(name: str) -> Any:
    raise _refuse(f"the file is not valid JSON: {name} is not a JSON value")


def load_json(data: bytes) -> Any:
    """``data`` decoded and parsed, every limit above checked (:class:`InputRefused`;
    ``json.JSONDecodeError`` for a file that is not JSON at all)."""
    check_size(len(data))
    containers = data.count(b"{") + data.count(b"[")
    if containers > MAX_CONTAINERS:
        raise _refuse(
            f"the file has {containers:,} objects and lists: a vdesk notes bundle has at "
            f"most {MAX_CONTAINERS:,}"
        )
    separators = data.count(b",")
    if separators > MAX_SEPARATORS:
        raise _refuse(
            f"the file has {separators:,} values: a vdesk notes bundle has at most "
            f"{MAX_SEPARATORS:,}"
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputRefused(
            f"the file is not a vdesk notes bundle: it is not UTF-8 text (byte {exc.start})"
        ) from None
    if not text.strip():
        raise InputRefused("the file is empty: it is not a vdesk notes bundle")
    try:
        top = json.loads(text, parse_int=_int, parse_constant=_constant)
    except RecursionError:
        raise _refuse(
            f"the file is nested too deeply: a vdesk notes bundle has at most {MAX_DEPTH} levels"
        ) from None
    check_shape(top, surrogates=_SURROGATE_ESCAPE.search(data) is not None)
    return top


def check_shape(top: Any, *, surrogates: bool = True) -> None:
    """Depth, list lengths and strings of parsed JSON (surrogates only when asked: only
    an escape in the file can produce one)."""
    stack: list[tuple[Any, str, int]] = [(top, "", 1)]
    while stack:
        value, path, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise _refuse(
                f"{path or 'the file'} is nested too deeply: a vdesk notes bundle has at most "
                f"{MAX_DEPTH} levels"
            )
        if type(value) is dict:
            for key, item in value.items():
                where = f"{path}.{key}" if path else str(key)
                if surrogates or len(key) > MAX_STRING:
                    _check_string(key, where)
                if type(item) is str:
                    if len(item) > MAX_STRING or surrogates:
                        _check_string(item, where)
                elif type(item) in (dict, list):
                    stack.append((item, where, depth + 1))
        elif type(value) is list:
            if len(value) > MAX_ITEMS:
                raise _refuse(
                    f"{path or 'the file'} has {len(value):,} items: a vdesk notes bundle has "
                    f"at most {MAX_ITEMS:,} in a list"
                )
            for i, item in enumerate(value):
                if type(item) is str:
                    if len(item) > MAX_STRING or surrogates:
                        _check_string(item, f"{path}[{i}]")
                elif type(item) in (dict, list):
                    stack.append((item, f"{path}[{i}]", depth + 1))
        elif type(value) is str:
            _check_string(value, path or "the file")


def _check_string(value: str, where: str) -> None:
    if len(value) > MAX_STRING:
        raise _refuse(
            f"{where} has {len(value):,} characters: a vdesk notes bundle has no text longer "
            f"than {MAX_STRING:,}"
        )
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise _refuse(
            f"{where} is not valid text: it has a lone surrogate (\\u{ord(value[exc.start]):04x}) "
            f"at character {exc.start}"
        ) from None
