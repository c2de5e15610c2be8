from decimal import Decimal
from typing import Annotated, Optional

import msgspec

from salesctl.policy.base import Section
from salesctl.schema import meta


class Split(Section, kw_only=True):
    follow_up_days: Annotated[int, meta("A follow-up counts as valid when logged within this many days before signing (and before the walk-in).", "S3", ge=0)] = 30
