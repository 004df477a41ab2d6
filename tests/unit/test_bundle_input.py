"""Bundle files that are too big, too deep, too many, or not text: refused with one
line before the full parse, quickly and in little memory; and (hypothesis) no value
of a bundle, however odd its numbers or its Unicode, gets past the check into the
notes store or raises anything but ``BundleError``."""

from __future__ import annotations

import contextlib
import json
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import asdict
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.unit.test_export_markdown import populate
from vdesk.notes import bundle_input
from vdesk.notes.bundle import BundleError, dump_bundle, make_bundle, parse_bundle
from vdesk.paths import AppPaths
from vdesk.store.corpus_db import CorpusRepo
from vdesk.store.notes.sqlite import SqliteNotesStore

HEAD = b'{"format": "vdesk-notes", "schema": 1, "exported": "2026-11-23T09:00:00Z", '


@pytest.fixture(scope="module")
def valid(tmp_path_factory: pytest.TempPathFactory, corpus_repo: CorpusRepo) -> dict[str, Any]:
    repo = SqliteNotesStore.open(AppPaths.resolve(tmp_path_factory.mktemp("input") / "src"))
    try:
        populate(repo, corpus_repo)
        b = make_bundle(repo, personal=True, confidential=True, now="2026-11-23T09:00:00Z")
    finally:
        repo.close()
    for item in b["annotations"] + b["national_notes"]:
        item["created"] = item["modified"] = "2026-11-23T09:00:00.000000Z"
    return b


def _refusal(data: bytes) -> str:
    with pytest.raises(BundleError) as err:
        parse_bundle(data)
    message = str(err.value)
    assert "\n" not in message
    return message


def test_size_is_checked_before_anything_else() -> None:
    data = b" " * (bundle_input.MAX_BYTES + 1)
    assert _refusal(data) == (
        "the file is larger than the 16 MiB a vdesk notes bundle may have (export fewer "
        "notes per bundle); nothing was imported"
    )


def test_too_many_containers_or_values() -> None:
    dicts = HEAD + b'"annotations": [' + b"{}," * 150_000 + b"{}]}"
    assert _refusal(dicts) == (
        "the file has 150,003 objects and lists: a vdesk notes bundle has at most 150,000; "
        "nothing was imported"
    )
    ints = HEAD + b'"annotations": [' + b"7," * 600_001 + b"7]}"
    assert _refusal(ints) == (
        "the file has 600,004 values: a vdesk notes bundle has at most 600,000; "
        "nothing was imported"
    )


def test_huge_integers_nan_and_deep_nesting() -> None:
    huge = (
        HEAD
        + b'"annotations": [], "national_notes": [], "colours": [{"position": '
        + (b"9" * 5000 + b"}]}")
    )
    assert _refusal(huge) == (
        "the file has an integer of 5000 digits: a vdesk notes bundle has none longer than 15; "
        "nothing was imported"
    )
    assert _refusal(HEAD + b'"schema": -1234567890123456}').startswith(
        "the file has an integer of 16 digits"
    )
    assert _refusal(HEAD + b'"x": NaN}') == (
        "the file is not valid JSON: NaN is not a JSON value; nothing was imported"
    )
    deep = HEAD + b'"annotations": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    assert _refusal(deep) == (
        "the file is nested too deeply: a vdesk notes bundle has at most 16 levels; "
        "nothing was imported"
    )
    twenty = HEAD + b'"x": ' + b"[" * 20 + b"]" * 20 + b"}"
    assert _refusal(twenty) == (
        "x" + "[0]" * 15 + " is nested too deeply: a vdesk notes "
        "bundle has at most 16 levels; nothing was imported"
    )


