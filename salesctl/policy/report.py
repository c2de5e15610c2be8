"""The `report` policy section: what the meeting report and month-end summary show (K11).

    report:
      trend_months: 6     # each person's credited sales over the last six months, as lines
      top: 3              # the summary's top people by credited sales
"""
from typing import Annotated

from salesctl.policy.base import Section
from salesctl.schema import meta


class Report(Section, kw_only=True):
    trend_months: Annotated[int, meta(
        "Months the meeting report's trend lines cover, ending with the month reported on (a week: its last month).",
        "K11", ge=1, le=1200)] = 6
    top: Annotated[int, meta("People named in the month-end summary's top list, by credited sales.", "K11", ge=0)] = 3
