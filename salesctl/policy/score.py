from typing import Annotated

from salesctl.policy.base import Section
from salesctl.schema import meta


class Score(Section, kw_only=True):
    satisfied_rating: Annotated[int, meta("A rating at or above this (1-5) counts as satisfied.", "K4, K5", ge=1, le=5)] = 4
