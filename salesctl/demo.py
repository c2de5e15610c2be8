"""Deterministic demo organisations: `generate(root, scale, seed)` writes record files.

`salesctl demo DIR --scale small|medium|large --seed N` calls `generate` and then writes the
policy file and makes the first commit; this module writes record files only (no policy, no
git). The same scale and seed always give byte-identical files: the only randomness is one
`random.Random(seed)`, the dates are fixed (the period ends 2026-10-31, "today" of the demo),
and every file is written with `salesctl.yamlio.dumps`.

Scales (issue 3, items 7 and 8):

- small: the demo in records/. One club (星河会所) of 16 people: a department manager (部门经理),
  two inside teams (会籍一组/二组: leader, deputy, members; early and late shifts 早班/晚班),
  outside consultants (外销组), a telesales group (电销组) and an outreach specialist (外联),
  and three months, 2026-08 to 2026-10.
- medium: one large club of 40 people, 20,000 leads, about 100,000 visits, 12 months
  (2025-11 to 2026-10).
- large: a chain of 25 such clubs (1,000 people, 50 departments, 175 teams), 200,000 leads,
  about 1,000,000 visits, 12 months.

Every club, at every scale, is made by the same code, so the larger scales carry the same
kinds of cases as the demo (each club gets the scripted people below, and every month of every
club gets at least one of each case), plus more of them by proportion:

- people: a clear top seller (the "star", P2), one who misses target every month (P3), one
  whose customers are often unhappy (K5), one who leaves mid-period (O3; their open leads are
  handed over), one who joins mid-period, one on annual leave (A4), one on long leave at the
  end (status leave, L6), one absent three working days in a row (P5), late arrivals under and
  over 15 minutes, half- and full-day absences, sick days; reviews with self, leader and peer
  ratings, training scores (some below 80) and nominations; monthly targets for every seller,
  set after the sales are known so that most sellers are near their target;
- leads: walk-ins shared by fair rotation among the inside consultants on duty (A2, A4),
  designated customers with a consultant's trial voucher or asking by name (A3), campaign
  voucher holders (A6), an outside consultant's follow-up that ends in an inside consultant's
  sale, within the follow-up window and outside it (S2, S3), a friend referred by an outside
  consultant's customer (S4), members from before the period who renew, transfer, upgrade or
  buy products by deposit (S1), refunds in a later month, credit overrides (S5), deals of
  100,000 or more reported and not reported (T4), late deliveries (T2), late quotes (T1),
  complaints answered late (T3), leads idle for more than 15 days, leads reclaimed to the
  shared pool (L6), and, in the last days of the period, leads still in the pool for
  `salesctl assign` (walk-ins, designated walk-ins, phone, web and company leads without a team);
- a tie for a top-three place in the second month, when the sales allow it naturally (P1).

The thresholds the cases straddle (15 days idle, 30 days follow-up, 2 days to quote, ...) are
read from the policy defaults, so the cases stay on the right side of them.
"""
from __future__ import annotations

import datetime as dt
import os
from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from random import Random

from salesctl.policy import DEFAULT as POLICY
from salesctl.yamlio import dumps

TZ = dt.timezone(dt.timedelta(hours=8))
DAY = dt.timedelta(days=1)
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
CENT = Decimal("0.01")
AS_OF = dt.datetime(2026, 10, 31, 22, 0, tzinfo=TZ)  # the demo's "now": the end of its last month
AS_OF_DATE = AS_OF.date()

# The policy defaults the cases straddle (domain.md ids in brackets).
IDLE_DAYS = POLICY.reclaim.idle_days                 # L6: 15
FOLLOW_UP_DAYS = POLICY.split.follow_up_days         # S3: 30
QUOTE_DAYS = POLICY.limits.quote_days                # T1: 2
DELIVERY_DAYS = POLICY.limits.delivery_days          # T2: 3
COMPLAINT_HOURS = POLICY.limits.complaint_hours      # T3: 24
REPORT_THRESHOLD = Decimal(POLICY.limits.report_threshold)  # T4: 100000
SATISFIED = POLICY.score.satisfied_rating            # K5: 4


# ----------------------------------------------------------------------------- scales
@dataclass(frozen=True)
class Layout:
    """The people of one club (one joiner is added to the last inside team)."""

    inside_teams: int   # 会籍组, each: leader, deputy, members (the last team's last member leaves)
    inside_size: int
    outside: int        # 外销组: leader and consultants
    telesales: int      # 电销组: leader and agents
    outreach: int       # 外联组: leader and specialists (its own department, 外联部)

    @property
    def size(self) -> int:
        return 1 + self.inside_teams * self.inside_size + self.outside + self.telesales + self.outreach + 1


@dataclass(frozen=True)
class Scale:
    first_month: str
    months: int
    clubs: int
    layout: Layout
    leads: int              # leads in all, members from before the period included
    members: float          # share of a club's leads that are members from before the period
    widths: tuple           # id digits: team, staff, lead, deal, visit


CLUB40 = Layout(inside_teams=4, inside_size=6, outside=5, telesales=6, outreach=3)
SCALES: dict[str, Scale] = {
    "small": Scale("2026-08", 3, 1, Layout(2, 4, 2, 3, 1), 1300, 0.035, (2, 4, 5, 5, 6)),
    "medium": Scale("2025-11", 12, 1, CLUB40, 20_000, 0.04, (2, 4, 5, 5, 6)),
    "large": Scale("2025-11", 12, 25, CLUB40, 200_000, 0.04, (3, 4, 6, 6, 7)),
}

CLUB_NAMES = ("静安", "徐汇", "浦东", "长宁", "黄浦", "虹口", "杨浦", "普陀", "闵行", "宝山", "嘉定", "松江", "青浦",
              "奉贤", "金山", "朝阳", "海淀", "东城", "西城", "天河", "越秀", "福田", "南山", "西湖", "鼓楼")
NUMERALS = "一二三四五六七八九十"

# ----------------------------------------------------------------------------- words
SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟"
            "谭陆汪范金石廖贾夏韦方白邹孟熊秦邱江尹薛段雷侯龙史陶黎贺顾毛郝龚邵万钱严武戴莫孔汤")
COMPOUND_SURNAMES = ("欧阳", "司马", "上官", "诸葛", "慕容")
GIVEN = ("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚华建文辉力健广志义兴良海山波宁福龙元胜学祥才武新利清飞彬富顺信子"
         "昌成康星光达安岩中茂进林坚和博诚震振会思群豪心邦乐绍松善厚庆民友裕河哲江浩亮政谦奇翰朗宏言鸣朋斌栋维启克伦翔旭鹏泽"
         "晨辰士家致树德行泰盛雄琛钧冠策腾楠风航弘秀英慧巧美淑惠珠翠雅芝玉萍红玲芬燕彩春菊凤洁梅琳素云莲真环雪荣爱香月媛瑞凡佳"
         "嘉琼勤珍莉桂叶璐琦晶妍茜秋珊莎锦青倩婷婉娴瑾颖露瑶怡雁蓓仪荷丹蓉君琴蕊薇菁梦岚婕馨韵园艺卿聪澜纯悦昭冰爽茗羽希欣育"
         "筠柔竹凝晓欢霄枫芸菲寒伊亚宜可舒思")
INTENTS = ("减脂", "增肌", "塑形", "康复训练", "游泳", "瑜伽", "团课", "私教", "产后恢复", "体能提升", "改善体态")
COMPANY_HEADS = ("华东", "申城", "浦江", "东方", "金桥", "星辰", "远景", "博创", "恒信", "中联", "新元", "睿智", "启航", "嘉禾",
                 "万象", "鼎盛", "汇通", "联创", "瑞丰", "宏图", "天成", "明德", "海纳", "云帆")
INDUSTRIES = (("科技", "互联网"), ("信息技术", "互联网"), ("贸易", "零售"), ("金融服务", "金融"), ("制造", "制造业"),
              ("教育科技", "教育"), ("医疗器械", "医疗"), ("物流", "物流"), ("文化传媒", "传媒"), ("置业", "房地产"),
              ("电子商务", "零售"), ("咨询", "专业服务"))
SIZES = ("20-50", "50-200", "200-500", "500-1000", "1000+")

# (product, list price, margin)
CARDS = (("月卡", 699, 0.75), ("季卡", 1999, 0.72), ("半年卡", 3599, 0.7), ("年卡", 5999, 0.68), ("两年卡", 9999, 0.66),
         ("私教课10节", 3000, 0.55), ("私教课30节", 8400, 0.52))
CARD_WEIGHTS = {"normal": (10, 20, 16, 30, 8, 9, 7), "star": (3, 8, 10, 32, 20, 10, 17), "low": (30, 30, 14, 16, 3, 5, 2),
                "tele": (30, 30, 15, 18, 2, 4, 1)}
DISCOUNTS = (Decimal("0.95"), Decimal("0.9"), Decimal("0.88"), Decimal("0.85"))
RENEWALS = (("年卡续费", 5999, "0.9"), ("季卡续费", 1999, "0.95"), ("月卡续费", 699, "1"), ("两年卡续费", 9999, "0.88"))
UPGRADES = (("季卡升级年卡", 4000), ("年卡升级两年卡", 4500), ("月卡升级季卡", 1300))
PRODUCTS = (("私教课10节", 3000), ("私教课20节", 5600), ("私教课30节", 8400), ("营养补剂套装", 699), ("体测及训练计划", 399))

TOUR_OUT = ("参观器械区和团课教室，兴趣较大", "对私教课感兴趣", "嫌价格偏高，回去考虑", "带朋友一起参观", "对泳池很满意",
            "关心营业时间和停车", "想先体验一次团课")
CALL_OUT = ("电话沟通，约周末到店", "未接通，稍后再打", "客户表示再考虑", "已发送价格表", "客户出差，下周再联系", "对活动价感兴趣",
            "询问私教价格")
