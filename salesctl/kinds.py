"""The record kinds: the one table of what each kind of record is and where it lives.

Every part of salesctl that knows a kind reads it from here: the loader (which folder, which file
layout, which field the file name or the month folder gives), `Records` (one attribute per
kind), the writer (where a new record goes, its next id), the record commands (help, example,
list columns, how `show`/`set` name a record, defaults, settable fields), month-end close
(which folders hold a month) and `diff`/`history` (keys, names in words).

Adding a kind is two edits: its msgspec Struct in salesctl/schema.py, and one `Kind(...)` in
`REGISTRY` below. For example a monthly goal file per person, goals/<YYYY-MM>/<staff>.yaml:

    class Goal(Base, kw_only=True):               # salesctl/schema.py
        text: str
        staff: str = ""                           # taken from the file name
        month: str = ""                           # taken from the folder name

    Kind("goal", "goals", Goal, "goals", help="Monthly goals.", example="salesctl goal list",
         columns=("month", "staff", "text"), key=("staff", "month"), order=("month", "staff"),
         month_field="month", by_month=True, named_by="staff", takes_month=True, id_field="")

tests/test_kinds.py registers such a kind and loads, lists and writes it with no other edit.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from salesctl.domain.calendar import month_of
from salesctl.i18n import N_


@dataclass(frozen=True)
class Kind:
    """One kind of record. Paths are relative to the records folder.

    File layout, from three settings:
    - `by_month` False: `<folder>/<id>.yaml`, one record a file (with `year_folder`, also
      `<folder>/<YYYY>/<id>.yaml`, where the writer puts new ones by that field's year);
    - `by_month` True, `is_log` False: `<folder>/<YYYY-MM>/<named_by>.yaml`, one record a file;
      the month is `month_field`'s (or, with `takes_month`, the folder gives that field; with
      `periods` the folder may name a quarter or a year too: reviews/2026Q3/S-0003.yaml);
    - `is_log` True: `<folder>/<YYYY-MM>/<named_by>.yaml`, a list of entries of one person's
      month; each entry's `month_field` must fall in the folder's month.
    A `named_by` other than "id" is a field the file name gives (not written in the file).
    """

    name: str                            # team, staff, lead, ... (the command group's name)
    folder: str                          # top folder under the records root
    schema: Any                          # its schema Struct (salesctl/schema.py), or that Struct's name there:
                                         # resolved on first use, so `salesctl --help` need not build the schema
    attr: str                            # the attribute of Records that holds them
    help: str = ""                       # the command group's help
    example: str = ""                    # the group's example: one command line that runs on the demo records
    sample: str = ""                     # a key of the demo records (records/), for the show and set examples;
                                         # or the id= of `add` when the demo has none (they run after the add)
    add: str = ""                        # FIELD=VALUE pairs of the add example, accepted on the demo records
    change: str = ""                     # FIELD=VALUE pairs of the set example, on `sample`
    columns: tuple[str, ...] = ()        # `list` columns (dotted paths)
    key: tuple[str, ...] = ("id",)       # fields that name one record for show/set, joined by ':'
    key_hint: str = ""                   # said when no record has the key typed
    order: tuple[str, ...] = ("id",)     # `list` order
    month_field: str = ""                # the field whose date (or YYYY-MM text) puts a record in a month
    by_month: bool = False               # files live under <folder>/<YYYY-MM>/
    is_log: bool = False                 # a file is a list of entries of one person's month
    named_by: str = "id"                 # the field the file name gives
    takes_month: bool = False            # month_field is given by the month folder, not written
    year_folder: str = ""                # field whose year may shard <folder>/<YYYY>/
    periods: bool = False                # by_month with takes_month: the folder may also be a quarter
                                         # (<folder>/<YYYYQn>/) or a year (<folder>/<YYYY>/); only month
                                         # folders are frozen by a month's close (month_folders)
    id_field: str = "id"                 # field unique within the kind (per person for logs); "" none
    prefix: str = ""                     # prefix of generated ids ("" none generated)
    mutable: tuple[str, ...] = ()        # fields `set` may change
    defaults: tuple[tuple[str, str], ...] = ()  # (field, "now" | "today") filled in by `add`
    plural: str = ""                     # in words, for diff summaries ("" = name + s)
    change_notes: tuple[tuple[str, str], ...] = ()  # (field, note) said of a changed record
    frozen: bool = True                  # closing a month freezes its month folder (by_month kinds)

    @property
    def type(self) -> type:
        """The schema Struct of the kind's records."""
        if isinstance(self.schema, str):
            from salesctl import schema

            return getattr(schema, self.schema)
        return self.schema

    @property
    def keyed(self) -> bool:
        """Held by id in a dict on Records (else a tuple in file order)."""
        return self.id_field == "id" and not self.is_log

    @property
    def path_fields(self) -> tuple[str, ...]:
        """Fields a file's path gives, not its text: named_by (unless id), and month_field with takes_month."""
        return ((self.named_by,) if self.named_by != "id" else ()) + ((self.month_field,) if self.takes_month else ())

    def path_values(self, stem: str, month: str | None) -> dict[str, str | None]:
        """The values of path_fields for a file named stem in the month folder month."""
        return {f: stem if f == self.named_by else month for f in self.path_fields}

    def key_of(self, rec) -> str:
        """How `show` and `set` name a record: its id, or e.g. STAFF:DATE for a log entry."""
        return ":".join(_text(getattr(rec, f)) for f in self.key)

    def sort_key(self, rec) -> tuple:
        return tuple(getattr(rec, f) for f in self.order)

    def month_of(self, rec) -> str:
        """YYYY-MM of the record ("" for a kind without a month)."""
        when = getattr(rec, self.month_field, None) if self.month_field else None
        if not when:
            return ""
        return when if isinstance(when, str) else month_of(when)

    def defaults_at(self, now: dt.datetime) -> dict[str, Any]:
        """The fields `add` fills in when not given, at the moment `now`."""
        return {f: now if how == "now" else now.date() for f, how in self.defaults}

    @property
    def words(self) -> str:
        return self.plural or self.name + "s"


