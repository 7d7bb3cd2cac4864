"""Rate strings from the environment: '10/m', '10/m,300/h' (every window applies), '0' for none.

Free of Django imports so settings can parse (and reject) them at start-up.
"""

import re
from dataclasses import dataclass

_RATE = re.compile(r"^(\d+)/(s|m|h|d)$")
_PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


@dataclass(frozen=True)
class Rate:
    limit: int
    seconds: int


class RateError(ValueError):
    pass


def parse_rates(value):
    """'10/m,300/h' → (Rate(10, 60), Rate(300, 3600)); '0' or '' → () (no limit)."""
    value = str(value).replace(" ", "")
    if value in ("0", ""):
        return ()
    rates = []
    for part in value.split(","):
        match = _RATE.match(part)
        if not match:
            raise RateError(
                f"A rate looks like 10/s, 30/m, 500/h or 10/m,300/h (0 for no limit), not {value!r}."
            )
        if int(match.group(1)) > 0:
            rates.append(Rate(int(match.group(1)), _PERIODS[match.group(2)]))
    return tuple(rates)
