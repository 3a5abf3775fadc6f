"""Another project's TypedDicts, whose keys are described the ways Python
projects usually describe attributes."""

import sys
from typing import Literal

if sys.version_info >= (3, 11):
    from typing import NotRequired, TypedDict
else:
    from typing_extensions import NotRequired, TypedDict


class Reading(TypedDict):
    """One measurement of a weather station."""

    station: str
    """The station's code, such as ``"LFPG"``: an attribute docstring."""

    #: The temperature, in ``unit``: a ``#:`` comment above the key.
    temperature: float
    unit: Literal[
        "celsius", "kelvin"
    ]  #: The unit of ``temperature``: a ``#:`` comment after the key.
    humidity: NotRequired[float]
    """Relative humidity, from 0 to 1. Missing when the station has no hygrometer."""


class Forecast(TypedDict):
    """The forecast for one day.

    :var day: The day, as an ISO 8601 date: a ``:var:`` field.
    """

    day: str
    high: Reading
    """The day's highest reading."""