MSG_OUT = ("微信发送课程表", "发送活动海报", "客户回复会来参观", "发送会籍价格", "客户已读未回")
VISIT_OUT = ("到店面谈，倾向年卡", "面谈后带看团课", "面谈：比较了几家健身房", "当面讲解会籍权益")
OUTREACH_OUT = ("上门拜访人事部，介绍员工福利方案", "与行政经理面谈", "参加企业开放日，现场体测", "约负责人到会所参观")
NEED_OUT = ("确认需求：减脂加私教", "确认需求：年卡，早上锻炼", "确认需求：游泳和团课", "确认需求：产后恢复")
NEED_COMPANY = ("确认企业需求：员工健身福利", "确认企业需求：团建与年卡", "确认企业需求：高管私教")
QUOTE_OUT = ("报价：年卡活动价，首月赠私教 2 节", "发送报价单", "报价：私教课套餐", "报价：两年卡加赠储物柜")
QUOTE_COMPANY = ("发送企业团卡报价单", "报价：企业年卡按人数阶梯价")
RETURN_OUT = ("回访：训练正常，满意", "回访：建议增加团课时段", "回访：对教练满意", "回访：提醒续卡", "回访：体测有进步")
COMPLAINTS = ("投诉：淋浴间热水不足", "投诉：教练迟到", "投诉：储物柜损坏", "投诉：团课人数太多", "投诉：前台态度不好",
              "投诉：空调太冷")
LOSE_OUT = ("客户表示不考虑", "已在别家办卡", "预算不够，暂不办理", "搬家离开本区")
NEXT_ACTIONS = ("电话回访", "邀约到店体验", "发送报价", "确认签约时间", "微信跟进", "约体测")
SUMMARIES = {
    "tour": ("带客户参观场馆，介绍会籍种类和价格", "参观后做了体测，讲解训练计划", "介绍团课和私教，客户倾向年卡"),
    "call": ("电话跟进，了解客户时间安排", "电话介绍本月活动", "电话确认到店时间"),
    "message": ("微信发送资料并解答疑问", "微信跟进，发送课程安排"),
    "visit": ("面谈，讲解会籍权益和价格", "面谈，确认训练目标", "拜访客户，介绍合作方案"),
    "need-confirmed": ("与客户确认需求和预算", "确认训练目标、时间和预算"),
    "quote": ("按客户需求出具报价", "发送正式报价"),
    "return-visit": ("售后回访，了解训练情况", "回访，收集意见"),
    "complaint": ("记录投诉，转交相关部门处理", "安抚客户，约定处理时间"),
}


def _months(first: str, n: int) -> tuple[str, ...]:
    y, m = map(int, first.split("-"))
    out = []
    for _ in range(n):
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return tuple(out)


def _month_bounds(mk: str) -> tuple[dt.date, dt.date]:
    y, m = map(int, mk.split("-"))
    first = dt.date(y, m, 1)
    nxt = dt.date(y + 1, 1, 1) if m == 12 else dt.date(y, m + 1, 1)
    return first, min(nxt - DAY, AS_OF_DATE)


def _mk(d: dt.date) -> str:
    return f"{d.year:04d}-{d.month:02d}"


def _minutes(hhmm: str) -> int:
    h, m = hhmm.split(":")
    return int(h) * 60 + int(m)


