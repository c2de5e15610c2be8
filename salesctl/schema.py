"""One schema per record kind: the single definition of every field (where a kind lives and
how its records are named is salesctl/kinds.py).

Each kind is a frozen msgspec Struct. From it come validation and defaults (the loader),
the field tables in docs/records.md (`salesctl schema --markdown`) and JSON Schema for
editors (`salesctl schema --json KIND`). The description of a field and the domain.md
rule ids it serves are kept beside it, in `Annotated[..., meta(...)]`.

No `from __future__ import annotations` here: msgspec reads these annotations at run time.
"""
import datetime as dt
from decimal import Decimal
from typing import Annotated, ClassVar, Literal, Optional, Union

import msgspec

from salesctl.i18n import _
from salesctl.money import MAX_MONEY, to_money


class Money(Decimal):
    """An exact amount, at most two decimal places (written in YAML as a plain number)."""


class PositiveMoney(Money):
    """An amount above zero (a target, K11): zero or less is an error, not a target silently ignored."""


class NonNegativeMoney(Money):
    """An amount of zero or more (an event's budget or cost, L7): below zero is an error."""


class ClockTime(str):
    """A time of day, HH:MM on a 24-hour clock (an attendance entry's off_post, O4)."""


CLOCK_TIME = r"^([01]\d|2[0-3]):[0-5]\d$"


def dec_hook(typ, obj):
    """msgspec hook for our own scalar types."""
    if typ is ClockTime:
        import re

        if not isinstance(obj, str) or not re.match(CLOCK_TIME, obj):
            raise ValueError(f"expected a time of day HH:MM (24-hour clock, e.g. 09:30), got {obj!r}")
        return ClockTime(obj)
    if typ in (Money, PositiveMoney, NonNegativeMoney) and isinstance(obj, str):
        import re

        if not re.match(r"^-?[0-9]+(\.[0-9]+)?$", obj.strip()):   # as the JSON Schema says: no '3,68', '1e3' or '0x10' as text
            raise ValueError(_("expected an amount of money such as 3680 or 3680.50, got {value!r}").format(value=obj))
    if typ is Money:
        if isinstance(obj, Money):
            return obj
        return Money(to_money(obj))
    if typ is PositiveMoney:
        amount = obj if isinstance(obj, Money) else to_money(obj)
        if amount <= 0:
            raise ValueError(f"expected an amount above zero, got {amount}")
        return PositiveMoney(amount)
    if typ is NonNegativeMoney:
        amount = obj if isinstance(obj, Money) else to_money(obj)
        if amount < 0:
            raise ValueError(f"expected an amount of 0 or more, got {amount}")
        return NonNegativeMoney(amount)
    raise NotImplementedError(f"no conversion to {typ}")


# Money in JSON Schema: a number, or a string of digits with at most two decimals. Not `multipleOf:
# 0.01`: validators test that in binary floating point, so 5099.15 / 0.01 = 509914.99999… is
# rejected. A number's cents are checked by salesctl check (to_money), not by the editor.
_MAX = int(MAX_MONEY)  # to_money's bound
_MONEY_TEXT = r"^-?[0-9]+(\.[0-9]{1,2})?$"
_POSITIVE_TEXT = r"^(?!0+(\.0+)?$)[0-9]+(\.[0-9]{1,2})?$"
_NON_NEGATIVE_TEXT = r"^[0-9]+(\.[0-9]{1,2})?$"


def schema_hook(typ):
    """JSON Schema of our own scalar types (msgspec.json.schema)."""
    if typ is ClockTime:
        return {"type": "string", "pattern": CLOCK_TIME, "description": "a time of day, HH:MM (24-hour clock)"}
    if typ is PositiveMoney:
        return {"description": "an amount of money above zero, at most two decimal places",
                "anyOf": [{"type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": _MAX},
                          {"type": "string", "pattern": _POSITIVE_TEXT}]}
    if typ is NonNegativeMoney:
        return {"description": "an amount of money of 0 or more, at most two decimal places",
                "anyOf": [{"type": "number", "minimum": 0, "exclusiveMaximum": _MAX},
                          {"type": "string", "pattern": _NON_NEGATIVE_TEXT}]}
    if typ is Money:
        return {"description": "an amount of money, at most two decimal places",
                "anyOf": [{"type": "number", "exclusiveMinimum": -_MAX, "exclusiveMaximum": _MAX},
                          {"type": "string", "pattern": _MONEY_TEXT}]}
    raise NotImplementedError(f"no JSON Schema for {typ}")


