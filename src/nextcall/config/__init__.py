"""config.toml: frozen settings, loaded and validated field by field, saved atomically.

An invalid file stops every command: the error names the file, the line (where it can be found)
and the key, and suggests the nearest known key for a typo.
"""

from __future__ import annotations

import difflib
import os
import re
import tempfile
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field, fields
from datetime import time
from pathlib import Path
from typing import Any

import tomli_w

from nextcall.config.lines import line_of
from nextcall.domain.outcomes import OUTCOMES
from nextcall.domain.prospects import QueueRules

RESERVED_KEYS = frozenset(
    [
        "d",
        "s",
        "u",
        "e",
        "+",
        "f",
        "i",
        "t",
        "k",
        "q",
        "?",
        "p",
        "x",
        "0",
        "1",
        "2",
        "3",
        "4",
        "5",
        "6",
        "7",
        "8",
        "9",
    ]
)
"""Keys the app uses for other things: an outcome can't be remapped onto them."""


class ConfigError(Exception):
    """A config file that can't be used, with where and why."""

    def __init__(self, path: Path, message: str, key: str = "", line: int | None = None):
        self.path, self.key, self.line, self.message = path, key, line, message
        where = f"{path}:{line}" if line else str(path)
        super().__init__(f"{where}: {key + ': ' if key else ''}{message}")


@dataclass(frozen=True)
class RitualConfig:
    reset_seconds: int = 10
    reframe_seconds: int = 5
    feel_it_seconds: int = 300
    auto_dial: bool = False


@dataclass(frozen=True)
class DayConfig:
    target_meetings: int = 2
    block_minutes: int = 60


@dataclass(frozen=True)
class CallingConfig:
    default_region: str = "US"
    hours: tuple[str, str] = ("08:00", "21:00")
    retry_after_hours: float = 4
    max_attempts: int = 6
    after_conversation: str = "retry"
    """What `c` does with the prospect: 'retry' later or 'archive'."""
    talk_track: str = "talk_track.md"
    """The rep's talk track (Markdown); a relative path is taken from the config file's folder."""
    remind_minutes: int = 10
    """How long before a timed follow-up the app reminds the rep; 0 = no reminders."""

    def rules(self) -> QueueRules:
        from datetime import timedelta

        start, end = (time.fromisoformat(h) for h in self.hours)
        return QueueRules(
            retry_after=timedelta(hours=self.retry_after_hours),
            max_attempts=self.max_attempts,
            after_conversation=self.after_conversation,
            hours=(start, end),
            remind=timedelta(minutes=self.remind_minutes),
        )


@dataclass(frozen=True)
class SoftphoneConfig:
    adapter: str = "none"
    command: tuple[str, ...] = ("xdg-open", "tel:{e164}")
    address: str = "127.0.0.1:4444"


@dataclass(frozen=True)
class TeamConfig:
    database: str = ""
    """The team database's URL (postgresql://...); '' = one rep's own SQLite file.
    NEXTCALL_DATABASE_URL, when set, takes its place (`team_database`)."""
    rep: str = ""
    """The rep's name on the team database; '' = the login name (`rep_name`)."""
    claim_minutes: int = 10
    """How long a prospect stays this rep's after the last sign of life."""

    def url(self) -> str:
        """The team database's URL from the environment or the config; '' for one rep."""
        return os.environ.get("NEXTCALL_DATABASE_URL", "").strip() or self.database

    def rep_name(self) -> str:
        """The rep's name: the config's, or the login name."""
        import getpass

        return self.rep or getpass.getuser()


@dataclass(frozen=True)
class Config:
    theme: str = "nextcall-dark"
    ritual: RitualConfig = field(default_factory=RitualConfig)
    day: DayConfig = field(default_factory=DayConfig)
    calling: CallingConfig = field(default_factory=CallingConfig)
    softphone: SoftphoneConfig = field(default_factory=SoftphoneConfig)
    team: TeamConfig = field(default_factory=TeamConfig)
    keys: Mapping[str, str] = field(default_factory=lambda: {o.name: o.key for o in OUTCOMES})
    """Outcome name -> key; always holds every outcome."""


Check = Callable[[Any], str | None]
"""Returns an error message, or None when the value is fine."""


