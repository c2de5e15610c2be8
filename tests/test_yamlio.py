"""yamlio: the fast emitter reads back to the same data; round-trip edits keep what an admin wrote."""
from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from zoneinfo import ZoneInfo

import yaml_rs
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from salesctl.money import to_money
from salesctl.yamlio import dumps, dumps_rt, load_rt, rt_value, scalar

TRICKY = [
    "", " ", "  leading spaces", "trailing ", "a: b", "a:b", "key:", "#x", "a #b", "a#b", "no", "yes", "No", "YES",
    "on", "off", "y", "n", "true", "False", "null", "Null", "~", "123", "-5", "1.5", "1e3", "0x1F", "0o17", "010",
    ".5", "+1", "1_000", ".inf", "-.inf", ".nan", "nan", "inf", "12:30", "-", "- a", "? a", "[x]", "{x}", "a, b",
    "!tag", "!!python/object", "&anchor", "*alias", "%x", "@x", "`x", "|", ">", "'", '"', "\\", "a\\nb", "a\nb",
    "a\rb", "a\tb", "\ttab", "a\t", "a: \tb", "x\x85y", "x\u2028y", "\ufeffbom", "\x00", "王芳", "会籍 一组", "欧阳娜娜: 组长",
    "老客户介绍 # 备注", "２０２６", "S-0001", "2026-08", "0138000", "13800000001",
]
texts = st.one_of(st.sampled_from(TRICKY), st.text(st.characters(exclude_categories=("Cs",)), max_size=12))
TZS = st.sampled_from([dt.timezone.utc, dt.timezone(dt.timedelta(hours=8)), dt.timezone(dt.timedelta(hours=-5, minutes=-30)),
                       ZoneInfo("Asia/Shanghai"), ZoneInfo("America/New_York")])
money = st.decimals(min_value=Decimal("-9999999999999.99"), max_value=Decimal("9999999999999.99"), places=2,
                    allow_nan=False, allow_infinity=False)
# Datetimes of the records' era: before ~1970 zoneinfo gives local mean time offsets with seconds
# (+08:05:43), which no YAML timestamp can carry.
times = st.datetimes(min_value=dt.datetime(1970, 1, 1), max_value=dt.datetime(2100, 1, 1), timezones=TZS)
scalars = st.one_of(texts, st.integers(-2 ** 63, 2 ** 63 - 1), st.dates(), times,
                    money, st.booleans(), st.none())
data = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                     st.dictionaries(texts, inner, max_size=4)), max_leaves=25)


def _yaml_rs_reads_as_timestamp(s: str) -> bool:
    """yaml-rs (parse_datetime=True) reads any timestamp-like scalar as a date, even quoted:
    no YAML text without a tag gives it back the string. The loader turns such values back
    into text for text fields (tests/test_loader.py::test_text_that_looks_like_a_date)."""
    return isinstance(yaml_rs.loads("v: " + json.dumps(s), parse_datetime=True)["v"], dt.date)


def _no_timestamp_text(x) -> bool:
    if isinstance(x, str):
        return not _yaml_rs_reads_as_timestamp(x)
    if isinstance(x, dict):
        return all(_no_timestamp_text(k) and _no_timestamp_text(v) for k, v in x.items())
    if isinstance(x, list):
        return all(map(_no_timestamp_text, x))
    return True


def _as_read(x, like):
    """What was read back, with money (written as a plain number) read the way the loader reads it."""
    if isinstance(like, Decimal) and isinstance(x, (int, float)) and not isinstance(x, bool):
        return to_money(x)
    if isinstance(like, dict) and isinstance(x, dict):
        return {k: _as_read(v, like.get(k)) for k, v in x.items()}
    if isinstance(like, list) and isinstance(x, list) and len(x) == len(like):
        return [_as_read(a, b) for a, b in zip(x, like)]
    return x