def meta(description: str, rules: str = "", **kw) -> msgspec.Meta:
    extra = {"rules": rules} if rules else {}
    return msgspec.Meta(description=description, extra=extra, **kw)


TZDateTime = Annotated[dt.datetime, msgspec.Meta(tz=True)]
ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.-]*$"
ID_MAX = 64   # an id is a file name too: far under the file system's 255 bytes
Id = Annotated[str, msgspec.Meta(min_length=1, max_length=ID_MAX, pattern=ID_PATTERN)]
Month = Annotated[str, msgspec.Meta(pattern=r"^\d{4}-(0[1-9]|1[0-2])$")]
PeriodKey = Annotated[str, msgspec.Meta(pattern=r"^\d{4}(-(0[1-9]|1[0-2])|Q[1-4])?$",
                                        description="a month (YYYY-MM), quarter (YYYYQ1-4) or year (YYYY)")]
Count = Annotated[int, msgspec.Meta(ge=0)]
Rating = Annotated[int, msgspec.Meta(ge=1, le=5)]
Score100 = Annotated[float, msgspec.Meta(ge=0, le=100)]
HHMM = Annotated[str, msgspec.Meta(pattern=CLOCK_TIME)]   # a time of day in a policy (shifts), HH:MM

Channel = Literal["inside", "outside", "telesales", "outreach"]
Role = Literal["manager", "leader", "deputy", "member"]
StaffStatus = Literal["active", "leave", "left"]
Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
LeadStatus = Literal["new", "contacted", "visited", "negotiating", "won", "lost"]
Grade = Literal["important", "general", "potential"]
VisitKind = Literal["call", "visit", "tour", "message", "return-visit", "need-confirmed", "quote", "complaint"]
DealKind = Literal["new", "renewal", "transfer", "upgrade", "product", "refund", "adjustment"]


class Base(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True, omit_defaults=True):
    """Common settings of every record and nested part."""


# --------------------------------------------------------------------------- team
class Team(Base, kw_only=True):
    id: Annotated[Id, meta("Team id, also the file name: teams/<id>.yaml.", "O1")]
    name: Annotated[str, meta("Display name, e.g. 会籍一组.", "O1")]
    leader: Annotated[Optional[str], meta("Staff id of the team leader (组长); must be a member of the team.", "O1")] = None
    deputy: Annotated[Optional[str], meta("Staff id of the deputy (副组长), who acts for the leader when the leader is absent.", "O1")] = None
    department: Annotated[Optional[str], meta("Department (部门) the team belongs to.", "O1, A1")] = None
    channel: Annotated[Optional[Channel], meta("The channel the team sells in; used to route new leads to teams.", "O2, A1")] = None
    targets: Annotated[dict[PeriodKey, PositiveMoney], meta("Team sales target by month, quarter or year, keys as in staff targets (check: the members' add up to it).", "K11")] = {}
    notes: Annotated[Optional[str], meta("Free text.")] = None


# --------------------------------------------------------------------------- department
class Department(Base, kw_only=True):
    id: Annotated[Id, meta("Department record id, also the file name: departments/<id>.yaml.", "O1, K11")]
    name: Annotated[str, meta("The department's name as team and staff records write it (their `department`), e.g. 外联部.", "O1")]
    manager: Annotated[Optional[str], meta("Staff id of the department manager (部门经理).", "O1, A1")] = None
    targets: Annotated[dict[PeriodKey, PositiveMoney], meta(
        "The department's sales target by month, quarter or year (004 「將總體目標分解為部門和個人目標」); check: its "
        "teams' targets add up to it.", "K11")] = {}
    notes: Annotated[Optional[str], meta("Free text.")] = None


# --------------------------------------------------------------------------- staff
class Leave(Base, kw_only=True):
    start: Annotated[dt.date, meta("First day of leave.", "A4, O2")]
    end: Annotated[dt.date, meta("Last day of leave (inclusive).", "A4, O2")]
    why: Annotated[Optional[str], meta("Kind of leave, e.g. 年假, 病假.")] = None
    applied: Annotated[Optional[dt.date], meta(
        "When the leave was applied for in writing (001: leave over limits.leave_notice_days days is applied that many "
        "days ahead).", "O5")] = None
    approved_by: Annotated[Optional[str], meta("Staff id of who approved it (the supervisor, 主管).", "O5, O4")] = None
    handover: Annotated[Optional[str], meta("Who takes over the work and customers meanwhile, in words (000 工作交接).", "O5")] = None