def _at(d: dt.date, minute: int) -> dt.datetime:
    return dt.datetime(d.year, d.month, d.day, minute // 60, minute % 60, tzinfo=TZ)


def _clean(d: dict) -> dict:
    return {k: v for k, v in d.items() if v is not None and v != [] and v != {}}


# The shifts of the policy defaults: minutes from midnight, and the breaks (A4: not on post).
SHIFTS = {}
for _name, _s in POLICY.shifts.items():
    _breaks = tuple((_minutes(b.split("-")[0]), _minutes(b.split("-")[1])) for b in _s.breaks)
    SHIFTS[_name] = (_minutes(_s.start), _minutes(_s.end), _breaks)
WALK_IN_WINDOWS = ((9 * 60 + 15, 11 * 60 + 55), (12 * 60 + 35, 17 * 60 + 55), (18 * 60 + 35, 21 * 60 + 30))


# ----------------------------------------------------------------------------- people
@dataclass(eq=False)
class Team:
    id: str
    name: str
    channel: str
    dept: str
    leader: "Person | None" = None
    deputy: "Person | None" = None
    members: list = field(default_factory=list)
    queue: list = field(default_factory=list)     # walk-in rotation (A2): next first
    walk_ins: int = 0


@dataclass(eq=False)
class Person:
    id: str
    name: str
    team: Team | None
    role: str
    channel: str
    dept: str
    joined: dt.date
    left: dt.date | None = None
    status: str = "active"
    shifts: dict = field(default_factory=dict)
    leave: list = field(default_factory=list)       # (start, end, why)
    weight: float = 1.0
    max_open: int | None = None
    perf: float = 1.0        # conversion and ticket size
    sat: float = 0.92        # chance a rating is satisfied (>= SATISFIED)
    tag: str = ""            # star, laggard, unhappy, leaver, joiner, ...
    phone: str | None = None
    off: set = field(default_factory=set)           # dates not working: leave, sick, absent all day
    workdays: list = field(default_factory=list)    # sorted working dates in the period
    attendance: dict = field(default_factory=dict)  # date -> entry
    targets: dict = field(default_factory=dict)
    intake: list = field(default_factory=list)      # dates leads were given (capacity, A1)

    def employed(self, d: dt.date) -> bool:
        return self.joined <= d and (self.left is None or d <= self.left)

    def on_leave(self, d: dt.date) -> bool:
        return any(s <= d <= e for s, e, _ in self.leave)

    def works(self, d: dt.date) -> bool:
        return WEEKDAYS[d.weekday()] in self.shifts and self.employed(d) and d not in self.off

    def next_workday(self, d: dt.date, limit: int = 21) -> dt.date | None:
        i = bisect_left(self.workdays, d)
        if i < len(self.workdays) and (self.workdays[i] - d).days <= limit:
            return self.workdays[i]
        return None

    def window(self, d: dt.date) -> tuple[int, int, tuple]:
        return SHIFTS[self.shifts[WEEKDAYS[d.weekday()]]]

    def on_post(self, t: dt.datetime) -> bool:
        d = t.date()
        if not self.works(d):
            return False
        start, end, breaks = self.window(d)
        m = t.hour * 60 + t.minute
        return start <= m < end and not any(b0 <= m < b1 for b0, b1 in breaks)


@dataclass(eq=False)
class Club:
    index: int
    name: str            # e.g. 星河会所
    prefix: str          # team name prefix ("" when the organisation is one club)
    dept: str            # 会籍部
    dept_out: str        # 外联部
    manager: Person | None = None
    teams: list = field(default_factory=list)
    inside_teams: list = field(default_factory=list)
    outside_team: Team | None = None
    tele_team: Team | None = None
    outreach_team: Team | None = None
    staff: list = field(default_factory=list)
    leads: list = field(default_factory=list)
    lead_by_id: dict = field(default_factory=dict)
    owner_channel: dict = field(default_factory=dict)   # lead id -> final owner's channel
    visits: list = field(default_factory=list)          # (staff id, at, entry)
    deals: list = field(default_factory=list)
    won_by: dict = field(default_factory=lambda: defaultdict(list))   # staff id -> won lead ids
    outside_owned: list = field(default_factory=list)   # lead ids owned by outside consultants
    handovers: int = 0


# ----------------------------------------------------------------------------- the generator
class Generator:
    def __init__(self, root: Path, scale: Scale, seed: int):
        self.root = Path(root)
        self.scale = scale
        self.rng = Random(seed)
        self.months = _months(scale.first_month, scale.months)
        self.start = _month_bounds(self.months[0])[0]
        self.widths = dict(zip("TSLDV", scale.widths))
        self.seq = dict.fromkeys("TSLDV", 0)
        self.counts: dict[str, int] = dict.fromkeys(
            ("team", "staff", "lead", "deal", "visit", "activity", "attendance", "review"), 0)
        self.files = 0
        self.dirs: set[str] = set()
        self.names: set[str] = set()
        self.done: set = set()          # (case, scope) already present
        self.club: Club = None  # type: ignore[assignment]
        self.staff_by_id: dict[str, Person] = {}
        self.ties: list[tuple] = []     # (month, staff, staff) of each club's top-three tie

    # -- small helpers -----------------------------------------------------------
    def next_id(self, kind: str) -> str:
        self.seq[kind] += 1
        return f"{kind}-{self.seq[kind]:0{self.widths[kind]}d}"

    def need(self, case: str, scope: str = "") -> bool:
        return (case, self.club.index, scope) not in self.done

    def got(self, case: str, scope: str = "") -> None:
        self.done.add((case, self.club.index, scope))

    def person_name(self) -> str:
        rng = self.rng
        for _ in range(1000):
            sur = rng.choice(COMPOUND_SURNAMES) if rng.random() < 0.03 else rng.choice(SURNAMES)
            given = rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.7 else "")
            name = sur + given
            if name not in self.names:
                self.names.add(name)
                return name
        raise RuntimeError("ran out of names")

    def customer_name(self) -> str:
        rng = self.rng
        sur = rng.choice(COMPOUND_SURNAMES) if rng.random() < 0.02 else rng.choice(SURNAMES)
        return sur + rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.65 else "")

    def phone(self) -> str:
        return "1" + self.rng.choice("3578") + "".join(self.rng.choice("0123456789") for _ in range(9))

    def write(self, rel: str, data) -> None:
        path = os.path.join(self.root, rel)
        folder = os.path.dirname(path)
        if folder not in self.dirs:
            os.makedirs(folder, exist_ok=True)
            self.dirs.add(folder)
        with open(path, "w", encoding="utf-8", newline="\n") as f:
            f.write(dumps(data))
        self.files += 1

    # -- the whole organisation ---------------------------------------------------------------
    def run(self) -> dict[str, int]:
        n = self.scale.clubs
        for i in range(n):
            name = "星河会所" if n == 1 else f"{CLUB_NAMES[i % len(CLUB_NAMES)]}{'' if i < len(CLUB_NAMES) else i // len(CLUB_NAMES) + 1}店"
            total = self.scale.leads // n + (1 if i < self.scale.leads % n else 0)
            self.make_club(i, name, total)
        return {**self.counts, "files": self.files}

    def make_club(self, index: int, name: str, total_leads: int) -> None:
        one = self.scale.clubs == 1
        club = Club(index, name, "" if one else name, "会籍部" if one else f"{name}会籍部", "外联部" if one else f"{name}外联部")
        self.club = club
        self.make_people(club)
        self.staff_by_id = {p.id: p for p in club.staff}
        self.plan_attendance(club)
        members = round(total_leads * self.scale.members)
        self.make_members(club, members)
        self.make_period_leads(club, total_leads - members)
        self.make_tie(club)
        self.set_targets(club)
        self.write_club(club)

    # -- people -------------------------------------------------------------------
    def new_team(self, club: Club, name: str, channel: str, dept: str) -> Team:
        t = Team(self.next_id("T"), f"{club.prefix}{name}", channel, dept)
        club.teams.append(t)
        return t

    def new_person(self, club: Club, team: Team | None, role: str, channel: str, shifts: dict, **kw) -> Person:
        rng = self.rng
        joined = kw.pop("joined", None) or self.start - DAY * rng.randint(60, 1500)
        p = Person(self.next_id("S"), self.person_name(), team, role, channel,
                   team.dept if team else club.dept, joined, shifts=shifts, **kw)
        p.perf = round(rng.uniform(0.8, 1.2), 2)
        p.sat = round(rng.uniform(0.86, 0.98), 2)
        if rng.random() < 0.5:
            p.phone = self.phone()
        club.staff.append(p)
        if team is not None:
            team.members.append(p)
            if channel == "inside":
                team.queue.append(p)
            if role == "leader":
                team.leader = p
            elif role == "deputy":
                team.deputy = p
        return p

    def make_people(self, club: Club) -> None:
        lay = self.scale.layout
        rng = self.rng
        office = {d: "day" for d in WEEKDAYS[:5]}
        club.manager = self.new_person(club, None, "manager", "inside", dict(office))
        club.manager.joined = self.start - DAY * rng.randint(700, 2000)
        for ti in range(lay.inside_teams):
            team = self.new_team(club, f"会籍{NUMERALS[ti]}组", "inside", club.dept)
            club.inside_teams.append(team)
            for i in range(lay.inside_size):
                role = "leader" if i == 0 else "deputy" if i == 1 else "member"
                self.new_person(club, team, role, "inside", self.inside_shifts(i, ti))
        club.outside_team = self.new_team(club, "外销组", "outside", club.dept)
        for i in range(lay.outside):
            self.new_person(club, club.outside_team, "leader" if i == 0 else "member", "outside", dict(office))
        club.tele_team = self.new_team(club, "电销组", "telesales", club.dept)
        for i in range(lay.telesales):
            days = [d for j, d in enumerate(WEEKDAYS) if j != (i % 6) and d != "sun"]
            self.new_person(club, club.tele_team, "leader" if i == 0 else "member", "telesales", {d: "day" for d in days})
        club.outreach_team = self.new_team(club, "外联组", "outreach", club.dept_out)
        for i in range(lay.outreach):
            role = "leader" if i == 0 else "deputy" if i == 1 and lay.outreach > 2 else "member"
            self.new_person(club, club.outreach_team, role, "outreach", dict(office))

        # The scripted people of every club (the cases of domain.md they carry in brackets).
        mid = self.months[len(self.months) // 2]
        first_mid, _ = _month_bounds(mid)
        t0, tl = club.inside_teams[0], club.inside_teams[-1]
        star = t0.members[2]
        star.tag, star.perf, star.weight = "star", 2.8, 1.5                       # P2: clear top seller
        if len(t0.members) > 3:
            unhappy = t0.members[3]
            unhappy.tag, unhappy.perf = "unhappy", 0.9                           # K5: satisfaction < 80%
            unhappy.sat = 0.45
        laggard = tl.members[2]
        laggard.tag, laggard.perf = "laggard", 0.3                               # P3: misses every target
        leaver = tl.members[-1]
        leaver.tag, leaver.status = "leaver", "left"                             # O3
        leaver.left = first_mid + DAY * (19 + rng.randint(-3, 3))
        joiner = self.new_person(club, tl, "member", "inside", dict(leaver.shifts),
                                 joined=first_mid + DAY * (13 + rng.randint(-3, 3)))
        joiner.tag, joiner.perf, joiner.weight, joiner.max_open = "joiner", 0.8, 0.7, 40
        for team in club.teams:
            if team.leader is not None:
                team.leader.weight = 1.2
        deputy = t0.deputy                                                       # A4: annual leave
        s = first_mid + DAY * (5 + rng.randint(0, 4))
        deputy.leave.append((s, s + DAY * 4, "年假"))
        deputy.tag = "annual-leave"
        tele = club.tele_team.members
        long_leave = tele[1]                                                     # L6: long leave
        ls = _month_bounds(self.months[-1])[0] + DAY * (17 + rng.randint(0, 3))
        long_leave.leave.append((ls, ls + DAY * 90, "产假"))
        long_leave.status, long_leave.tag = "leave", "long-leave"
        tele[2 % len(tele)].tag = tele[2 % len(tele)].tag or "absent3"           # P5: three days in a row
        for p in club.staff:
            if p.channel == "inside" and p.role != "manager" and not p.tag and rng.random() < 0.2:
                p.sat = round(rng.uniform(0.7, 0.85), 2)                         # some below 80% by chance

    def inside_shifts(self, i: int, ti: int) -> dict:
        """Each consultant works five days; every day has both early (早班) and late (晚班) on duty."""
        off = {(i + ti) % 7, (i + ti + 3) % 7}
        out = {}
        for j, d in enumerate(WEEKDAYS):
            if j in off:
                continue
            out[d] = "early" if (i + j) % 2 == 0 else "late"
        return out

    # -- attendance (P5) and days off ---------------------------------------------------
    def plan_attendance(self, club: Club) -> None:
        rng = self.rng
        days = [self.start + DAY * k for k in range((AS_OF_DATE - self.start).days + 1)]
        for p in club.staff:
            for s, e, why in p.leave:
                d = s
                while d <= min(e, AS_OF_DATE):
                    if WEEKDAYS[d.weekday()] in p.shifts and p.employed(d) and d >= self.start:
                        p.attendance[d] = {"date": d, "leave": why}
                    d += DAY
        for p in club.staff:
            if p.tag == "absent3":
                mk = self.months[-1] if len(self.months) < 6 else self.months[-3]
                first, last = _month_bounds(mk)
                cands = [d for d in days if first + DAY * 5 <= d <= last - DAY * 5 and
                         all(p.works(d + DAY * k) and (d + DAY * k) not in p.attendance for k in range(3)) and
                         all(WEEKDAYS[(d + DAY * k).weekday()] in p.shifts for k in range(3))]
                if cands:
                    d0 = rng.choice(cands)
                    for k in range(3):
                        p.attendance[d0 + DAY * k] = {"date": d0 + DAY * k, "absent": "full"}
                if len(self.months) >= 6:   # and five in the year (P5)
                    others = [d for d in days if p.works(d) and d not in p.attendance and _mk(d) != mk]
                    for d in rng.sample(others, 2):
                        p.attendance[d] = {"date": d, "absent": "full"}
        for p in club.staff:
            for d in days:
                if not p.works(d) or d in p.attendance:
                    continue
                r = rng.random()
                if r < 0.03:
                    p.attendance[d] = {"date": d, "late_minutes": rng.randint(2, 15)}
                elif r < 0.04:
                    p.attendance[d] = {"date": d, "late_minutes": rng.randint(16, 50)}
                elif r < 0.05:
                    p.attendance[d] = {"date": d, "early_minutes": rng.randint(5, 40)}
                elif r < 0.0525:
                    p.attendance[d] = {"date": d, "absent": "half"}
                elif r < 0.0545:
                    p.attendance[d] = {"date": d, "absent": "full"}
                elif r < 0.058:
                    p.attendance[d] = {"date": d, "leave": "病假"}
                    p.leave.append((d, d, "病假"))
        # Every month of every club has a late arrival on each side of 15 minutes and an early
        # leave; every club has a half-day and a full-day absence.
        for mk in self.months:
            first, last = _month_bounds(mk)
            month = [a for p in club.staff for d, a in p.attendance.items() if first <= d <= last]
            if not any(0 < a.get("late_minutes", 0) <= 15 for a in month):
                self.force_attendance(club, first, last, {"late_minutes": rng.randint(3, 14)})
            if not any(a.get("late_minutes", 0) > 15 for a in month):
                self.force_attendance(club, first, last, {"late_minutes": rng.randint(20, 45)})
            if not any(a.get("early_minutes") for a in month):
                self.force_attendance(club, first, last, {"early_minutes": rng.randint(10, 30)})
        for kind in ("half", "full"):
            if not any(a.get("absent") == kind for p in club.staff if p.tag != "absent3" for a in p.attendance.values()):
                self.force_attendance(club, self.start, AS_OF_DATE, {"absent": kind})
        for p in club.staff:
            p.leave.sort()
            for d, a in p.attendance.items():
                if a.get("leave") or a.get("absent") == "full":
                    p.off.add(d)
            p.workdays = [d for d in days if p.works(d)]

    def force_attendance(self, club: Club, first: dt.date, last: dt.date, entry: dict) -> None:
        rng = self.rng
        people = [p for p in club.staff if p.tag not in ("absent3", "long-leave")]
        for _ in range(200):
            p = rng.choice(people)
            d = first + DAY * rng.randint(0, (last - first).days)
            if p.works(d) and d not in p.attendance:
                p.attendance[d] = {"date": d, **entry}
                return

    # -- contacts (visits) --------------------------------------------------------------
    def contact(self, lead: dict, p: Person, day: dt.date, kind: str, *, not_before: dt.datetime | None = None,
                at: dt.datetime | None = None, outcome: str | None = None, next_days: int | None = None,
                rate: float = 0.0) -> dt.datetime | None:
        """Log a contact by p on the lead on their first working day from `day`; None when none is left."""
        rng = self.rng
        if at is not None and at.date() < self.start:
            return at                       # before the records begin: not logged
        if day < self.start:                # a pipeline lead's first contact in the records
            day = self.start + DAY * rng.randint(0, 6)
            not_before = None
        if at is None:
            d = p.next_workday(day)
            if d is None:
                return None
            start, end, breaks = p.window(d)
            lo = start + 10
            if not_before is not None and d == not_before.date():
                lo = max(lo, not_before.hour * 60 + not_before.minute + 5)
            if lo > end - 20:
                d = p.next_workday(d + DAY)
                if d is None:
                    return None
                lo = start + 10
            m = rng.randint(lo, end - 20)
            for b0, b1 in breaks:
                if b0 <= m < b1:
                    m = b1 + rng.randint(1, 15)
            at = _at(d, m)
        if at > AS_OF:
            return None
        entry = {"lead": lead["id"], "at": at, "kind": kind, "outcome": outcome or self.outcome(kind, lead),
                 "summary": rng.choice(SUMMARIES[kind]) if rng.random() > 0.03 else None}
        if next_days:
            entry["next"] = {"date": at.date() + DAY * next_days, "action": rng.choice(NEXT_ACTIONS)}
        if rate and rng.random() < rate:
            entry["rating"] = self.rating(p)
        self.club.visits.append((p.id, at, entry))
        return at

    def outcome(self, kind: str, lead: dict) -> str:
        c = self.rng.choice
        company = lead.get("company")
        if kind == "tour":
            return c(TOUR_OUT)
        if kind == "call":
            return c(CALL_OUT)
        if kind == "message":
            return c(MSG_OUT)
        if kind == "visit":
            return c(OUTREACH_OUT if company else VISIT_OUT)
        if kind == "need-confirmed":
            return c(NEED_COMPANY if company else NEED_OUT)
        if kind == "quote":
            return c(QUOTE_COMPANY if company else QUOTE_OUT)
        if kind == "return-visit":
            return c(RETURN_OUT)
        return c(COMPLAINTS)

    def rating(self, p: Person) -> int:
        rng = self.rng
        if rng.random() < p.sat:
            return 5 if rng.random() < 0.55 else 4
        r = rng.random()
        return 3 if r < 0.5 else 2 if r < 0.8 else 1

    # -- leads ---------------------------------------------------------------------
    def new_lead(self, created: dt.datetime, source: str, *, company: bool = False, **fields) -> dict:
        rng = self.rng
        lead = {"id": self.next_id("L"), "name": self.customer_name(), "phone": self.phone()}
        if rng.random() < 0.4:
            lead["wechat"] = "wx" + "".join(rng.choice("abcdefghjkmnpqrstuvwxyz23456789") for _ in range(8))
        if company:
            core, industry = rng.choice(INDUSTRIES)
            lead["company"] = f"上海{rng.choice(COMPANY_HEADS)}{core}有限公司"
            lead["industry"] = industry
            lead["size"] = rng.choice(SIZES)
            lead["email"] = f"hr{rng.randint(1, 99)}@{''.join(rng.choice('abcdefghkmnprstwxyz') for _ in range(6))}.com.cn"
            lead["intent"] = rng.choice(("员工健身福利", "团建活动", "企业年卡", "高管私教"))
        else:
            lead["intent"] = rng.choice(INTENTS)
        lead["source"] = source
        lead["created"] = created
        for k in ("submitted_by", "team", "owner", "designated", "voucher", "referred_by", "grade"):
            lead[k] = fields.get(k)
        lead["status"] = "new"
        lead["log"] = []
        self.club.leads.append(lead)
        self.club.lead_by_id[lead["id"]] = lead
        return lead

    def give(self, lead: dict, p: Person | None, when: dt.datetime, rule: str, why: str, by: str = "salesctl") -> None:
        lead["log"].append({"when": when, "by": by, "from": lead.get("owner"), "to": p.id if p else None,
                            "rule": rule, "why": why})
        lead["owner"] = p.id if p else None
        if p is not None:
            lead["team"] = p.team.id if p.team else lead.get("team")
            p.intake.append(when.date())

    def holder(self, lead: dict, owner: Person, day: dt.date) -> Person:
        """The owner on `day`: a consultant who has left hands their open leads over (O3)."""
        if owner.left is None or day <= owner.left:
            return owner
        team = owner.team
        succ = [m for m in team.members if m is not owner and m.employed(owner.left + DAY) and m.status != "leave"]
        new = succ[self.club.handovers % len(succ)]
        self.club.handovers += 1
        by = team.leader.id if team.leader is not None and team.leader is not owner else self.club.manager.id
        self.give(lead, new, _at(owner.left + DAY, 9 * 60 + 30), "manual", f"{owner.name}离职，客户交接给{new.name}", by)
        return new

    def by_capacity(self, team: Team, d: dt.date, exclude: Person | None = None) -> Person | None:
        """A1: the member with the fewest leads in the last 30 days for their weight; stable ties."""
        best, best_key = None, None
        for m in team.members:
            if m is exclude or not m.employed(d) or m.on_leave(d):
                continue
            recent = sum(1 for x in m.intake[-200:] if (d - x).days < 30)
            key = (recent / m.weight, m.id)
            if best_key is None or key < best_key:
                best, best_key = m, key
        return best

    def rotation(self, t: dt.datetime, teams: list | None = None) -> Person | None:
        """A2/A4: the next inside consultant on post in the rotation of the team with fewest walk-ins."""
        teams = sorted(teams or self.club.inside_teams, key=lambda tm: (tm.walk_ins, tm.id))
        for team in teams:
            for i, p in enumerate(team.queue):
                if p.on_post(t):
                    team.queue.append(team.queue.pop(i))
                    team.walk_ins += 1
                    return p
        return None

    def time_on_post(self, p: Person, day: dt.date) -> dt.datetime:
        """A time on `day` when p is on post: inside the shift, not at a break."""
        start, end, breaks = p.window(day)
        m = self.rng.randint(start + 10, end - 30)
        for b0, b1 in breaks:
            if b0 <= m < b1:
                m = b1 + self.rng.randint(1, 15)
        return _at(day, m)

    def walk_in_time(self, day: dt.date) -> dt.datetime:
        rng = self.rng
        w = rng.choices(WALK_IN_WINDOWS, weights=(3, 5, 4))[0]
        return _at(day, rng.randint(w[0], w[1]))

    def status_of(self, lead: dict, kinds: set) -> str:
        if "quote" in kinds or "need-confirmed" in kinds:
            return "negotiating"
        if kinds & {"tour", "visit"}:
            return "visited"
        return "contacted" if kinds else "new"

    def win_chance(self, base: float, p: Person) -> float:
        return min(0.9, base * p.perf)

    def fate(self, base: float, p: Person) -> str:
        r = self.rng.random()
        w = self.win_chance(base, p)
        return "won" if r < w else "lost" if r < w + (1 - w) * 0.7 else "open"

    # -- following a lead up ------------------------------------------------------------
    def pursue(self, lead: dict, owner: Person, t: dt.datetime, fate: str, style: str, kinds_done: set,
               touches: int | None = None) -> tuple[Person, dt.datetime, dict | None]:
        """Follow the lead up after a first contact at t, to its fate. Returns (owner, last contact, deal)."""
        rng = self.rng
        n = touches if touches is not None else self.touches(style)
        steps = ["touch"] * n
        negotiate = fate == "won" or rng.random() < (0.3 if fate == "lost" else 0.25)
        if negotiate:
            i = rng.randint(0, len(steps))
            steps[i:i] = ["need-confirmed", "quote"]
        steps.append({"won": "sign", "lost": "lose", "open": "stop"}[fate])
        need_at = None
        prev = t
        for step in steps:
            if step == "stop":
                break
            if step == "quote":
                late = self.need("T1-late", _mk(need_at.date())) or rng.random() < 0.05
                gap = rng.randint(QUOTE_DAYS + 1, QUOTE_DAYS + 4) if late else (0 if rng.random() < 0.7 else 1)
            elif step == "need-confirmed":
                gap = rng.randint(0, 3)
            else:
                gap = rng.randint(1, 6)
            day = t.date() + DAY * gap
            owner = self.holder(lead, owner, day)
            if step == "sign":
                deal_at = self.contact(lead, owner, day, "visit" if style != "tele" else "call", not_before=t,
                                       outcome="签约成交" if style != "outreach" else "签订企业合作协议")
                if deal_at is None:
                    return owner, t, None
                kinds_done.add("visit")
                deal = self.new_deal(lead, owner, deal_at, style, deposit_at=prev)
                return owner, deal_at, deal
            if step == "lose":
                at = self.contact(lead, owner, day, rng.choice(("call", "message")), not_before=t,
                                  outcome=rng.choice(LOSE_OUT))
                if at is not None:
                    lead["status"] = "lost"
                return owner, at or t, None
            if step == "touch":
                kind = self.touch_kind(style)
            else:
                kind = step
            same_day = None
            if step == "quote" and gap == 0 and t.date() >= self.start:
                same_day = t + dt.timedelta(minutes=rng.randint(20, 90))
                if not owner.works(same_day.date()) or same_day.hour * 60 + same_day.minute > owner.window(same_day.date())[1]:
                    same_day = None
            at = self.contact(lead, owner, day, kind, not_before=t, at=same_day, next_days=rng.randint(2, 7),
                              rate=0.2 if kind in ("tour", "visit") else 0.0)
            if at is None:
                return owner, t, None
            if step == "need-confirmed":
                need_at = at
            if step == "quote" and (at.date() - need_at.date()).days > QUOTE_DAYS:
                self.got("T1-late", _mk(need_at.date()))
            kinds_done.add(kind)
            prev, t = t, at
        return owner, t, None

    def touches(self, style: str) -> int:
        rng = self.rng
        base = {"inside": (0, 4), "outside": (1, 4), "tele": (0, 3), "outreach": (1, 5)}[style]
        return rng.randint(*base)

    def touch_kind(self, style: str) -> str:
        r = self.rng.random()
        if style == "inside":
            return "call" if r < 0.35 else "message" if r < 0.65 else "visit" if r < 0.85 else "tour"
        if style == "outside":
            return "call" if r < 0.35 else "visit" if r < 0.7 else "message"
        if style == "tele":
            return "call" if r < 0.75 else "message"
        return "visit" if r < 0.45 else "call" if r < 0.8 else "message"

    def settle(self, lead: dict, owner: Person | None, last: dt.datetime, kinds: set, style: str) -> None:
        """After the story: status, hand-over of a leaver's open lead, the pool (L6), aftercare."""
        rng = self.rng
        club = self.club
        if lead["status"] not in ("won", "lost"):
            lead["status"] = self.status_of(lead, kinds)
        open_ = lead["status"] not in ("won", "lost")
        if open_ and owner is not None:
            owner, last = self.hand_over_open(lead, owner, last, style, kinds)
        # L6: the pool job ran weekly, last a week before the end, so leads idle for more than 15 days
        # at the end are those that became idle since (salesctl reclaim has them to do).
        while owner is not None and open_:
            back = last.date() + DAY * (IDLE_DAYS + 1)
            if back > AS_OF_DATE - DAY * 7 or (owner.status == "leave" and owner.on_leave(back)):
                break
            if owner.left is not None and owner.left < back:
                owner, last = self.hand_over_open(lead, owner, last, style, kinds)
                continue
            self.give(lead, None, _at(back, 2 * 60), "L6", f"{IDLE_DAYS} 天未跟进，回收公海")
            old, owner = owner, None
            if rng.random() < 0.5:
                break
            d = back + DAY * rng.randint(1, 5)
            new = self.by_capacity(old.team, d, exclude=old)
            if new is None:
                break
            self.give(lead, new, _at(d, 9 * 60 + 5), "A1", f"公海再分配：{new.team.name}按产能")
            owner, last = new, _at(d, 9 * 60 + 5)
            at = self.contact(lead, new, d, self.touch_kind(style), next_days=rng.randint(3, 10))
            if at is not None:
                kinds.add("call")
                last = at
        if open_ and owner is not None:
            owner, last = self.hand_over_open(lead, owner, last, style, kinds)
        if lead.get("owner"):
            p = self.staff_by_id[lead["owner"]]
            club.owner_channel[lead["id"]] = p.channel
            if p.channel == "outside":
                club.outside_owned.append(lead["id"])

    def hand_over_open(self, lead: dict, owner: Person, last: dt.datetime, style: str, kinds: set) -> tuple[Person, dt.datetime]:
        """An open lead of someone who has left goes to a colleague, who calls the customer (O3)."""
        if owner.left is None or owner.left >= AS_OF_DATE:
            return owner, last
        left = owner.left
        owner = self.holder(lead, owner, left + DAY)
        last = max(last, lead["log"][-1]["when"])
        at = self.contact(lead, owner, left + DAY * self.rng.randint(1, 4), self.touch_kind(style),
                          outcome="交接后首次联系", next_days=self.rng.randint(3, 10))
        if at is not None:
            kinds.add("call")
            last = at
        return owner, last

    def aftercare(self, lead: dict, p: Person, signed: dt.date) -> None:
        """Return visits after a sale (K8), satisfaction (K5), now and then a complaint (T3)."""
        rng = self.rng
        d = signed + DAY * rng.randint(5, 18)
        while d <= AS_OF_DATE:
            p = self.holder(lead, p, d)
            at = self.contact(lead, p, d, "return-visit", rate=0.6, next_days=rng.randint(25, 35))
            if at is None:
                break
            if rng.random() < 0.05 or (self.need("complaint", _mk(at.date())) and rng.random() < 0.3):
                self.complaint(lead, p, at.date() + DAY * rng.randint(1, 6))
            if rng.random() > 0.5:
                break
            d = at.date() + DAY * rng.randint(24, 40)

    def complaint(self, lead: dict, p: Person, day: dt.date) -> None:
        rng = self.rng
        at = self.contact(lead, p, day, "complaint", rate=0.5)
        if at is None:
            return
        entry = self.club.visits[-1][2]
        late = self.need("T3-late") or rng.random() < 0.15
        hours = rng.randint(COMPLAINT_HOURS + 2, COMPLAINT_HOURS * 2 + 12) if late else rng.randint(1, COMPLAINT_HOURS - 4)
        answered = at + dt.timedelta(hours=hours, minutes=rng.randint(0, 50))
        if answered <= AS_OF:
            entry["answered"] = answered
            if late:
                self.got("T3-late")
        self.got("complaint", _mk(at.date()))

    # -- deals ---------------------------------------------------------------------
    def new_deal(self, lead: dict, seller: Person, at: dt.datetime, style: str, deposit_at: dt.datetime | None = None) -> dict:
        rng = self.rng
        club = self.club
        signed = at.date()
        mk = _mk(signed)
        reported = None
        if style == "outreach":
            product = "企业团卡"
            big = self.need("T4-reported") or self.need("T4-unreported") or rng.random() < 0.08
            heads = rng.randint(46, 70) if big else rng.randint(8, 42)
            amount = Decimal(heads) * Decimal(rng.choice((1980, 2180, 2280, 2380)))
            if rng.random() < 0.3:
                amount = (amount * rng.choice(DISCOUNTS)).quantize(CENT)
            margin = rng.uniform(0.45, 0.6)
            lead["notes"] = f"企业团卡 {heads} 人"
            if amount >= REPORT_THRESHOLD:
                if (self.need("T4-unreported") and not self.need("T4-reported")) or rng.random() < 0.15:
                    self.got("T4-unreported")
                else:
                    to = seller.team.leader if seller.team.leader is not seller else club.manager
                    reported = {"to": to.id, "at": signed + DAY * rng.randint(0, 1)}
                    self.got("T4-reported")
        else:
            mix = "tele" if style == "tele" else "star" if seller.tag == "star" else "low" if seller.tag == "laggard" else "normal"
            product, price, margin = rng.choices(CARDS, weights=CARD_WEIGHTS[mix])[0]
            amount = Decimal(price)
            if rng.random() < 0.3:
                amount = (amount * rng.choice(DISCOUNTS)).quantize(CENT)
        deposit = None
        if style != "tele" and amount >= 3000 and deposit_at is not None and rng.random() < 0.25 and deposit_at.date() < signed:
            deposit = {"amount": Decimal(rng.choice((500, 1000, 2000))), "date": deposit_at.date(), "taken_by": seller.id}
        deal = {"id": self.next_id("D"), "lead": lead["id"], "kind": "new", "product": product, "amount": amount,
                "signed": signed, "deposit": deposit, "payment": {"date": signed, "taken_by": seller.id},
                "profit": (amount * Decimal(str(round(margin, 2)))).quantize(CENT)}
        self.deliver(deal, signed)
        deal["reported"] = reported
        club.deals.append(deal)
        lead["status"] = "won"
        lead["grade"] = lead.get("grade") or rng.choices(("important", "general", "potential"), weights=(2, 5, 2))[0]
        club.won_by[seller.id].append(lead["id"])
        self.maybe_refund(deal)
        return deal

    def deliver(self, deal: dict, signed: dt.date) -> None:
        rng = self.rng
        late = self.need("T2-late", _mk(signed)) or rng.random() < 0.08
        days = rng.randint(DELIVERY_DAYS + 1, DELIVERY_DAYS + 9) if late else rng.randint(0, DELIVERY_DAYS - 1)
        delivered = signed + DAY * days
        if delivered <= AS_OF_DATE:
            deal["delivered"] = delivered
            if late:
                self.got("T2-late", _mk(signed))

    def maybe_refund(self, deal: dict) -> None:
        rng = self.rng
        signed = deal["signed"]
        first_next = _month_bounds(_mk(signed))[1] + DAY
        day = max(first_next, signed + DAY * 6) + DAY * rng.randint(0, 9)
        if day > AS_OF_DATE or not (self.need("refund") or rng.random() < 0.012):
            return
        full = rng.random() < 0.4
        amount = deal["amount"] if full else (deal["amount"] * Decimal(str(rng.choice((0.3, 0.5, 0.6, 0.75))))).quantize(CENT)
        self.club.deals.append({
            "id": self.next_id("D"), "lead": deal["lead"], "kind": "refund", "product": deal["product"], "amount": amount,
            "signed": day, "refund_of": deal["id"],
            "notes": rng.choice(("客户搬家，全额退款", "未开卡，全额退款", "体验不满意，经理批准全额退款") if full else
                                ("客户搬家，按剩余期限退款", "身体原因无法继续训练，按剩余期限退款", "工作调动，协商部分退款")),
        })
        self.got("refund")

    def follow_on(self, lead: dict, owner: Person, kind: str, day: dt.date, split_takers: bool = False) -> dict | None:
        """A renewal, transfer, upgrade or product sale credited by the deposit (S1)."""
        rng = self.rng
        club = self.club
        if kind == "renewal":
            product, price, f = rng.choice(RENEWALS)
            amount = (Decimal(price) * Decimal(f)).quantize(CENT)
        elif kind == "upgrade":
            product, price = rng.choice(UPGRADES)
            amount = Decimal(price)
        elif kind == "transfer":
            product, amount = "转卡（含补差价）", Decimal(rng.choice((800, 1200, 1500)))
        else:
            product, price = rng.choice(PRODUCTS)
            amount = Decimal(price)
        inside = [p for t in club.inside_teams for p in t.members if p.tag != "laggard" or p is owner]
        # the payment is taken by a consultant on post on the day; the deposit earlier by the owner or another
        pay_day = None
        payer = None
        for k in range(10):
            d = day + DAY * k
            if d > AS_OF_DATE:
                return None
            on = [p for p in inside if p.works(d)]
            if on:
                pay_day = d
                payer = owner if owner in on and rng.random() < 0.5 else rng.choice(on)
                break
        if payer is None:
            return None
        deposit = None
        if split_takers or rng.random() < 0.7:
            dep_day = pay_day - DAY * rng.randint(1, 7)
            cands = [p for p in inside if p.works(dep_day) and (not split_takers or p is not payer)]
            if owner in cands and owner.channel == "inside" and rng.random() < 0.6:
                taker = owner
            elif cands:
                taker = rng.choice(cands)
            else:
                taker = None
            if taker is not None and dep_day >= self.start:
                deposit = {"amount": min(amount, Decimal(rng.choice((200, 500, 1000)))), "date": dep_day, "taken_by": taker.id}
        if split_takers and deposit is None:
            return None
        deal = {"id": self.next_id("D"), "lead": lead["id"], "kind": kind, "product": product, "amount": amount,
                "signed": pay_day, "deposit": deposit, "payment": {"date": pay_day, "taken_by": payer.id},
                "profit": (amount * Decimal("0.6")).quantize(CENT)}
        self.deliver(deal, pay_day)
        club.deals.append(deal)
        return deal

    # -- members from before the period -----------------------------------------------------
    def make_members(self, club: Club, n: int) -> None:
        """Customers who bought before the period: they renew, transfer, upgrade and buy (S1)."""
        rng = self.rng
        inside = [p for t in club.inside_teams for p in t.members if p.tag != "joiner"]
        outside = club.outside_team.members
        forced = ["renewal", "transfer", "upgrade", "product"]
        for i in range(n):
            owner = rng.choice(outside) if rng.random() < 0.2 else rng.choice(inside)
            lo = max(owner.joined, self.start - DAY * 365)
            day = lo + DAY * rng.randint(0, max(0, (self.start - DAY * 10 - lo).days))
            while WEEKDAYS[day.weekday()] not in owner.shifts:
                day += DAY
            created = self.time_on_post(owner, day)
            source = "walk-in" if owner.channel == "inside" else rng.choice(("flyer", "event"))
            lead = self.new_lead(created, source)
            if owner.channel == "inside":
                self.give(lead, owner, created, "A2", "公平轮客")
            else:
                lead["submitted_by"] = owner.id
                self.give(lead, owner, created, "manual", "自行开发客户", by=owner.id)
            lead["status"] = "won"
            lead["grade"] = rng.choices(("important", "general", "potential"), weights=(3, 5, 2))[0]
            lead["notes"] = rng.choice(("老会员", "老会员，年卡", "老会员，季卡", "老会员，私教课"))
            club.won_by[owner.id].append(lead["id"])
            club.owner_channel[lead["id"]] = owner.channel
            if owner.channel == "outside":
                club.outside_owned.append(lead["id"])
            # S1 cases: the first members of every club do one each, deposit and payment by different people
            if i < len(forced):
                day = self.start + DAY * rng.randint(3, 24)
                self.follow_on(lead, owner, forced[i], day, split_takers=True)
            for kind, p in (("renewal", 0.22), ("product", 0.18), ("upgrade", 0.05), ("transfer", 0.04)):
                if rng.random() < p:
                    self.follow_on(lead, owner, kind, self.start + DAY * rng.randint(0, (AS_OF_DATE - self.start).days))
            # return visits by the owner now and then
            for mk in self.months:
                if rng.random() < 0.3:
                    first, last = _month_bounds(mk)
                    d = first + DAY * rng.randint(0, (last - first).days)
                    if owner.employed(d):
                        self.contact(lead, owner, d, "return-visit", rate=0.5, next_days=rng.randint(25, 35))

    # -- the period's leads ---------------------------------------------------------------
    def make_period_leads(self, club: Club, n: int) -> None:
        rng = self.rng
        months = self.months
        pipeline = round(n / len(months) * 0.45)
        self.make_pipeline(club, pipeline)
        n -= pipeline
        per = [n // len(months) + (1 if i < n % len(months) else 0) for i in range(len(months))]
        for mi, mk in enumerate(months):
            first, last = _month_bounds(mk)
            budget = per[mi]
            last_month = mi == len(months) - 1
            stubs = []
            quota = {
                "walk": round(0.25 * budget), "designated": max(2, round(0.03 * budget)),
                "campaign": max(1, round(0.02 * budget)), "friend": max(1, round(0.015 * budget)),
                "s3": max(2, round(0.015 * budget)), "stale": 0 if last_month else max(1, round(0.008 * budget)),
                "a6": max(1, round(0.008 * budget)), "override": max(1, round(0.004 * budget)),
                "tele_in": round(0.10 * budget), "company_in": max(1, round(0.01 * budget)),
            }
            pool = {"walk": 3, "designated": 1, "campaign": 1, "tele_in": 2, "company_in": 1} if last_month else {}
            prospects = budget - sum(quota.values()) - sum(pool.values())
            span = (last - first).days
            for story, k in quota.items():
                for _ in range(k):
                    if story in ("s3", "a6"):
                        day = first + DAY * rng.randint(0, min(span, 22))
                    elif story == "stale":
                        day = first + DAY * rng.randint(0, min(span, 8))
                    elif story == "friend":
                        day = first + DAY * rng.randint(min(span, 7), span)
                    else:
                        day = first + DAY * rng.randint(0, span)
                    stubs.append((self.stub_time(story, day), story, False))
            for story, k in pool.items():
                for _ in range(k):
                    day = AS_OF_DATE - DAY * rng.randint(0, 5)
                    stubs.append((self.stub_time(story, day), story, True))
            sellers = [p for p in club.staff if p.role != "manager" and any(first <= d <= last for d in p.workdays)]
            weights = [sum(1 for d in p.workdays if first <= d <= last) * {"laggard": 0.6, "star": 1.5}.get(p.tag, 1.0)
                       for p in sellers]
            for p in rng.choices(sellers, weights=weights, k=max(0, prospects)):
                days = [d for d in p.workdays if first <= d <= last]
                d = rng.choice(days)
                s, e, _ = p.window(d)
                stubs.append((_at(d, rng.randint(s + 15, e - 30)), "prospect", p))
            stubs.sort(key=lambda x: (x[0], x[1]))
            for created, story, arg in stubs:
                self.story(created, story, arg)

    def make_pipeline(self, club: Club, n: int) -> None:
        """Open leads from the weeks before the records begin: their contacts before the period are
        not in the records; they are followed up and closed in the first weeks of the period."""
        rng = self.rng
        sellers = [p for p in club.staff if p.role != "manager" and p.employed(self.start - DAY * 30)]
        stubs = []
        for _ in range(n):
            day = self.start - DAY * rng.randint(1, 28)
            story = rng.choices(("walk", "tele_in", "prospect"), weights=(3, 1, 6))[0]
            if story == "prospect":
                p = rng.choice(sellers)
                while not p.works(day):
                    day -= DAY
                s, e, _ = p.window(day)
                stubs.append((_at(day, rng.randint(s + 15, e - 30)), story, p))
            else:
                stubs.append((self.stub_time(story, day), story, False))
        stubs.sort(key=lambda x: (x[0], x[1]))
        for created, story, arg in stubs:
            self.story(created, story, arg)

    def stub_time(self, story: str, day: dt.date) -> dt.datetime:
        rng = self.rng
        if story in ("walk", "designated", "campaign", "friend", "override"):
            return self.walk_in_time(day)
        if story == "tele_in":
            return _at(day, rng.randint(8 * 60 + 30, 21 * 60 + 30))
        if story == "company_in":
            while day.weekday() >= 5:
                day -= DAY
            return _at(day, rng.randint(9 * 60 + 30, 17 * 60 + 30))
        return _at(day, rng.randint(9 * 60 + 30, 16 * 60 + 30))

    def story(self, created: dt.datetime, story: str, arg) -> None:
        if created > AS_OF:
            created = AS_OF - dt.timedelta(minutes=30)
        if story == "prospect":
            return self.prospect(arg, created)
        if story in ("walk", "designated", "campaign", "friend", "override"):
            return self.walk_in(created, story, pool=arg is True)
        if story in ("s3", "stale", "a6"):
            return self.outside_then_inside(created, story)
        if story == "tele_in":
            return self.inbound(created, company=False, pool=arg is True)
        if story == "company_in":
            return self.inbound(created, company=True, pool=arg is True)
        raise ValueError(story)

    def walk_in(self, created: dt.datetime, story: str, pool: bool = False) -> None:
        """A2 rotation, A3 designated, A6 campaign voucher, S4 referred friend, S5 override."""
        rng = self.rng
        club = self.club
        d = created.date()
        voucher = designee = referrer = None
        if story == "designated":
            cands = [p for t in club.inside_teams for p in t.members
                     if p.employed(d) and p.status == "active" and p.works(d) and p.left is None]
            if cands:
                designee = rng.choice(cands)
                s, e, _ = designee.window(d)
                created = _at(d, rng.randint(max(s, 9 * 60 + 15) + 5, min(e, 21 * 60 + 30) - 30))
                if created > AS_OF:
                    created = AS_OF - dt.timedelta(minutes=40)
                if rng.random() < 0.5:
                    voucher = {"kind": "consultant", "code": f"TY{rng.randint(10000, 99999)}", "staff": designee.id}
            else:
                story = "walk"
        elif story == "campaign":
            voucher = {"kind": "campaign", "code": f"HD{created.year}-{rng.randint(1000, 9999)}"}
        elif story == "friend":
            cands = [lid for lid in club.outside_owned[-300:] if club.lead_by_id[lid]["created"] < created]
            if cands:
                referrer = rng.choice(cands)
            else:
                story = "walk"
        lead = self.new_lead(created, "referral" if referrer else "walk-in", designated=designee.id if designee else None,
                             voucher=voucher, referred_by=referrer)
        if pool:
            lead["team"] = rng.choice(club.inside_teams).id if rng.random() < 0.5 else None
            self.settle(lead, None, created, set(), "inside")
            return
        if designee is not None:
            owner = designee
            why = "指定客：持顾问体验券" if voucher else rng.choice(("指定客：点名找顾问", "指定客：预约到店"))
            self.give(lead, owner, created, "A3", why)
        else:
            owner = self.rotation(created)
            if owner is None:
                lead["team"] = club.inside_teams[0].id
                self.settle(lead, None, created, set(), "inside")
                return
            why = f"公平轮客：{owner.team.name}{'早班' if owner.window(d)[0] < 12 * 60 else '晚班'}在岗"
            if voucher:
                why += "（活动券持有人，视为新客）"
            self.give(lead, owner, created, "A2", why)
        kinds = {"tour"}
        t = self.contact(lead, owner, d, "tour", at=created + dt.timedelta(minutes=rng.randint(2, 9)),
                         next_days=rng.randint(1, 5), rate=0.25)
        helper = None
        if story == "override" and (self.need("override") or rng.random() < 0.5):
            # two consultants served the customer together: the manager splits the credit (S5)
            others = [p for p in owner.team.members if p is not owner and p.on_post(t)]
            if others:
                helper = rng.choice(others)
                self.contact(lead, helper, d, "tour", at=t + dt.timedelta(minutes=rng.randint(10, 40)),
                             outcome="协助讲解私教课程")
        base = 0.6 if designee else 0.5 if referrer else 0.35
        fate = "won" if helper else self.fate(base, owner)
        owner, last, deal = self.pursue(lead, owner, t, fate, "inside", kinds)
        if deal is not None:
            if helper is not None and deal["payment"]["taken_by"] == owner.id and helper.employed(deal["signed"]):
                share = rng.choice((50, 60))
                deal["credit"] = {"by": club.manager.id, "why": f"{owner.name}与{helper.name}共同接待，经理裁定分成",
                                  "shares": [{"staff": owner.id, "share": share}, {"staff": helper.id, "share": 100 - share}]}
                self.got("override")
            self.after_sale(lead, owner, deal)
        self.settle(lead, owner, last, kinds, "inside")

    def after_sale(self, lead: dict, owner: Person, deal: dict) -> None:
        rng = self.rng
        signed = deal["signed"]
        self.aftercare(lead, owner, signed)
        if deal["product"] in ("月卡", "季卡") and rng.random() < 0.35:
            kind = "renewal" if deal["product"] == "月卡" else "upgrade"
            self.follow_on(lead, owner, kind, signed + DAY * rng.randint(25, 40))
        elif rng.random() < 0.12:
            self.follow_on(lead, owner, "product", signed + DAY * rng.randint(7, 60))

    def prospect(self, p: Person, created: dt.datetime) -> None:
        """A lead a seller found themselves (L1): they own it."""
        rng = self.rng
        club = self.club
        style = {"inside": "inside", "outside": "outside", "telesales": "tele", "outreach": "outreach"}[p.channel]
        if style == "outreach":
            lead = self.new_lead(created, "outreach" if rng.random() < 0.8 else "event", company=True, submitted_by=p.id)
            self.give(lead, p, created, "manual", "自行开发企业客户", by=p.id)
            base, first = 0.22, rng.choice(("visit", "call"))
        elif style == "tele":
            lead = self.new_lead(created, "phone" if rng.random() < 0.9 else "web", submitted_by=p.id)
            self.give(lead, p, created, "manual", "电话开发客户", by=p.id)
            base, first = 0.07, "call"
        else:
            r = rng.random()
            referrer = None
            if style == "inside" and r < 0.25 and club.won_by.get(p.id):
                source, referrer = "referral", rng.choice(club.won_by[p.id][-50:])
            elif style == "inside":
                source = rng.choices(("flyer", "event", "phone", "other", "referral"), weights=(3, 2, 2, 1, 1))[0]
            else:
                source = rng.choices(("flyer", "event", "referral", "other"), weights=(45, 35, 10, 10))[0]
            lead = self.new_lead(created, source, submitted_by=p.id, referred_by=referrer)
            self.give(lead, p, created, "manual", "老会员转介绍" if referrer else "自行开发客户", by=p.id)
            base = 0.10 if style == "inside" else 0.14
            first = "visit" if source == "event" else "call"
        kinds = {first}
        t = self.contact(lead, p, created.date(), first, at=created, next_days=rng.randint(2, 6))
        owner, last, deal = self.pursue(lead, p, t, self.fate(base, p), style, kinds)
        if deal is not None:
            self.after_sale(lead, owner, deal) if style != "outreach" else self.aftercare(lead, owner, deal["signed"])
        self.settle(lead, owner, last, kinds, style)

    def inbound(self, created: dt.datetime, company: bool, pool: bool) -> None:
        """Phone and web leads (telesales, A1) and company leads (outreach, A1)."""
        rng = self.rng
        club = self.club
        source = rng.choice(("web", "event")) if company else ("phone" if rng.random() < 0.55 else "web")
        lead = self.new_lead(created, source, company=company)
        if pool:
            self.settle(lead, None, created, set(), "tele")
            return
        team = club.outreach_team if company else club.tele_team
        owner = self.by_capacity(team, created.date())
        if owner is None:
            self.settle(lead, None, created, set(), "tele")
            return
        self.give(lead, owner, created, "A1", f"按产能分配：{team.name}")
        style = "outreach" if company else "tele"
        kinds = {"call"}
        t = self.contact(lead, owner, created.date(), "call", not_before=created, next_days=rng.randint(1, 5))
        if t is None:
            self.settle(lead, owner, created, set(), style)
            return
        owner, last, deal = self.pursue(lead, owner, t, self.fate(0.3 if company else 0.12, owner), style, kinds)
        if deal is not None:
            self.aftercare(lead, owner, deal["signed"])
        self.settle(lead, owner, last, kinds, style)

    def outside_then_inside(self, created: dt.datetime, story: str) -> None:
        """An outside consultant's customer walks in and signs with an inside consultant (S2, S3, A6)."""
        rng = self.rng
        club = self.club
        d = created.date()
        outs = [p for p in club.outside_team.members if p.works(d)]
        if not outs:
            return self.walk_in(self.walk_in_time(d), "walk")
        o = rng.choice(outs)
        s, e, _ = o.window(d)
        created = _at(d, rng.randint(s + 15, e - 60))
        voucher = {"kind": "campaign", "code": f"HD{created.year}-{rng.randint(1000, 9999)}"} if story == "a6" else None
        lead = self.new_lead(created, rng.choice(("flyer", "event")), submitted_by=o.id, voucher=voucher)
        self.give(lead, o, created, "manual", "自行开发客户" if not voucher else "街头派发活动券", by=o.id)
        kinds = {"visit"}
        last_f = self.contact(lead, o, d, "visit", at=created, next_days=rng.randint(2, 5))
        for _ in range(rng.randint(0, 2)):
            at = self.contact(lead, o, last_f.date() + DAY * rng.randint(2, 5), rng.choice(("call", "message", "visit")),
                              not_before=last_f, next_days=rng.randint(2, 6))
            if at is None:
                break
            last_f = at
        if story == "stale":
            lo, hi = FOLLOW_UP_DAYS + 5, FOLLOW_UP_DAYS + 20
        else:
            lo, hi = 1, FOLLOW_UP_DAYS - 12
        walk_day = last_f.date() + DAY * rng.randint(lo, hi)
        if walk_day > AS_OF_DATE:
            walk_day = AS_OF_DATE
        if (walk_day - last_f.date()).days < lo:
            self.settle(lead, o, last_f, {"visit", "call"}, "outside")
            return
        walk_at = None
        for _ in range(6):
            cand = self.walk_in_time(walk_day)
            if cand <= AS_OF:
                p = self.rotation(cand)
                if p is not None:
                    walk_at = cand
                    break
            walk_day = walk_day + DAY if walk_day < AS_OF_DATE else walk_day
        if walk_at is None:
            self.settle(lead, o, last_f, kinds, "outside")
            return
        t = self.contact(lead, p, walk_day, "tour", at=walk_at + dt.timedelta(minutes=rng.randint(2, 9)),
                         next_days=1, rate=0.25)
        sign_day = walk_day + DAY * (0 if rng.random() < 0.6 else rng.randint(1, 2))
        sign_at = self.contact(lead, p, sign_day, "visit", not_before=t, outcome="签约成交")
        gap = (sign_at.date() - last_f.date()).days if sign_at is not None else 0
        if sign_at is None or (story == "stale") != (gap > FOLLOW_UP_DAYS + 2) or (story != "stale" and gap > FOLLOW_UP_DAYS - 3):
            self.settle(lead, o, last_f, kinds | {"tour"}, "outside")
            return
        deal = self.new_deal(lead, p, sign_at, "inside")
        deal["notes"] = {"s3": "外销顾问跟进过的客户到店，由内销顾问收款",
                         "stale": "外销顾问的跟进已超过有效期，客户到店由内销顾问收款",
                         "a6": "客户持公司活动券到店（视为新客），由内销顾问收款"}[story]
        self.aftercare(lead, p, deal["signed"])
        self.settle(lead, o, sign_at, kinds, "outside")

    # -- after all leads: the tie, the targets ------------------------------------------------
    def credit(self, club: Club) -> tuple[dict, dict]:
        """Approximate credit per (staff, month) by the default rules (S5, S1, S3, S4, S2), and per
        (staff, month) whether every line is exact to the cent (so no rounding can move the total)."""
        vis_by_lead = defaultdict(list)
        channel = {p.id: p.channel for p in club.staff}
        for sid, at, e in sorted(club.visits, key=lambda v: (v[1], v[0])):
            vis_by_lead[e["lead"]].append((at, sid))
        by_id = {d["id"]: d for d in club.deals}
        totals: dict = defaultdict(Decimal)
        clean: dict = defaultdict(lambda: True)

        def lines(deal):
            lead = club.lead_by_id[deal["lead"]]
            amount = deal["amount"]
            if deal.get("credit"):
                return [(s["staff"], amount * Decimal(s["share"]) / 100) for s in deal["credit"]["shares"]]
            payer = deal["payment"]["taken_by"]
            dep = (deal.get("deposit") or {}).get("taken_by")
            if deal["kind"] in ("renewal", "transfer", "upgrade", "product"):
                return [(dep or payer, amount)]
            outs = [(at, sid) for at, sid in vis_by_lead[lead["id"]] if channel[sid] == "outside" and at.date() <= deal["signed"]]
            if channel[payer] == "inside" and not lead.get("voucher") and not lead.get("designated"):
                valid = [sid for at, sid in outs if (deal["signed"] - at.date()).days <= FOLLOW_UP_DAYS]
                if valid:
                    return [(valid[-1], amount * Decimal("0.7")), (payer, amount * Decimal("0.3"))]
            ref = lead.get("referred_by")
            if ref and club.owner_channel.get(ref) == "outside" and club.lead_by_id[ref].get("owner"):
                return [(club.lead_by_id[ref]["owner"], amount / 2), (payer, amount / 2)]
            return [(payer, amount)]

        for deal in club.deals:
            mk = _mk(deal["signed"])
            if deal["kind"] == "refund":
                orig = by_id[deal["refund_of"]]
                ls = [(s, -a * deal["amount"] / orig["amount"]) for s, a in lines(orig)]
            else:
                ls = lines(deal)
            for s, a in ls:
                totals[(s, mk)] += a
                clean[(s, mk)] = clean[(s, mk)] and a == a.quantize(CENT)
        return totals, clean

    def make_tie(self, club: Club) -> None:
        """A tie for a top-three place in the department (P1): from the second month on, the first
        month where second and third (or third and fourth) are close enough that a top-up sale by
        the lower closes the gap. Only totals exact to the cent qualify, so no rounding of a split
        can undo the tie."""
        rng = self.rng
        totals, exact = self.credit(club)
        people = [p for p in club.staff if p.dept == club.dept and p.role != "manager"]
        for mk in self.months[1:]:
            first, last = _month_bounds(mk)
            ranked = sorted(people, key=lambda p: (-totals.get((p.id, mk), 0), p.id))
            for hi, lo in ((1, 2), (2, 3)):
                a, b = ranked[hi], ranked[lo]
                gap = totals[(a.id, mk)] - totals[(b.id, mk)]
                days = [d for d in b.workdays if first <= d <= last]
                customers = [lid for lid in club.won_by.get(b.id, []) if club.lead_by_id[lid]["created"].date() < first]
                if not (0 < gap <= 20000 and days and customers and exact[(a.id, mk)] and exact[(b.id, mk)]):
                    continue
                day = rng.choice(days)
                deal = {"id": self.next_id("D"), "lead": rng.choice(customers), "kind": "product",
                        "product": "私教课套餐（加购）", "amount": gap, "signed": day,
                        "payment": {"date": day, "taken_by": b.id}, "profit": (gap * Decimal("0.5")).quantize(CENT)}
                self.deliver(deal, day)
                club.deals.append(deal)
                self.ties.append((mk, a.id, b.id))
                return

    def set_targets(self, club: Club) -> None:
        """A monthly target per seller near what their channel sells: most sellers reach it, the
        star far above, the laggard far below (K5, P2, P3)."""
        rng = self.rng
        totals, _ = self.credit(club)
        sellers = [p for p in club.staff if p.role != "manager"]
        for ch in ("inside", "outside", "telesales", "outreach"):
            medians = []
            for mk in self.months:
                first, last = _month_bounds(mk)
                xs = sorted(totals.get((p.id, mk), Decimal(0)) for p in sellers
                            if p.channel == ch and p.tag not in ("star", "laggard", "joiner", "leaver", "long-leave")
                            and p.employed(first) and p.employed(last))
                if xs:
                    medians.append(xs[len(xs) // 2])
            base = sum(medians, Decimal(0)) / len(medians) if medians else Decimal(20000)
            for p in sellers:
                if p.channel != ch:
                    continue
                f = rng.uniform(0.75, 1.0) * (1.05 if p.role == "leader" else 0.8 if p.tag == "joiner" else 1.0)
                target = max(Decimal(5000), (base * Decimal(str(round(f, 3))) / 1000).quantize(Decimal(1)) * 1000)
                for mk in self.months:
                    first, last = _month_bounds(mk)
                    if p.joined <= last and (p.left is None or p.left >= first):
                        p.targets[mk] = target

    # -- telesales activity and reviews -------------------------------------------------
    def activity(self, club: Club, p: Person) -> dict[str, list]:
        rng = self.rng
        calls_logged = defaultdict(int)
        orders = defaultdict(int)
        for sid, at, e in club.visits:
            if sid == p.id and e["kind"] in ("call", "message"):
                calls_logged[at.date()] += 1
        for deal in club.deals:
            if deal["kind"] != "refund" and deal["payment"]["taken_by"] == p.id:
                orders[deal["signed"]] += 1
        out = defaultdict(list)
        for d in p.workdays:
            if d > AS_OF_DATE:
                break
            half = p.attendance.get(d, {}).get("absent") == "half"
            calls = max(calls_logged[d], int(rng.randint(80, 150) * p.perf * (0.5 if half else 1)))
            effective = max(min(calls, calls_logged[d]), round(calls * rng.uniform(0.2, 0.35)))
            intention = max(orders[d], round(effective * rng.uniform(0.08, 0.2)))
            out[_mk(d)].append({"date": d, "calls": calls, "effective": effective, "intention": intention, "orders": orders[d]})
        return out

    def review(self, club: Club, p: Person, mk: str, low_score: bool) -> dict:
        rng = self.rng
        first, last = _month_bounds(mk)
        team = [m for m in (p.team.members if p.team else []) if m is not p and m.joined <= last and (m.left is None or m.left >= first)]
        if len(team) < 2:
            team += [m for m in club.staff if m is not p and m not in team and m.role != "manager" and m.employed(first)][:2]
        peers = []
        for m in rng.sample(team, min(len(team), 3 if len(team) > 3 else 2)):
            peers.append({"by": m.id, "teamwork": rng.randint(65, 100), "sharing": rng.randint(60, 100),
                          "helping": rng.randint(60, 100)})
        rater_bonus = min(p.perf, 1.6) / 1.6
        noms = []
        if p.tag == "star":
            noms.append("sales")
        for kind, chance in (("teamwork", 0.1), ("innovation", 0.05), ("service", 0.06)):
            if rng.random() < chance:
                noms.append(kind)
        score = rng.randint(60, 79) if low_score else rng.randint(78 if rng.random() < 0.1 else 80, 100)
        return _clean({
            "self_rating": rng.randint(72, 96),
            "leader_rating": int(60 + 30 * rater_bonus + rng.randint(-4, 6)),
            "peers": peers,
            "training_attended": rng.randint(0, 4),
            "training_held": rng.randint(1, 2) if p.role in ("leader", "deputy") else (1 if rng.random() < 0.1 else 0),
            "training_score": score,
            "nominations": noms,
            "notes": rng.choice(("本月新入职，培训中", "试用期")) if p.tag == "joiner" and mk == _mk(p.joined) else None,
        })

    # -- writing ---------------------------------------------------------------------
    def write_club(self, club: Club) -> None:
        rng = self.rng
        for t in club.teams:
            self.write(f"teams/{t.id}.yaml", _clean({
                "id": t.id, "name": t.name, "leader": t.leader.id if t.leader else None,
                "deputy": t.deputy.id if t.deputy else None, "department": t.dept, "channel": t.channel}))
            self.counts["team"] += 1
        for p in club.staff:
            self.write(f"staff/{p.id}.yaml", _clean({
                "id": p.id, "name": p.name, "team": p.team.id if p.team else None,
                "department": p.dept if p.team is None else None, "role": p.role, "channel": p.channel,
                "status": p.status, "joined": p.joined, "left": p.left,
                "weight": p.weight if p.weight != 1.0 else None, "max_open_leads": p.max_open,
                "targets": {mk: v for mk, v in p.targets.items()},
                "shifts": {d: p.shifts[d] for d in WEEKDAYS if d in p.shifts},
                "leave": [_clean({"start": s, "end": e, "why": why}) for s, e, why in p.leave],
                "phone": p.phone}))
            self.counts["staff"] += 1
        for lead in club.leads:
            self.write(f"leads/{lead['created'].year}/{lead['id']}.yaml",
                       _clean({**lead, "log": [dict(x) for x in lead["log"]]}))
            self.counts["lead"] += 1
        for deal in club.deals:
            self.write(f"deals/{_mk(deal['signed'])}/{deal['id']}.yaml", _clean(deal))
            self.counts["deal"] += 1
        files = defaultdict(list)
        for sid, at, entry in sorted(club.visits, key=lambda v: (v[1], v[0])):
            entry = {"id": self.next_id("V"), **entry}
            files[(_mk(at.date()), sid)].append(_clean(entry))
        for (mk, sid), entries in sorted(files.items()):
            self.write(f"visits/{mk}/{sid}.yaml", entries)
            self.counts["visit"] += len(entries)
        club.visits = []
        for p in club.staff:
            if p.channel == "telesales":
                for mk, entries in sorted(self.activity(club, p).items()):
                    self.write(f"activity/{mk}/{p.id}.yaml", entries)
                    self.counts["activity"] += len(entries)
        for p in club.staff:
            by_month = defaultdict(list)
            for d in sorted(p.attendance):
                by_month[_mk(d)].append(p.attendance[d])
            for mk, entries in sorted(by_month.items()):
                self.write(f"attendance/{mk}/{p.id}.yaml", entries)
                self.counts["attendance"] += len(entries)
        for mk in self.months:
            first, last = _month_bounds(mk)
            people = [p for p in club.staff if p.role != "manager" and p.joined <= last and (p.left is None or p.left >= first)]
            low = rng.choice(people)   # every month someone fails the training test (< 80)
            for p in people:
                self.write(f"reviews/{mk}/{p.id}.yaml", self.review(club, p, mk, p is low or (p.tag == "joiner" and mk == _mk(p.joined))))
                self.counts["review"] += 1


def generate(root: Path, scale: str = "small", seed: int = 1) -> dict[str, int]:
    """Write a demo organisation's record files under root; returns the number of records of
    each kind (team, staff, lead, deal, visit, activity, attendance, review) and of files.

    Writes neither the policy file nor anything of git: `salesctl demo` does that.
    """
    if scale not in SCALES:
        raise ValueError(f"unknown scale {scale!r} (one of {', '.join(SCALES)})")
    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    return Generator(root, SCALES[scale], seed).run()
