"""Time zones as CRMs write them: IANA names in any spelling, and the North American zone
words ('Eastern', 'PST', '(GMT-08:00) Pacific Time (US & Canada)')."""

from __future__ import annotations

import re
from functools import cache
from zoneinfo import available_timezones


@cache
def _zones() -> dict[str, str]:
    """Lower-case IANA zone name -> its proper spelling."""
    return {name.lower(): name for name in available_timezones()}


ZONE_WORDS: dict[str, str] = {
    "eastern": "America/New_York",
    "est": "America/New_York",
    "edt": "America/New_York",
    "et": "America/New_York",
    "central": "America/Chicago",
    "cst": "America/Chicago",
    "cdt": "America/Chicago",
    "ct": "America/Chicago",
    "mountain": "America/Denver",
    "mst": "America/Denver",
    "mdt": "America/Denver",
    "mt": "America/Denver",
    "arizona": "America/Phoenix",
    "pacific": "America/Los_Angeles",
    "pst": "America/Los_Angeles",
    "pdt": "America/Los_Angeles",
    "pt": "America/Los_Angeles",
    "alaska": "America/Anchorage",
    "akst": "America/Anchorage",
    "akdt": "America/Anchorage",
    "hawaii": "Pacific/Honolulu",
    "hawaii aleutian": "Pacific/Honolulu",
    "hst": "Pacific/Honolulu",
    "atlantic": "America/Halifax",
    "ast": "America/Halifax",
    "adt": "America/Halifax",
    "newfoundland": "America/St_Johns",
    "nst": "America/St_Johns",
    "ndt": "America/St_Johns",
}
"""The North American zone words CRMs write instead of IANA names ('Eastern Time (US & Canada)',
'Eastern Standard Time', 'EST'). They are looked up before IANA names: the IANA database has
'EST', 'MST' and 'HST' too, but as fixed offsets that never change for summer time."""
_ZONE_FILLER = {"time", "standard", "daylight", "zone", "us", "canada", "&", "and"}
"""Words around a zone word that don't change which zone it is."""


def iana_zone(text: str) -> str | None:
    """The zone `text` names: a North American zone word ('Eastern', 'PST', 'Eastern Standard
    Time', '(GMT-05:00) Eastern Time (US & Canada)'), or an IANA name in any case, with spaces
    for underscores ('America/New York') or after a '(GMT-05:00)' offset; None for neither."""
    text = text.strip()
    bare = re.sub(r"\(.*?\)", " ", text).strip()
    words = [w for w in bare.casefold().replace("-", " ").split() if w not in _ZONE_FILLER]
    word = ZONE_WORDS.get(" ".join(words))
    if word is not None:
        return word
    for candidate in (text, bare):
        named = _zones().get("_".join(candidate.split()).lower())
        if named is not None:
            return named
    return None