class Staff(Base, kw_only=True):
    id: Annotated[Id, meta("Staff id, also the file name: staff/<id>.yaml.", "O1")]
    name: Annotated[str, meta("Name, e.g. 王芳.", "O1")]
    team: Annotated[Optional[str], meta("Team id; a department manager may have none.", "O1")] = None
    department: Annotated[Optional[str], meta("Department, for a manager without a team; others take their team's.", "O1")] = None
    role: Annotated[Role, meta("manager (部门经理), leader (组长), deputy (副组长) or member.", "O1")] = "member"
    channel: Annotated[Channel, meta("inside (内销), outside (外销), telesales (电销) or outreach (外联).", "O2")]
    status: Annotated[StaffStatus, meta("active, leave (on long leave) or left (gets no new leads, keeps history).", "O3, L6")] = "active"
    joined: Annotated[dt.date, meta("First working day.", "O3")]
    left: Annotated[Optional[dt.date], meta("Last working day, when status is left.", "O3")] = None
    weight: Annotated[float, meta("Ability weight for assignment: a member with weight 2 gets twice the leads of weight 1.", "A1", gt=0)] = 1.0
    referred_by: Annotated[Optional[str], meta("Staff id of who recommended this person for the job (内部推荐): they earn payout.referral_reward when this person passes probation.", "P7")] = None
    max_open_leads: Annotated[Optional[Count], meta("Most open leads this person may hold; empty takes the policy's assign.max_open_leads.", "L6, A1")] = None
    targets: Annotated[dict[PeriodKey, PositiveMoney], meta("Sales target by month, quarter or year, e.g. {2026-08: 50000, 2026Q3: 150000}; without its key, a period's is the sum of its months'.", "K4, K5, K11, P2, P3, P4")] = {}
    shifts: Annotated[dict[Weekday, str], meta("Shift worked on each weekday, e.g. {mon: early, tue: late}; names are defined in policy shifts. A weekday not listed is a day off.", "O2, A2, A4")] = {}
    leave: Annotated[tuple[Leave, ...], meta("Leave periods: the person is off duty and skipped by rotation (keeping their place).", "O2, A4")] = ()
    phone: Annotated[Optional[str], meta("Work phone.")] = None
    notes: Annotated[Optional[str], meta("Free text.")] = None


# --------------------------------------------------------------------------- lead
class Voucher(Base, kw_only=True):
    kind: Annotated[Literal["campaign", "consultant"], meta("campaign: a gift voucher or free card the company handed out (the holder counts as a new customer, A6); consultant: a consultant's own trial voucher or card (the holder is that consultant's designated customer, A3).", "A3, A6")]
    code: Annotated[Optional[str], meta("Voucher or card number.")] = None
    staff: Annotated[Optional[str], meta("For a consultant voucher: whose voucher it is.", "A3")] = None


class OwnerChange(Base, kw_only=True):
    when: Annotated[TZDateTime, meta("When the owner changed.", "L5")]
    by: Annotated[str, meta("Who changed it: a staff id, or salesctl for automatic rules.", "L5")]
    from_: Annotated[Optional[str], meta("Previous owner (empty: the shared pool).", "L5")] = msgspec.field(default=None, name="from")
    to: Annotated[Optional[str], meta("New owner (empty: back to the shared pool).", "L5")] = None
    rule: Annotated[Optional[str], meta("Rule id that decided it (A2, A3, A1, L6 …) or manual.", "L5")] = None
    why: Annotated[Optional[str], meta("Reason, in words.", "L5")] = None
    logged: Annotated[Optional[TZDateTime], meta("When the change was written, when later than `when` (a lead that waited in the pool is given when assign runs); ownership counts from the later of the two.", "L5, L6")] = None

    @property
    def effective(self) -> dt.datetime:
        """From when the change counts: `logged` when the change was written after `when`."""
        return self.logged if self.logged is not None and self.logged > self.when else self.when


