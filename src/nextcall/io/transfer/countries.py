"""A CRM export's country column read as the region its numbers are written in: "Germany",
"Deutschland", "DE", "United States", "USA", "UK", "+44".

Names come from phonenumbers' own data (already a dependency: the country names it ships for its
geocoder, in some 60 languages), plus a small table of the short forms people type that it
doesn't hold. pycountry was not needed for this: it adds a package for the same list in English.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

import phonenumbers

COMMON_NAMES: dict[str, str] = {
    "usa": "US",
    "us": "US",
    "u s": "US",
    "u s a": "US",
    "united states of america": "US",
    "america": "US",
    "uk": "GB",
    "u k": "GB",
    "great britain": "GB",
    "britain": "GB",
    "england": "GB",
    "scotland": "GB",
    "wales": "GB",
    "northern ireland": "GB",
    "united kingdom of great britain and northern ireland": "GB",
    "holland": "NL",
    "the netherlands": "NL",
    "korea": "KR",
    "republic of korea": "KR",
    "korea republic of": "KR",
    "czechia": "CZ",
    "russian federation": "RU",
    "uae": "AE",
    "ivory coast": "CI",
    "viet nam": "VN",
    "hong kong sar": "HK",
    "macau": "MO",
    "turkiye": "TR",
    "republic of ireland": "IE",
    "eire": "IE",
    "the philippines": "PH",
    "mainland china": "CN",
    "prc": "CN",
}
"""Spellings phonenumbers' names don't cover (compared after `_key`)."""


def _key(text: str) -> str:
    """A country value for comparison: accents dropped, lower case, punctuation as spaces."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return " ".join(re.sub(r"[\W_]+", " ", plain.casefold()).split())


@cache
def _names() -> dict[str, str]:
    """Every country name phonenumbers knows, in every language it has, -> region code."""
    from phonenumbers.geodata.locale import LOCALE_DATA  # ~0.5 s: only for a country column

    names: dict[str, str] = {}
    for region, by_language in LOCALE_DATA.items():
        if region not in phonenumbers.SUPPORTED_REGIONS:
            continue
        for name in by_language.values():
            if name and not name.startswith("*"):  # '*xx': the same as language xx
                names.setdefault(_key(name), region)
    names.update(COMMON_NAMES)
    return names


def region_for(value: str) -> str | None:
    """The region (ISO 3166 code phonenumbers knows) a country cell names, or None: an ISO code
    ("de"; "UK" too), a calling code ("+49", "49"), or a name in English or the
    country's language ("Deutschland")."""
    text = value.strip()
    if not text:
        return None
    if len(text) == 2 and text.isalpha() and text.upper() in phonenumbers.SUPPORTED_REGIONS:
        return text.upper()
    digits = text.lstrip("+").strip()
    if digits.isdigit() and len(digits) <= 3:
        region = phonenumbers.region_code_for_country_code(int(digits))
        return None if region == "ZZ" else region
    return _names().get(_key(text))