def _int(lo: int, hi: int) -> Check:
    def check(v: Any) -> str | None:
        if type(v) is not int:
            return f"must be a whole number, got {v!r}"
        return None if lo <= v <= hi else f"must be between {lo} and {hi}, got {v}"

    return check


def _number(lo: float, hi: float) -> Check:
    def check(v: Any) -> str | None:
        if type(v) not in (int, float):
            return f"must be a number, got {v!r}"
        return None if lo <= v <= hi else f"must be between {lo:g} and {hi:g}, got {v}"

    return check


def _bool(v: Any) -> str | None:
    return None if isinstance(v, bool) else f"must be true or false, got {v!r}"


def _choice(*options: str) -> Check:
    def check(v: Any) -> str | None:
        return None if v in options else f"must be one of {', '.join(options)}; got {v!r}"

    return check


def _text(v: Any) -> str | None:
    return None if isinstance(v, str) and v.strip() else f"must be a non-empty string, got {v!r}"


def _file(v: Any) -> str | None:
    if isinstance(v, str) and v.strip() and v.isprintable():
        return None
    return f'must be a file path such as "talk_track.md", got {v!r}'


def _region(v: Any) -> str | None:
    import phonenumbers

    if isinstance(v, str) and v.upper() in phonenumbers.SUPPORTED_REGIONS:
        return None
    return f'must be a two-letter region code such as "US" or "GB", got {v!r}'


_HHMM = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


def _hours(v: Any) -> str | None:
    ok = (
        isinstance(v, list)
        and len(v) == 2
        and all(isinstance(h, str) and _HHMM.match(h) for h in v)
    )
    if not ok:
        return f'must be two times like ["08:00", "21:00"], got {v!r}'
    return None if v[0] < v[1] else f"the start ({v[0]}) must come before the end ({v[1]})"


def _argv(v: Any) -> str | None:
    ok = isinstance(v, list) and v and all(isinstance(a, str) and a for a in v)
    return None if ok else f'must be a list of strings like ["xdg-open", "tel:{{e164}}"], got {v!r}'


def _address(v: Any) -> str | None:
    m = re.match(r"^[\w.\-]+:(\d{1,5})$", v) if isinstance(v, str) else None
    return None if m and 0 < int(m.group(1)) < 65536 else f'must be "host:port", got {v!r}'


def _key(v: Any) -> str | None:
    if not isinstance(v, str) or not re.fullmatch(r"[a-z]|f([1-9]|1[0-9]|2[0-4])", v):
        return f'must be one key: a lower-case letter such as "n", or f1 to f24; got {v!r}'
    return f'"{v}" is taken by another command' if v in RESERVED_KEYS else None


def _database(v: Any) -> str | None:
    if not isinstance(v, str):
        return f'must be text such as "postgresql://host/team"; got {type(v).__name__}'
    if v and not v.startswith(("postgresql://", "postgres://")):
        return 'must start with "postgresql://" (or be "" for one rep\'s own file)'
    return None


def _rep(v: Any) -> str | None:
    if not isinstance(v, str) or len(v) > 64 or not re.fullmatch(r"[\w.@ -]*", v):
        return "must be a name of up to 64 letters, digits, spaces, dots, @ or dashes"
    return None


SCHEMA: dict[str, dict[str, Check]] = {
    "": {"theme": _text},
    "ritual": {
        "reset_seconds": _int(1, 600),
        "reframe_seconds": _int(1, 600),
        "feel_it_seconds": _int(10, 3600),
        "auto_dial": _bool,
    },
    "day": {"target_meetings": _int(0, 100), "block_minutes": _int(5, 480)},
    "calling": {
        "default_region": _region,
        "hours": _hours,
        "retry_after_hours": _number(0, 24 * 90),
        "max_attempts": _int(1, 100),
        "after_conversation": _choice("retry", "archive"),
        "talk_track": _file,
        "remind_minutes": _int(0, 240),
    },
    "softphone": {
        "adapter": _choice("none", "command", "baresip"),
        "command": _argv,
        "address": _address,
    },
    "team": {"database": _database, "rep": _rep, "claim_minutes": _int(1, 240)},
    "keys": {o.name: _key for o in OUTCOMES},
}


def _line_of(text: str, section: str, key: str) -> int | None:
    """The line where `key` is set inside `[section]` (or at the top level), if it can be found."""
    return line_of(text, tuple(part for part in (section, key) if part))