class Lead(Base, kw_only=True):
    id: Annotated[Id, meta("Lead id, also the file name: leads/<id>.yaml or leads/<year>/<id>.yaml.", "L5")]
    name: Annotated[str, meta("Customer name (person, or contact person for a company).", "L1, L3")]
    phone: Annotated[Optional[str], meta("Phone.", "L1")] = None
    email: Annotated[Optional[str], meta("Email.", "L1")] = None
    wechat: Annotated[Optional[str], meta("WeChat id.", "L1")] = None
    company: Annotated[Optional[str], meta("Company name (outreach customers).", "L3")] = None
    industry: Annotated[Optional[str], meta("Company industry.", "L3")] = None
    size: Annotated[Optional[str], meta("Company size, e.g. 50-200.", "L3")] = None
    intent: Annotated[Optional[str], meta("What the customer wants (需求意向).", "L1")] = None
    source: Annotated[str, meta("Where the lead came from: walk-in, phone, web, event, flyer, referral, outreach, or any name in policy leads.sources.", "A1, A2")]
    created: Annotated[TZDateTime, meta("When the lead was created; for a walk-in the arrival time. With timezone.", "A2, L1")]
    submitted_by: Annotated[Optional[str], meta("Staff id of who found and submitted the lead (counts toward the weekly minimum, the prospects developed and the prospects screened).", "L1, L2, L8")] = None
    event: Annotated[Optional[str], meta("Event id (events/<YYYY-MM>/<id>.yaml) the lead was gained at, for a lead of source event: it counts in the event's leads and the organisers' event_leads.", "L7")] = None
    team: Annotated[Optional[str], meta("Team the lead belongs to (empty: not yet given to a team).", "A1")] = None
    owner: Annotated[Optional[str], meta("Staff id of the owner; empty means the shared pool (公海).", "L5, L6")] = None
    designated: Annotated[Optional[str], meta("Staff id the customer asked for by name or booked with (指定客).", "A3")] = None
    booked: Annotated[Optional[TZDateTime], meta("When the customer booked this visit with the designated consultant (与客户事先预约好); booked before they arrive, an off-duty designee may serve them.", "A7, A3")] = None
    voucher: Annotated[Optional[Voucher], meta("Voucher or card the customer showed.", "A3, A6, S3")] = None
    referred_by: Annotated[Optional[str], meta("Lead id of the customer who brought this one (a friend).", "S4")] = None
    grade: Annotated[Optional[Grade], meta("Customer value grade: important, general, potential (重要/一般/潜在).", "L4, L6")] = None
    status: Annotated[LeadStatus, meta("new, contacted, visited, negotiating, won, lost.", "L6")] = "new"
    log: Annotated[tuple[OwnerChange, ...], meta("Ownership log: every owner change, oldest first.", "L5")] = ()
    notes: Annotated[Optional[str], meta("Free text.")] = None


# --------------------------------------------------------------------------- visits
class NextStep(Base, kw_only=True):
    date: Annotated[dt.date, meta("When the next follow-up is due.", "K8, T5")]
    action: Annotated[Optional[str], meta("What will be done.", "K8, T5")] = None


class Visit(Base, kw_only=True):
    id: Annotated[Id, meta("Entry id, unique across all visits.", "K8")]
    lead: Annotated[str, meta("Lead id.", "K8")]
    at: Annotated[TZDateTime, meta("When it happened, with timezone; must fall in the file's month.", "K8")]
    kind: Annotated[VisitKind, meta("call, visit (face to face), tour, message, return-visit, need-confirmed, quote, complaint.", "K8, T1, T3")]
    outcome: Annotated[Optional[str], meta("The customer's response.", "K8")] = None
    summary: Annotated[Optional[str], meta("Written summary of the visit or call.", "T5")] = None
    next: Annotated[Optional[NextStep], meta("Next step.", "K8, T5")] = None
    rating: Annotated[Optional[Rating], meta("Customer satisfaction when asked, 1 (very unhappy) to 5 (very happy).", "K4, K5")] = None
    answered: Annotated[Optional[TZDateTime], meta("For a complaint: when it was answered.", "T3")] = None
    responsible: Annotated[Optional[str], meta("For a complaint: staff id of the person responsible (责任人) for settling it; empty: who logged it.", "T3")] = None
    resolved: Annotated[Optional[TZDateTime], meta("For a complaint: when it was resolved to the customer's satisfaction (跟踪处理结果,直至客户满意); empty: still open.", "T3")] = None
    category: Annotated[Optional[str], meta("For a complaint: its category, for the complaint analysis (003 对客户投诉进行分析总结), e.g. 服务, 价格, 设施.", "T3")] = None
    staff: Annotated[str, meta("Who made the contact; taken from the file name, visits/<YYYY-MM>/<staff>.yaml.", "K8")] = ""