def _text(value) -> str:
    return value.isoformat() if isinstance(value, (dt.date, dt.datetime)) else str(value)


_LOG = dict(by_month=True, is_log=True, named_by="staff")
# a log with one entry per person and day, keyed STAFF:YYYY-MM-DD (activity, attendance)
_DAY_LOG = dict(key=("staff", "date"), key_hint=N_(" (write STAFF:YYYY-MM-DD)"), order=("date", "staff"),
                month_field="date", id_field="date", defaults=(("date", "today"),), **_LOG)

REGISTRY: tuple[Kind, ...] = (
    Kind("team", "teams", "Team", "teams",
         help="Teams (小组): leader, deputy, department, targets.",
         example="salesctl team add name=会籍三组 department=会籍部 channel=inside", sample="T-01",
         add="name=会籍三组 department=会籍部 channel=inside", change="name=会籍精英组",
         columns=("id", "name", "leader", "deputy", "department", "channel"),
         prefix="T-", mutable=("name", "leader", "deputy", "department", "channel", "targets", "notes")),
    Kind("department", "departments", "Department", "departments",
         help="Departments (部门): name, manager, targets broken down to their teams (K11).",
         example="salesctl department add id=DP-01 name=外联部 targets.2026Q3=600000", sample="DP-01",
         add="id=DP-01 name=外联部 targets.2026Q3=600000", change="manager=S-0015",
         columns=("id", "name", "manager"), prefix="DP-", mutable=("name", "manager", "targets", "notes")),
    Kind("staff", "staff", "Staff", "staff",
         help="Staff: role, channel, status, targets, shifts and leave.",
         example="salesctl staff set S-0003 status=leave", sample="S-0003",
         add="name=林小雨 team=T-02 channel=inside joined=2026-11-02", change="status=leave",
         columns=("id", "name", "team", "role", "channel", "status", "joined", "left", "weight"),
         prefix="S-", defaults=(("joined", "today"),), plural="staff",
         mutable=("status", "team", "role", "channel", "left", "weight", "max_open_leads", "referred_by", "targets", "shifts", "phone", "notes")),
    Kind("lead", "leads", "Lead", "leads",
         help="Leads and customers (客户资源): owner, team, status, ownership log.",
         example="salesctl lead set L-00049 status=contacted", sample="L-00049",
         add="name=韩梅梅 phone=13900000101 source=walk-in team=T-01", change="status=contacted",
         columns=("id", "name", "source", "created", "team", "owner", "status", "grade"),
         month_field="created", year_folder="created", prefix="L-", defaults=(("created", "now"),),
         change_notes=(("owner", "reassigned"),),
         mutable=("owner", "status", "grade", "team", "designated", "booked", "phone", "email", "wechat", "intent",
                  "company", "industry", "size", "voucher", "referred_by", "submitted_by", "event", "notes")),
    Kind("deal", "deals", "Deal", "deals",
         help="Deals: amount, deposit, payment, refunds, credit overrides.",
         example="salesctl deal add lead=L-00049 kind=new product=年卡 amount=3680 signed=2026-10-08 payment.date=2026-10-08 payment.taken_by=S-0004", sample="D-00242",
         add="lead=L-00049 kind=new product=年卡 amount=3680 signed=2026-10-08 payment.date=2026-10-08 payment.taken_by=S-0004",
         change="notes=客户要求开发票",
         columns=("id", "signed", "lead", "kind", "product", "amount", "deposit.taken_by", "payment.taken_by"),
         month_field="signed", by_month=True, prefix="D-",
         mutable=("payment", "deposit", "delivered", "reported", "negotiation_reported", "contract_reviewed", "profit", "term",
                  "product", "notes", "credit")),
    Kind("visit", "visits", "Visit", "visits",
         help="Visits and calls, one log per person per month (跟进记录).",
         example="salesctl visit add staff=S-0004 lead=L-00049 kind=call summary=约了周六参观", sample="V-005565",
         add="staff=S-0004 lead=L-00049 kind=call summary=约了周六参观", change="rating=4",
         columns=("id", "at", "staff", "lead", "kind", "outcome", "rating"),
         order=("at", "id"), month_field="at", prefix="V-", defaults=(("at", "now"),),
         mutable=("outcome", "summary", "next", "rating", "answered", "responsible", "resolved", "category"), **_LOG),
    Kind("activity", "activity", "Activity", "activity",
         help="Telesales daily counts: calls, effective contacts, intention, orders.",
         example="salesctl activity add staff=S-0012 date=2026-11-02 calls=80 effective=25 intention=4 orders=1", sample="S-0012:2026-10-01",
         add="staff=S-0012 date=2026-11-02 calls=80 effective=25 intention=4 orders=1",
         change="calls=85",
         columns=("date", "staff", "calls", "effective", "intention", "orders"),
         mutable=("calls", "effective", "intention", "orders"), plural="activity days", **_DAY_LOG),
    Kind("attendance", "attendance", "Attendance", "attendance",
         help="Attendance: late, early, absent, leave, a shift swap and time off the post (O4).",
         example="salesctl attendance add staff=S-0003 date=2026-10-09 late_minutes=10", sample="S-0001:2026-10-06",
         add="staff=S-0003 date=2026-10-09 late_minutes=10", change="late_minutes=5",
         columns=("date", "staff", "late_minutes", "early_minutes", "absent", "leave"),
         mutable=("late_minutes", "early_minutes", "absent", "leave", "swap", "off_post"), plural="attendance days", **_DAY_LOG),
    Kind("review", "reviews", "Review", "reviews",
         help="Reviews of a month, quarter or year (K1-K3): self, leader, manager and peer ratings, who signed each "
              "stage (signed), the performance interview, objections to the posted result, training.",
         example="salesctl review set S-0003:2026-10 leader_rating=80", sample="S-0003:2026-10",
         add="staff=S-0009 month=2026-10 self_rating=85", change="leader_rating=80",
         columns=("month", "staff", "self_rating", "leader_rating", "manager_rating", "training_score", "nominations"),
         key=("staff", "month"), key_hint=N_(" (write STAFF:PERIOD, e.g. S-0003:2026-10, S-0003:2026Q3, S-0003:2026)"),
         order=("month", "staff"), month_field="month", by_month=True, named_by="staff", takes_month=True, id_field="",
         periods=True,
         mutable=("self_rating", "leader_rating", "manager_rating", "signed", "interview", "objections", "peers",
                  "training_attended", "training_held", "training_score", "nominations", "notes")),
    Kind("plan", "plans", "Plan", "plans",
         help="Improvement plans (改进计划): one per person and month it answers, due by a date (K5, K10).",
         example="salesctl plan set S-0014:2026-09 submitted=2026-10-10 content=每天多打20个电话", sample="S-0014:2026-09",
         add="staff=S-0012 month=2026-10 due=2026-11-10", change="submitted=2026-10-10 content=每天多打20个电话",
         columns=("month", "staff", "opened", "due", "submitted", "reviewed_by", "reviewed"),
         key=("staff", "month"), key_hint=N_(" (write STAFF:YYYY-MM)"), order=("month", "staff"),
         month_field="month", by_month=True, named_by="staff", takes_month=True, id_field="",
         defaults=(("opened", "today"),), frozen=False,   # written after the month it answers is closed
         mutable=("due", "submitted", "content", "reviewed_by", "reviewed", "notes")),
    Kind("training", "trainings", "Training", "trainings",
         help="Training sessions (培训): held by, for a team, attendees, test scores, notes handed in (K9).",
         example="salesctl training add date=2026-10-15 topic=竞品分析 held_by=S-0001 attendees=[S-0002,S-0003] scores.S-0002=85",
         sample="TR-0001", add="date=2026-10-15 topic=竞品分析 held_by=S-0001 attendees=[S-0002,S-0003] scores.S-0002=85",
         change="topic=产品知识：私教课程",
         columns=("id", "date", "topic", "held_by", "team", "required", "attendees"),
         order=("date", "id"), month_field="date", by_month=True, prefix="TR-",
         mutable=("topic", "team", "required", "invited", "attendees", "scores", "notes_from", "notes")),
    Kind("event", "events", "Event", "events",
         help="Events (活动, L7): organisers, budget and cost, head count, satisfaction, the summary report; leads "
              "gained name the event (lead set L-00049 event=EV-0001).",
         example="salesctl event add name=秋季品鉴会 date=2026-11-14 organisers=[S-0015] budget=8000 head_count=40",
         add="id=EV-0001 name=秋季品鉴会 date=2026-11-14 organisers=[S-0015] budget=8000 head_count=40",
         sample="EV-0001", change="satisfaction=88",
         columns=("id", "date", "name", "organisers", "budget", "cost", "head_count", "satisfaction"),
         order=("date", "id"), month_field="date", by_month=True, prefix="EV-",
         mutable=("name", "organisers", "place", "kind", "budget", "cost", "head_count", "satisfaction", "report",
                  "reported", "notes")),
)

# by name, in the order of REGISTRY (the order of `salesctl --help`, docs/records.md, diff summaries)
KINDS: dict[str, Kind] = {k.name: k for k in REGISTRY}


def by_folder() -> dict[str, Kind]:
    """Kinds by their top folder."""
    return {k.folder: k for k in KINDS.values()}


def month_folders() -> tuple[str, ...]:
    """Top folders whose files belong to one month and are frozen when that month is closed (an
    improvement plan answers a month, and is opened, handed in and reviewed after it closes)."""
    return tuple(k.folder for k in KINDS.values() if k.by_month and k.frozen)