def test_long_strings_many_items_and_broken_unicode(valid: dict[str, Any]) -> None:
    b = json.loads(json.dumps(valid))
    b["national_notes"][2]["text"] = "x" * (bundle_input.MAX_STRING + 1)
    assert _refusal(dump_bundle(b)) == (
        "national_notes[2].text has 200,001 characters: a vdesk notes bundle has no text "
        "longer than 200,000; nothing was imported"
    )
    many = HEAD + b'"colours": [' + b'"a",' * 60_000 + b'"a"]}'
    assert _refusal(many) == (
        "colours has 60,001 items: a vdesk notes bundle has at most 50,000 in a list; "
        "nothing was imported"
    )
    b = json.loads(json.dumps(valid))
    b["annotations"][1]["comment"] = "half a pair: \ud83d"
    lone = json.dumps(b).encode()  # ensure_ascii writes the lone surrogate as \ud83d
    assert b"\\ud83d" in lone
    assert _refusal(lone) == (
        "annotations[1].comment is not valid text: it has a lone surrogate (\\ud83d) at "
        "character 13; nothing was imported"
    )
    b["annotations"][1]["comment"] = "a whole pair: \U0001f600"
    assert parse_bundle(json.dumps(b).encode()).annotations[1].comment == "a whole pair: 😀"
    assert _refusal(dump_bundle(valid).replace(b"Draft law", b"Draft \xed\xa0\x80law")) == (
        "the file is not a vdesk notes bundle: it is not UTF-8 text (byte "
        f"{dump_bundle(valid).index(b'Draft law') + 6})"
    )


def test_thousands_of_broken_items_stop_the_check_early() -> None:
    data = HEAD + b'"annotations": [' + b"{}," * 40_000 + b"{}]}"
    with pytest.raises(BundleError) as err:
        parse_bundle(data)
    problems = err.value.problems
    assert 1000 <= len(problems) < 1010  # the item that reached 1000 is told in full
    assert problems[0] == "annotations[0].id: missing"
    assert str(err.value).endswith(f"… and {len(problems) - 20} more (checking stopped there)")


BOMB = """
import sys, time
shape = sys.argv[1]
size = 14_000_000
body = {  # built lazily: only the one shape measured
    "dicts": lambda: b"[" + b"{}," * (size // 3) + b"{}]",
    "lists": lambda: b"[" + b"[]," * (size // 3) + b"[]]",
    "strings": lambda: b"[" + b'"ab",' * (size // 5) + b'"ab"]',
    "numbers": lambda: b"[" + b"1000," * (size // 5) + b"1]",
    "deep": lambda: b"[" * (size // 2) + b"]" * (size // 2),
    "items": lambda: b"[" + b'{"id": 1},' * (size // 10) + b"{}]",
    "text": lambda: b'[{"comment": "' + b"a" * size + b'"}]',
    "under": lambda: b"[" + b'"abcdefghijklmnopq",' * 599_000 + b'"a"]',  # just under the counts
}[shape]()
data = b'{"format": "vdesk-notes", "schema": 1, "annotations": ' + body + b"}"
del body
from vdesk.notes.bundle import BundleError, parse_bundle
t0 = time.perf_counter()
try:
    parse_bundle(data)
except BundleError as exc:
    message = str(exc).splitlines()[0]
else:
    message = "accepted"
seconds = time.perf_counter() - t0
# VmHWM, not ru_maxrss: that one keeps the high-water mark of the process that
# started this one (the test session) across exec
with open("/proc/self/status") as status:
    peak = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:")) / 1024
print(f"{seconds:.3f} {peak:.0f} {message}")
"""


@pytest.mark.parametrize(
    "shape", ["dicts", "lists", "strings", "numbers", "deep", "items", "text", "under"]
)
def test_a_14_mb_bomb_is_refused_in_2_s_and_200_mb(shape: str) -> None:
    """Before: 116 s and 7.4 GB for a bundle of 14 MB of empty items. The peak RSS is
    the whole process's: Python, vdesk's imports and the file itself."""
    r = subprocess.run(
        [sys.executable, "-c", BOMB, shape], capture_output=True, text=True, timeout=120
    )
    assert r.returncode == 0, r.stderr
    seconds, peak, message = r.stdout.split(" ", 2)
    assert message.strip() != "accepted"
    assert float(seconds) <= 2.0, r.stdout
    assert float(peak) <= 200, r.stdout