# --------------------------------------------------------------------------- telesales activity
class Activity(Base, kw_only=True):
    date: Annotated[dt.date, meta("The working day; must fall in the file's month.", "K7")]
    calls: Annotated[Count, meta("Calls made (电话拨打数量).", "K4, K7")] = 0
    effective: Annotated[Count, meta("Effective contacts (有效沟通客户数量).", "K4, K7")] = 0
    intention: Annotated[Count, meta("Intention customers found.", "K4, K7")] = 0
    orders: Annotated[Count, meta("Orders closed.", "K4, K7")] = 0
    staff: Annotated[str, meta("Taken from the file name, activity/<YYYY-MM>/<staff>.yaml.", "K7")] = ""


# --------------------------------------------------------------------------- deals
class Deposit(Base, kw_only=True):
    amount: Annotated[Money, meta("Deposit (定金) amount.", "S1")]
    date: Annotated[dt.date, meta("When the deposit was taken.", "S1")]
    taken_by: Annotated[str, meta("Staff id who took the deposit.", "S1")]


class Payment(Base, kw_only=True):
    date: Annotated[dt.date, meta("When the payment was taken.", "S2")]
    taken_by: Annotated[str, meta("Staff id who took the payment.", "S2")]


class Reported(Base, kw_only=True):
    to: Annotated[str, meta("Staff id the deal was reported to (the team leader).", "T4")]
    at: Annotated[dt.date, meta("When.", "T4")]


class ContractReview(Base, kw_only=True):
    by: Annotated[str, meta("Staff id of who reviewed the agreement or contract terms (the team head or manager).", "T6")]
    at: Annotated[dt.date, meta("When; before signing.", "T6")]


class Term(Base, kw_only=True):
    start: Annotated[dt.date, meta("First day of the cooperation the contract covers.", "L3")]
    end: Annotated[Optional[dt.date], meta("Last day it covers (inclusive); empty: open-ended.", "L3")] = None
    months: Annotated[Optional[Count], meta("The term in months as the contract states it, e.g. 12.", "L3")] = None

    def __post_init__(self):
        if self.end is not None and self.end < self.start:
            raise ValueError(_("term ends {end} before it starts {start}").format(end=self.end, start=self.start))


class Share(Base, kw_only=True):
    staff: Annotated[str, meta("Staff id.", "S5")]
    share: Annotated[Decimal, meta("Percent of the deal, e.g. 70.", "S5")]


class Credit(Base, kw_only=True):
    by: Annotated[str, meta("Who set this override.", "S5")]
    why: Annotated[str, meta("Why.", "S5")]
    shares: Annotated[tuple[Share, ...], meta("The split; shares add up to 100.", "S5")]


class Deal(Base, kw_only=True):
    id: Annotated[Id, meta("Deal id, also the file name: deals/<YYYY-MM>/<id>.yaml, the month it was signed.", "S5")]
    lead: Annotated[str, meta("Lead id of the customer.", "S1-S4")]
    kind: Annotated[DealKind, meta("new, renewal, transfer, upgrade, product, refund, adjustment.", "S1")] = "new"
    product: Annotated[Optional[str], meta("What was sold, e.g. 年卡.")] = None
    amount: Annotated[Money, meta("Amount, exact to the cent. A refund gives the amount refunded (positive); only an adjustment may be negative.", "S5")]
    currency: Annotated[Optional[str], meta("Currency; empty takes the policy's currency.")] = None
    signed: Annotated[dt.date, meta("Date signed; decides the month.", "S5, K1")]
    deposit: Annotated[Optional[Deposit], meta("Deposit (定金), when one was taken.", "S1")] = None
    payment: Annotated[Optional[Payment], meta("The payment and who took it.", "S2")] = None
    profit: Annotated[Optional[Money], meta("Profit (销售利润).", "K4")] = None
    term: Annotated[Optional[Term], meta("The contract term (合作期限) of a company's cooperation: start, end, months.", "L3")] = None
    delivered: Annotated[Optional[dt.date], meta("When delivery was confirmed.", "T2")] = None
    reported: Annotated[Optional[Reported], meta("For a large deal: to whom and when it was reported.", "T4")] = None
    negotiation_reported: Annotated[Optional[Reported], meta(
        "Negotiation progress reported to the team head (及时向团队负责人汇报洽谈进展): to whom and when, before signing.", "T6")] = None
    contract_reviewed: Annotated[Optional[ContractReview], meta(
        "The agreement or contract terms reviewed before signing (签约前完成合同条款审核, 起草合作协议,提交审核): by whom and when.", "T6")] = None
    refund_of: Annotated[Optional[str], meta("For a refund: the deal refunded.", "S5")] = None
    credit: Annotated[Optional[Credit], meta("Manual override of the split, replacing all rules.", "S5")] = None
    notes: Annotated[Optional[str], meta("Free text.")] = None

    # where a problem __post_init__ raises is shown (salesctl.convert): the amount's line
    post_init_field: ClassVar[str] = "amount"

    def __post_init__(self):
        # S5: a record the engines would credit is refused where it loads, so no figure silently includes it
        if self.amount < 0 and self.kind != "adjustment":
            raise ValueError(_("amount {amount} is negative; only an adjustment deal may be negative (a refund gives the refunded amount as a positive number)").format(amount=self.amount))


