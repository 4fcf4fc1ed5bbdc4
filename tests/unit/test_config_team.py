"""config.toml's [team]: the team database's URL (or NEXTCALL_DATABASE_URL), the rep's name, the
claim's lease; every bad value named by line and key, never echoing the URL."""

from pathlib import Path

import pytest

from nextcall.config import ConfigError, TeamConfig, parse

FILE = Path("/home/rep/.config/nextcall/config.toml")


def bad(text: str) -> ConfigError:
    with pytest.raises(ConfigError) as info:
        parse(text, FILE)
    return info.value


def test_team_settings_parse() -> None:
    config = parse(
        '[team]\ndatabase = "postgresql://db.example/sales"\nrep = "Ana P."\nclaim_minutes = 5\n',
        FILE,
    )
    assert config.team == TeamConfig("postgresql://db.example/sales", "Ana P.", 5)


def test_without_team_settings_nextcall_is_one_reps(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NEXTCALL_DATABASE_URL", raising=False)
    team = parse("", FILE).team
    assert team.url() == "" and team.claim_minutes == 10


def test_the_environment_takes_the_databases_place(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEXTCALL_DATABASE_URL", " postgresql://env.example/team ")
    team = parse('[team]\ndatabase = "postgresql://file.example/team"\n', FILE).team
    assert team.url() == "postgresql://env.example/team"
    monkeypatch.setenv("NEXTCALL_DATABASE_URL", "")
    assert team.url() == "postgresql://file.example/team"


def test_the_rep_is_the_login_name_unless_set(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("getpass.getuser", lambda: "ana")
    assert TeamConfig().rep_name() == "ana"
    assert TeamConfig(rep="Ben").rep_name() == "Ben"


@pytest.mark.parametrize(
    ("text", "key", "words"),
    [
        ('database = "mysql://ana:s3cret@db/sales"', "database", 'start with "postgresql://"'),
        ("database = 5", "database", "must be text"),
        ('rep = "ana; drop"', "rep", "letters, digits"),
        (f'rep = "{"a" * 65}"', "rep", "up to 64"),
        ("claim_minutes = 0", "claim_minutes", "between 1 and 240"),
        ("claim_minutes = 241", "claim_minutes", "between 1 and 240"),
        ('databse = "postgresql://db/sales"', "databse", 'did you mean "database"'),
    ],
)
def test_bad_team_settings_are_named(text: str, key: str, words: str) -> None:
    err = bad(f"[team]\n{text}\n")
    assert err.line == 2 and err.key == f"[team] {key}"
    assert words in str(err)
    assert "s3cret" not in str(err)
