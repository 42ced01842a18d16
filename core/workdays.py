"""Working days in the UK: weekdays that are not bank holidays of a nation (from the
maintained ``holidays`` library, substitute days included), for anything that should land
on a working day, such as a reminder "the working day before" something is due."""
from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

import holidays

#: the nations whose bank holidays kmbot knows (``KMBOT_BANK_HOLIDAYS``), and "none"
NATIONS = {"england": "ENG", "wales": "WLS", "scotland": "SCT", "northern-ireland": "NIR",
           "none": None}


@lru_cache(maxsize=64)
def bank_holidays(nation: str, year: int) -> frozenset[date]:
    subdivision = NATIONS.get(nation)
    if subdivision is None:
        return frozenset()
    return frozenset(holidays.country_holidays("GB", subdiv=subdivision, years=year,
                                               observed=True).keys())


def is_working_day(day: date, nation: str = "england") -> bool:
    return day.weekday() < 5 and day not in bank_holidays(nation, day.year)


def working_day_before(day: date, nation: str = "england") -> date:
    """The last working day before ``day`` (the Thursday before Good Friday's Monday...)."""
    before = day - timedelta(days=1)
    while not is_working_day(before, nation):
        before -= timedelta(days=1)
    return before