# --------------------------------------------------------------------------- attendance
class Swap(Base, kw_only=True):
    with_: Annotated[Optional[str], meta("Staff id of the colleague swapped with (换班).", "O4")] = msgspec.field(default=None, name="with")
    shift: Annotated[str, meta("The shift actually worked that day: a name of policy shifts, or off (the person's shift "
                               "was given to `with` and they did not work).", "O4, A2, A4")]
    approved_by: Annotated[Optional[str], meta(
        "Staff id of the supervisor (主管) who arranged it; empty: not arranged, which counts as absence "
        "(「必须通知其主管,由主管做出安排后,方可执行,否则,按旷工处理」).", "O4, P5")] = None


class OffPost(Base, kw_only=True):
    from_: Annotated[ClockTime, meta("From, HH:MM, the day's clock.", "O4, A4")] = msgspec.field(name="from")
    to: Annotated[ClockTime, meta("To, HH:MM (after from).", "O4, A4")]
    why: Annotated[Optional[str], meta("Why, in words.", "O4")] = None
    approved_by: Annotated[Optional[str], meta(
        "Staff id of the supervisor (主管) who arranged it; empty: left the post without an arrangement, which counts "
        "as absence.", "O4, P5")] = None


class Attendance(Base, kw_only=True):
    date: Annotated[dt.date, meta("The day; must fall in the file's month.", "P5")]
    late_minutes: Annotated[Count, meta("Minutes late.", "P5")] = 0
    early_minutes: Annotated[Count, meta("Minutes left early.", "P5")] = 0
    absent: Annotated[Optional[Literal["half", "full"]], meta("Absent without leave: half or full day.", "P5")] = None
    leave: Annotated[Optional[str], meta("Approved leave that day (not an absence), e.g. 病假.", "O2")] = None
    swap: Annotated[Optional[Swap], meta(
        "A shift swap (换班) that day: {with, shift, approved_by}; the shift worked replaces the weekday's shift of the "
        "staff record for who is on post (A2, A4, O4's coverage).", "O4, A4, P5")] = None
    off_post: Annotated[tuple[OffPost, ...], meta(
        "Stretches of the day away from the post (离开) during the shift: [{from, to, why, approved_by}].", "O4, A4, P5")] = ()
    staff: Annotated[str, meta("Taken from the file name, attendance/<YYYY-MM>/<staff>.yaml.", "P5")] = ""


# --------------------------------------------------------------------------- reviews
class PeerRating(Base, kw_only=True):
    by: Annotated[str, meta("Staff id of the rater (a peer or the leader).", "K4")]
    teamwork: Annotated[Optional[Score100], meta("Cooperation, 0-100.", "K4")] = None
    sharing: Annotated[Optional[Score100], meta("Information sharing, 0-100.", "K4")] = None
    helping: Annotated[Optional[Score100], meta("Helping colleagues, 0-100.", "K4")] = None


Stage = Literal["self", "leader", "manager", "interview", "posted", "filed"]
RATING_STAGES: tuple[str, ...] = ("self", "leader", "manager")   # the stages that give a rating (<stage>_rating)


class Signed(Base, kw_only=True):
    by: Annotated[str, meta("Who gave the stage: a staff id, or a name such as 人力资源部 for HR.", "K1, K2, K3")]
    at: Annotated[TZDateTime, meta("When, with timezone (`review set` fills it with the time of the change; a date typed "
                                   "there is read as its midnight in the business zone).", "K1, K2, K3")]


