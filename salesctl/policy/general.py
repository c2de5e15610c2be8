from typing import Annotated, Literal

from salesctl.policy.base import Section
from salesctl.schema import HHMM, meta


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


class Leads(Section, kw_only=True):
    sources: Annotated[tuple[str, ...], meta("Known lead sources; a lead with another source is an error.", "A1, A2")] = (
        "walk-in", "phone", "web", "event", "flyer", "referral", "outreach", "other")
    weekly_minimum: Annotated[int, meta("New leads each member submits a week at least (seed 000 leaves it [X]).", "L1", ge=0)] = 5
    monthly_prospects: Annotated[int, meta("Prospects each member develops a month at least.", "L2", ge=0)] = 5
