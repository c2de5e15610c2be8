from typing import Annotated, Literal

import msgspec

from salesctl.i18n import _
from salesctl.policy.base import Section
from salesctl.schema import HHMM, DealKind, LeadStatus, Money, meta


class General(Section, kw_only=True):
    timezone: Annotated[str, meta("IANA time zone of the business; times typed without one (CLI) take it.")] = "Asia/Shanghai"
    currency: Annotated[str, meta("Currency of amounts.")] = "CNY"
    language: Annotated[Literal["en", "zh"], meta(
        "Language of the text salesctl writes into the records repository: reasons in ownership logs and "
        "commit messages, the month-end reports of close. What a command prints follows --lang, "
        "SALESCTL_LANG or the locale.")] = "en"


class ShiftDef(Section, kw_only=True):
    start: Annotated[HHMM, meta("Start, HH:MM.", "A4")]
    end: Annotated[HHMM, meta("End, HH:MM (a shift ending before it starts runs past midnight).", "A4")]
    breaks: Annotated[tuple[str, ...], meta("Breaks (meals) when a consultant is not on post, e.g. ['12:00-12:30'].", "A4")] = ()


def default_shifts() -> dict:
    return {
        "early": ShiftDef(start="09:00", end="15:30", breaks=("12:00-12:30",)),   # 早班
        "late": ShiftDef(start="14:30", end="22:00", breaks=("18:00-18:30",)),    # 晚班
        "day": ShiftDef(start="09:00", end="18:00", breaks=("12:00-13:00",)),     # 白班 (office staff)
    }


class Grading(Section, kw_only=True):
    """Customer value grading (客户价值评估, L4): spend and frequency from the lead's deals over a window
    of months ending at the period graded, potential from its recorded company size and status."""

    window_months: Annotated[int, meta("Spend and frequency count the deals signed in this many months, ending with the month graded (12: the last year).", "L4", ge=1, le=120)] = 12
    important_spend: Annotated[Money, meta("Spend (deal amounts less refunds) in the window at or above this: important (重要客户).", "L4")] = Money("50000")
    important_deals: Annotated[int, meta("Deals in the window (frequency, 合作频率) at or above this: important.", "L4", ge=1)] = 3
    general_spend: Annotated[Money, meta("Spend in the window at or above this: at least general (一般客户).", "L4")] = Money("1000")
    general_deals: Annotated[int, meta("Deals in the window at or above this: at least general; below both: potential (潜在客户).", "L4", ge=1)] = 1
    deal_kinds: Annotated[tuple[DealKind, ...], meta("Kinds of deal that count as cooperation (frequency); a deal refunded in full does not count. Every deal's amount counts in spend (a refund's less).", "L4")] = (
        "new", "renewal", "upgrade", "product")
    potential_size: Annotated[int, meta("High potential (潜在价值): a company whose recorded size (lead.size, its first number: 200-500 is 200) is at least this many people.", "L4, L3", ge=1)] = 200
    potential_statuses: Annotated[tuple[LeadStatus, ...], meta("High potential: a lead in one of these statuses (合作意向洽谈).", "L4")] = ("negotiating",)
    potential_lifts: Annotated[bool, meta("true: a customer at the general level with high potential is graded important; false: potential is shown, the grade goes by spend and frequency only.", "L4")] = True
    statuses: Annotated[tuple[LeadStatus, ...], meta("Leads of these statuses are graded (a lost lead keeps its grade).", "L4")] = (
        "new", "contacted", "visited", "negotiating", "won")

    def __post_init__(self):
        if self.general_spend <= 0 or self.important_spend <= 0:
            raise ValueError(_("leads.grading: important_spend and general_spend must be above zero"))
        if self.important_spend < self.general_spend:
            raise ValueError(_("leads.grading: important_spend {important} is below general_spend {general}").format(
                important=f"{self.important_spend:.2f}", general=f"{self.general_spend:.2f}"))
        if self.important_deals < self.general_deals:
            raise ValueError(_("leads.grading: important_deals {important} is below general_deals {general}").format(
                important=self.important_deals, general=self.general_deals))


class Leads(Section, kw_only=True):
    sources: Annotated[tuple[str, ...], meta("Known lead sources; a lead with another source is an error.", "A1, A2")] = (
        "walk-in", "phone", "web", "event", "flyer", "referral", "outreach", "other")
    weekly_minimum: Annotated[int, meta("New leads each member submits a week at least (seed 000 leaves it [X]).", "L1", ge=0)] = 5
    monthly_prospects: Annotated[int, meta("Prospects each member develops a month at least.", "L2", ge=0)] = 5
    monthly_screened: Annotated[int, meta(
        "Prospects each member screens a month at least (004 「每月筛选30-50个潜在客户」: the low end of the range; the "
        "high end, 50, is no cap): a prospect screened is a lead the person submitted (submitted_by), created in the "
        "month, whatever became of it (a prospect screened out is kept as a lost lead). Fewer is flagged, prorated "
        "like the prospects developed; 0: not checked.", "L8", ge=0)] = 30
    phone_pattern: Annotated[str, meta(
        "What a phone number is, for lead import: a regular expression the whole number must match once spaces and "
        "dashes are taken out. The default: a mainland mobile number (11 digits starting 13-19; +86, 86 or 0 in "
        "front allowed: +86 139-1234-5678) or a landline with its area code (010-12345678, 0755 1234 5678); '' "
        "accepts any phone.", "L5")] = r"(\+?86|0)?1[3-9][0-9]{9}|0[1-9][0-9]{8,10}"
    import_duplicates: Annotated[Literal["refuse", "warn"], meta(
        "A row of lead import whose phone belongs to an existing lead (or to another row of the file): refuse (the "
        "import is refused, naming the lead and its owner: one customer, one owner, 002 客户资源归属管理) or warn "
        "(imported, with a warning naming them).", "L5")] = "refuse"
    grading: Annotated[Grading, meta("Customer value grading (客户价值评估) by spend, frequency and potential: salesctl lead grade.", "L4")] = msgspec.field(default_factory=Grading)