class Interview(Base, kw_only=True):
    date: Annotated[dt.date, meta("When the performance interview (绩效面谈) was held.", "K3, K1, K10")]
    by: Annotated[str, meta("Staff id of the interviewer (the department manager in 003, the leader in 000).", "K3, K1")]
    plan: Annotated[Optional[str], meta("The agreed improvement plan (改进计划): text, or the key of a plan record.", "K3, K10")] = None
    notes: Annotated[Optional[str], meta("What was said.", "K3")] = None


class Objection(Base, kw_only=True):
    by: Annotated[str, meta("Who objected to the posted result (a staff id).", "K2")]
    at: Annotated[dt.date, meta("When the objection was raised.", "K2")]
    text: Annotated[str, meta("The objection.", "K2")]
    resolved: Annotated[Optional[dt.date], meta("When it was settled (empty: still open).", "K2")] = None


class Nomination(Base, kw_only=True):
    award: Annotated[Id, meta("The award nominated for: a nomination of payout.titles, e.g. teamwork, innovation.", "P6")]
    team: Annotated[Optional[str], meta("Team id: the whole group (小组) is nominated, not the reviewed person.", "P6")] = None
    by: Annotated[Optional[str], meta("Staff id of who nominated.", "P6")] = None
    why: Annotated[Optional[str], meta("What for, in words.", "P6")] = None


class Review(Base, kw_only=True):
    self_rating: Annotated[Optional[Score100], meta("Self-assessment (自评), 0-100.", "K2, K3")] = None
    leader_rating: Annotated[Optional[Score100], meta("The team leader's (销售组长, 组长, 团队负责人) rating, 0-100.", "K1, K2, K3")] = None
    manager_rating: Annotated[Optional[Score100], meta("The department manager's (部门经理) rating, 0-100 (003 「上級評價:銷售組長和部門經理」).", "K3")] = None
    signed: Annotated[dict[Stage, Signed], meta(
        "Who gave each stage of the review cycle and when: {stage: {by, at}}; stages self, leader, manager, "
        "interview, posted (公示), filed (HR 审核备案). posted and filed are done when signed.", "K1, K2, K3")] = {}
    interview: Annotated[Optional[Interview], meta("The performance interview (绩效面谈): date, by, plan, notes.", "K3, K1, K10")] = None
    objections: Annotated[tuple[Objection, ...], meta("Objections to the posted result (公示), each open until resolved.", "K2")] = ()
    peers: Annotated[tuple[PeerRating, ...], meta("Peer ratings of teamwork, information sharing and helping colleagues.", "K4")] = ()
    training_attended: Annotated[Count, meta("Training sessions attended.", "K4")] = 0
    training_held: Annotated[Count, meta("Training sessions held (taught).", "K4")] = 0
    training_score: Annotated[Optional[Score100], meta("Training test score, 0-100 (pass mark in policy).", "K4")] = None
    nominations: Annotated[tuple[Union[Id, Nomination], ...], meta(
        "Award nominations (P6): an award name (payout.titles' nomination, e.g. teamwork, innovation) nominates the "
        "reviewed person; a mapping {award, team, by, why} with a team id nominates the whole group (小组).", "P6")] = ()
    notes: Annotated[Optional[str], meta("Free text.")] = None
    staff: Annotated[str, meta("Taken from the file name, reviews/<PERIOD>/<staff>.yaml.", "K1")] = ""
    month: Annotated[str, meta("The period reviewed, taken from the folder name: a month (reviews/2026-10/), a quarter "
                               "(reviews/2026Q3/) or a year (reviews/2026/).", "K1, K2, K3")] = ""


# --------------------------------------------------------------------------- improvement plans
class PlanReason(Base, kw_only=True):
    rule: Annotated[Literal["K5", "K10"], meta("The rule that opened the plan: K5 (missed target, low satisfaction) or K10 (a fail grade).", "K5, K10")]
    why: Annotated[str, meta("Why, in words: e.g. credited 8000.00 < target 10000.00.", "K5, K10")]