# --- hypothesis: numbers and Unicode at every place of a bundle ------------------------------

#: Every string and number of a bundle, by path.
_PLACES = [
    ("exported",),
    ("author",),
    ("schema",),
    ("annotations", 0, "id"),
    ("annotations", 0, "comment"),
    ("annotations", 0, "tags", 0),
    ("annotations", 0, "anchor", "start"),
    ("annotations", 0, "anchor", "end"),
    ("annotations", 0, "anchor", "quote"),
    ("annotations", 0, "anchor", "node_id"),
    ("annotations", 0, "colour"),
    ("annotations", 0, "created"),
    ("annotations", 1, "modified"),
    ("national_notes", 0, "text"),
    ("national_notes", 0, "country"),
    ("national_notes", 0, "date"),
    ("national_notes", 0, "legal_refs", 0),
    ("national_notes", 1, "modified"),
    ("colours", 0, "position"),
    ("colours", 0, "meaning"),
]

_NUMBERS = st.one_of(
    st.integers(),
    st.integers(min_value=-(10**40), max_value=10**40),
    st.sampled_from([2**63, 2**63 - 1, -(2**63) - 1, 10**15 - 1, 10**15, 0, -1]),
    st.floats(allow_nan=False, allow_infinity=False),
)
_TEXTS = st.one_of(
    st.text(),
    st.text(alphabet=st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF), min_size=1),
    st.text(alphabet=st.characters(blacklist_categories=()), max_size=30),
    st.sampled_from(["", "\x00", "\ufeff", "\U0010ffff", "e\u0301", "9999-12-31T23:59:59-23:59",
                     "0001-01-01T00:00:00+23:59", "2026-02-30", "ＡＴ", "at"]),
)  # fmt: skip


def _set(obj: Any, path: tuple[Any, ...], value: Any) -> None:
    for key in path[:-1]:
        obj = obj[key]
    if isinstance(obj, list) and path[-1] >= len(obj):
        obj.append(value)
    else:
        obj[path[-1]] = value


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield k
            yield from _strings(v)
    elif isinstance(value, list | tuple):
        for v in value:
            yield from _strings(v)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    changes=st.lists(
        st.tuples(st.sampled_from(_PLACES), st.one_of(_NUMBERS, _TEXTS)), min_size=1, max_size=3
    ),
    ascii_only=st.booleans(),
)
def test_any_number_or_unicode_is_accepted_cleanly_or_refused(
    valid: dict[str, Any], changes: list[tuple[tuple[Any, ...], Any]], ascii_only: bool
) -> None:
    b = json.loads(json.dumps(valid))
    for path, value in changes:
        _set(b, path, value)
    try:
        data = json.dumps(b, ensure_ascii=ascii_only).encode("utf-8", "surrogatepass")
    except ValueError:  # a float json cannot write
        return
    try:
        bundle = parse_bundle(data, now=None)
    except BundleError as exc:
        assert str(exc).splitlines()[0]
        return
    for a in bundle.annotations:  # what gets through can be stored and shown
        assert 0 <= a.anchor.start <= a.anchor.end < 10**15
    items = (*bundle.annotations, *bundle.national_notes, *bundle.colours)
    texts = [bundle.author, bundle.exported, bundle.app_version]
    for text in _strings([asdict(item) for item in items] + texts):
        text.encode("utf-8")  # no lone surrogate: SQLite and the terminal take it


@settings(max_examples=200, deadline=None)
@given(noise=st.binary(min_size=1, max_size=40), at=st.integers(min_value=0))
def test_random_bytes_anywhere_give_bundle_error_or_a_bundle(
    valid: dict[str, Any], noise: bytes, at: int
) -> None:
    data = dump_bundle(valid)
    at %= len(data)
    with contextlib.suppress(BundleError):
        parse_bundle(data[:at] + noise + data[at:])