def _suggest(word: str, known: list[str]) -> str:
    close = difflib.get_close_matches(word, known, n=1)
    return f' (did you mean "{close[0]}"?)' if close else ""


def parse(text: str, path: Path) -> Config:
    """Validate config text; raise ConfigError naming the first problem."""
    text = text.removeprefix("\ufeff")
    try:
        data = tomllib.loads(text)
    except RecursionError as exc:
        raise ConfigError(path, "not valid TOML: nested too deeply") from exc
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"line (\d+)", str(exc))
        raise ConfigError(
            path, f"not valid TOML: {exc}", line=int(m.group(1)) if m else None
        ) from exc
    values: dict[str, dict[str, Any]] = {name: {} for name in SCHEMA}
    for name, value in data.items():
        if name in SCHEMA and name:
            _table(text, path, name, value)
            for key, item in value.items():
                _check(text, path, name, key, item)
                values[name][key] = item
        elif name in SCHEMA[""]:
            _check(text, path, "", name, value)
            values[""][name] = value
        else:
            known = [k for k in SCHEMA if k] + list(SCHEMA[""])
            raise ConfigError(
                path,
                f"unknown setting{_suggest(name, known)}",
                key=name,
                line=_line_of(text, name, ""),
            )
    keys = {o.name: o.key for o in OUTCOMES} | values["keys"]
    if len(set(keys.values())) != len(keys):
        dup = next(k for k in keys.values() if list(keys.values()).count(k) > 1)
        setter = next((name for name, key in values["keys"].items() if key == dup), "")
        raise ConfigError(
            path,
            f'the key "{dup}" is given to two outcomes',
            key="[keys]",
            line=_line_of(text, "keys", setter),
        )
    sections = {s: values[s] for s in ("ritual", "day", "calling", "softphone", "team")}
    sections["calling"] = {
        k: tuple(v) if k == "hours" else v for k, v in sections["calling"].items()
    }
    if "default_region" in sections["calling"]:
        sections["calling"]["default_region"] = sections["calling"]["default_region"].upper()
    if "command" in sections["softphone"]:
        sections["softphone"]["command"] = tuple(sections["softphone"]["command"])
    return Config(
        theme=values[""].get("theme", Config.theme),
        ritual=RitualConfig(**sections["ritual"]),
        day=DayConfig(**sections["day"]),
        calling=CallingConfig(**sections["calling"]),
        softphone=SoftphoneConfig(**sections["softphone"]),
        team=TeamConfig(**sections["team"]),
        keys=keys,
    )


def _table(text: str, path: Path, name: str, value: Any) -> None:
    """A section must be a table: `[ritual]`, not `ritual = 5` nor `[[ritual]]`."""
    if isinstance(value, dict):
        return
    if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        problem = f"must be a table: write [{name}], not [[{name}]]"
    else:
        problem = f"must be a table: a [{name}] line with its settings below it; got {value!r}"
    raise ConfigError(path, problem, key=f"[{name}]", line=_line_of(text, name, ""))


def _check(text: str, path: Path, section: str, key: str, value: Any) -> None:
    checks = SCHEMA[section]
    label = f"[{section}] {key}" if section else key
    if key not in checks:
        raise ConfigError(
            path,
            f"unknown setting{_suggest(key, list(checks))}",
            key=label,
            line=_line_of(text, section, key),
        )
    problem = checks[key](value)
    if problem:
        raise ConfigError(path, problem, key=label, line=_line_of(text, section, key))


def load(path: Path) -> Config:
    """The config at `path`; defaults when the file does not exist."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return Config()
    except OSError as exc:
        raise ConfigError(path, f"can't be read: {exc.strerror}") from exc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ConfigError(path, "is not UTF-8 text") from exc
    return parse(text, path)


def to_toml(config: Config) -> dict[str, Any]:
    """The config as TOML-ready data."""
    data: dict[str, Any] = {"theme": config.theme}
    for f in fields(config):
        value = getattr(config, f.name)
        if f.name == "keys":
            data["keys"] = dict(value)
        elif f.name != "theme":
            data[f.name] = {
                k: list(v) if isinstance(v, tuple) else v for k, v in asdict(value).items()
            }
    return data


def save(config: Config, path: Path) -> None:
    """Write the config atomically (temporary file, then replace). Comments are not kept."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".config-", suffix=".toml", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as out:
            tomli_w.dump(to_toml(config), out)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