class Plan(Base, kw_only=True):
    reasons: Annotated[tuple[PlanReason, ...], meta("Why the plan is owed (written by `salesctl plan open`).", "K5, K10")] = ()
    opened: Annotated[Optional[dt.date], meta("When the plan was asked for.", "K5, K10")] = None
    due: Annotated[dt.date, meta("When the plan is due: the answered month's last day plus limits.plan_due_days; change it to extend.", "K5, K10")]
    submitted: Annotated[Optional[dt.date], meta("When the person handed the plan in (empty: not yet).", "K5, K10")] = None
    content: Annotated[Optional[str], meta("The plan itself (改進計劃 / 改进措施).", "K5, K10")] = None
    reviewed_by: Annotated[Optional[str], meta("Staff id of who reviewed the plan (the leader or manager).", "K10, K3")] = None
    reviewed: Annotated[Optional[dt.date], meta("When it was reviewed.", "K10, K3")] = None
    notes: Annotated[Optional[str], meta("Free text.")] = None
    staff: Annotated[str, meta("Whose plan; taken from the file name, plans/<YYYY-MM>/<staff>.yaml.", "K5, K10")] = ""
    month: Annotated[str, meta("The month the plan answers; taken from the folder name.", "K5, K10")] = ""


# --------------------------------------------------------------------------- training
class Training(Base, kw_only=True):
    id: Annotated[Id, meta("Session id, also the file name: trainings/<YYYY-MM>/<id>.yaml, the month it was held.", "K9")]
    date: Annotated[dt.date, meta("The day the session was held; decides the month.", "K9")]
    topic: Annotated[str, meta("What was taught, e.g. 竞品分析, 销售话术演练.", "K9")]
    held_by: Annotated[str, meta("Staff id of who held it (the team head, 组长, or an experienced member).", "K9")]
    team: Annotated[Optional[str], meta(
        "Team id the session is for; empty: the team of held_by, or, for someone without a team (a department "
        "manager), every team of their department.", "K9")] = None
    required: Annotated[bool, meta("Attendance is required (004 「按时参加所有安排的培训活动,不得无故缺席」): a person "
                                   "invited who did not come and was not on leave is flagged.", "K9")] = True
    invited: Annotated[tuple[str, ...], meta(
        "Staff ids expected to attend; empty: the members of `team` (its department's, without a team) employed that "
        "day, held_by left out. Anyone on leave that day is excused.", "K9")] = ()
    attendees: Annotated[tuple[str, ...], meta("Staff ids who attended.", "K4, K9")] = ()
    scores: Annotated[dict[str, Score100], meta("Test score after the training (培训后进行考核) by staff id, 0-100; "
                                                "pass mark limits.training_pass.", "K4, K9")] = {}
    notes_from: Annotated[tuple[str, ...], meta("Staff ids who handed in training notes (培訓心得).", "K4, K9")] = ()
    notes: Annotated[Optional[str], meta("Free text.")] = None


# --------------------------------------------------------------------------- events
class Event(Base, kw_only=True):
    id: Annotated[Id, meta("Event id, also the file name: events/<YYYY-MM>/<id>.yaml, the month it was held.", "L7")]
    name: Annotated[str, meta("The event's theme (活動主題), e.g. 秋季品鑒會.", "L7")]
    date: Annotated[dt.date, meta("The day it was held (its first day); decides the month.", "L7")]
    organisers: Annotated[tuple[str, ...], meta(
        "Staff ids of who planned and ran it (活動策劃與執行); each is credited with the whole event in their "
        "event indicators.", "L7", min_length=1)]
    place: Annotated[Optional[str], meta("Where (地點).", "L7")] = None
    kind: Annotated[Optional[str], meta("Its form (活動形式), e.g. 主題晚會, 商務論壇, 品鑒會.", "L7")] = None
    budget: Annotated[Optional[NonNegativeMoney], meta("The budget (活動預算: venue, catering, promotion, gifts), 0 or more.", "L7")] = None
    cost: Annotated[Optional[NonNegativeMoney], meta("What it cost in the end, 0 or more; over the budget is flagged (limits.event_over_budget).", "L7")] = None
    head_count: Annotated[Optional[Count], meta("Guests who came (參與人數).", "L7")] = None
    satisfaction: Annotated[Optional[Score100], meta(
        "The guests' satisfaction asked after the event (了解他們對活動的滿意度), 0-100: the percent satisfied, or a "
        "survey's mean on a 100 scale (a 1-5 survey: x 20).", "L7")] = None
    report: Annotated[Optional[str], meta("The summary report (活動總結報告): effect, lessons; missing after limits.event_report_days is flagged.", "L7")] = None
    reported: Annotated[Optional[dt.date], meta("When the report was handed in (empty with a report: in time).", "L7")] = None
    notes: Annotated[Optional[str], meta("Free text.")] = None