def _same(a, b) -> bool:
    """Equal, and of the same types all the way down (True is not 1, a date is not a datetime)."""
    if type(a) is not type(b) and not (isinstance(a, Decimal) and isinstance(b, Decimal)):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(map(_same, a, b))
    if isinstance(a, dt.datetime):
        # wall time and offset, not `==`: Python never finds a time in a DST gap or fold of one
        # zone equal to a time of another zone (PEP 495), though both name the same instant
        return a.replace(tzinfo=None) == b.replace(tzinfo=None) and a.utcoffset() == b.utcoffset()
    return a == b


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data)
def test_dumps_reads_back_to_the_same_data(value):
    assume(_no_timestamp_text(value))
    text = dumps(value)
    assert text.endswith("\n")
    back = yaml_rs.loads(text, parse_datetime=True)
    assert _same(_as_read(back, value), value), text


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(texts, data, min_size=1, max_size=4))
def test_round_trip_edit_keeps_the_other_values(value):
    """A file written by dumps, edited through ruamel round-trip, still reads back the same."""
    assume(_no_timestamp_text(value))
    doc = load_rt(dumps(value))
    doc["新字段"] = rt_value({"amount": Decimal("12.30"), "when": dt.datetime(2026, 8, 1, 9, 30, tzinfo=ZoneInfo("Asia/Shanghai"))})
    back = yaml_rs.loads(dumps_rt(doc), parse_datetime=True)
    extra = back.pop("新字段")
    assert _same(_as_read(back, value), value)
    assert to_money(extra["amount"]) == Decimal("12.30")
    assert extra["when"] == dt.datetime(2026, 8, 1, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=8)))


def test_scalars_are_written_plain_when_unambiguous():
    assert scalar("王芳") == "王芳"
    assert scalar("会籍 一组") == "会籍 一组"
    assert scalar("S-0001") == "S-0001"
    assert scalar("no") == '"no"'
    assert scalar("123") == '"123"'
    assert scalar("13800000001") == '"13800000001"'
    assert scalar("a: b") == '"a: b"'
    assert scalar(" x") == '" x"'
    assert scalar("") == '""'
    assert scalar("a\rb") == '"a\\rb"'
    assert scalar("x\x85y") == '"x\\u0085y"'
    assert scalar(Decimal("3680.00")) == "3680.00"
    assert scalar(None) == "null"
    assert scalar(dt.date(2026, 8, 1)) == "2026-08-01"
    assert scalar(dt.datetime(2026, 8, 1, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=8)))) == "2026-08-01T09:30:00+08:00"


def test_dumps_block_layout():
    assert dumps({"id": "L-1", "log": [{"when": dt.date(2026, 8, 1), "to": "S-1"}], "tags": [], "m": {}, "n": None}) == (
        "id: L-1\nlog:\n  - when: 2026-08-01\n    to: S-1\ntags: []\nm: {}\n\"n\": null\n")
    assert dumps([[1, 2], {"a": {"b": 1}}]) == "- - 1\n  - 2\n- a:\n    b: 1\n"


def test_round_trip_keeps_comments_order_quoting_and_null():
    text = '# 老客户介绍\nid: L-0001\nphone: "13800000001"\nname: \'张三\'\nlog:\n  - from: null\n    to: S-1  # 轮客\nstatus: new\n'
    doc = load_rt(text)
    doc["status"] = "contacted"
    assert dumps_rt(doc) == text.replace("status: new", "status: contacted")


def test_a_time_in_a_dst_gap_reads_back_as_written():
    """2008-03-09 02:00 does not exist in New York (clocks went 01:59 -> 03:00); hypothesis found it:
    it is written with its offset and reads back as the same instant."""
    value = dt.datetime(2008, 3, 9, 2, 0, tzinfo=ZoneInfo("America/New_York"))
    back = yaml_rs.loads(dumps({"when": value}), parse_datetime=True)["when"]
    assert _same(back, value)
    assert back.astimezone(dt.timezone.utc) == value.astimezone(dt.timezone.utc)
