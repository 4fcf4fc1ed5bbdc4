"""Bytes from outside are inert on every path to the terminal (issue 10, item 3): a CSV header,
a file name, a note in the wins jar, a softphone's stderr, a value quoted by a config error."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest
from rich.console import Console

from clocks import FakeClock
from nextcall.__main__ import main
from nextcall.cli import stats
from nextcall.domain.clock import today
from nextcall.io.inert import inert
from nextcall.io.softphone import CommandSoftphone, DialError
from nextcall.store import Store

OSC52 = "\x1b]52;c;aGFja2Vk\x07"
"""Writes 'hacked' to the rep's clipboard in a terminal that obeys it."""
HOSTILE = f"{OSC52}\x1b[2J\x9b31m\x07\x7f\x85"
CONTROL = [chr(c) for c in (*range(0x00, 0x09), *range(0x0B, 0x20), *range(0x7F, 0xA0))]


def assert_inert(text: str) -> None:
    """No control character in `text` (line breaks and tabs aside), nor an escape's payload."""
    found = sorted({repr(c) for c in text if c in CONTROL})
    assert not found, f"control characters reach the terminal: {found} in {text!r}"
    assert "aGFja2Vk" not in text, "an escape sequence's payload was left behind"


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        (f"Ada{OSC52} Okafor", "Ada Okafor"),
        ("\x1b[31mred\x1b[0m", "red"),
        ("a\x1bP1;2q payload\x1b\\b", "ab"),
        ("C1\x9b2J and \x85NEL \x9d8;;x\x9c!", "C1 and NEL !"),
        ("line\nnext\ttab\r", "line\nnext\ttab"),
        ("Zoë · 中村 · O'Brien [b]x[/b]", "Zoë · 中村 · O'Brien [b]x[/b]"),
        ("rtl\u202eoverride", "rtloverride"),
        ("bell\x07 and del\x7f", "bell and del"),
    ],
)
def test_inert_drops_sequences_whole_and_controls(text: str, kept: str) -> None:
    assert inert(text) == kept
    assert_inert(inert(text))


@pytest.fixture
def cli(tmp_path: Path) -> list[str]:
    return ["--data-dir", str(tmp_path / "data"), "--config", str(tmp_path / "none.toml")]


def test_import_summary_with_a_hostile_header(
    cli: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    csv = f"Name,Phone,Notes{HOSTILE}\nAda,+1 212 555 0143,x\n".encode()
    (tmp_path / "in.csv").write_bytes(csv)
    assert main([*cli, "import", str(tmp_path / "in.csv")]) == 0
    out, err = capsys.readouterr()
    assert "imported 1" in out and "columns not used" in out
    assert_inert(out)
    assert_inert(err)


def test_import_refusal_with_a_hostile_file_name(
    cli: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / f"leads{OSC52}.csv"
    path.write_bytes(b"Name,Phone\nAda,555\n")
    assert main([*cli, "import", str(path)]) == 1
    err = capsys.readouterr().err
    assert "nothing was imported" in err and "leads.csv" in err
    assert_inert(err)
    assert main([*cli, "import", str(tmp_path / f"missing{OSC52}.csv")]) == 2
    err = capsys.readouterr().err
    assert "missing.csv" in err
    assert_inert(err)


def test_dnc_import_with_a_hostile_file_name(
    cli: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / f"dnc{OSC52}.csv"
    path.write_bytes(b"Phone\n+1 212 555 0143\n555\n")
    assert main([*cli, "import", "--dnc", str(path)]) == 1
    captured = capsys.readouterr()
    assert "dnc.csv" in captured.err
    assert_inert(captured.out + captured.err)
    assert main([*cli, "import", "--dnc", "--skip-invalid", str(path)]) == 0
    captured = capsys.readouterr()
    assert "added 1" in captured.out
    assert_inert(captured.out + captured.err)


def test_stats_with_a_hostile_win(any_store: Store, clock: FakeClock) -> None:
    day = today(clock)
    any_store.add_win(f"booked {HOSTILE}Ada", clock.now(), day)
    report = stats.review(any_store, clock, day)
    out = io.StringIO()
    stats.print_table(
        stats.collect(report, 0), report, Console(file=out, width=100, force_terminal=False)
    )
    assert "booked Ada" in out.getvalue()
    assert_inert(out.getvalue())


async def test_softphone_stderr_is_inert() -> None:
    said = f"no handler{OSC52}\x1b[2J\x9b31m for tel:"
    script = f"import sys; sys.stderr.write({said!r}); sys.exit(3)"
    with pytest.raises(DialError) as caught:
        await CommandSoftphone([sys.executable, "-c", script]).dial("+12125550143")
    said = str(caught.value)
    assert "exited with status 3" in said and "no handler for tel:" in said
    assert_inert(said)


def test_a_config_error_quoting_a_hostile_value(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "config.toml"
    config.write_text('"\\u001b]52;c;aGFja2Vk\\u0007colour" = 1\n[calling]\ndefault_region = 5\n')
    assert main(["--config", str(config), "--data-dir", str(tmp_path), "stats"]) == 2
    err = capsys.readouterr().err
    assert "colour" in err
    assert_inert(err)


def test_a_config_file_with_a_hostile_name(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / f"config{OSC52}.toml"
    config.write_text("[day]\ntarget_meetings = -1\n")
    assert main(["--config", str(config), "--data-dir", str(tmp_path), "stats"]) == 2
    err = capsys.readouterr().err
    assert "target_meetings" in err
    assert_inert(err)


def test_the_screens_escape_through_the_one_function() -> None:
    """Every screen shows outside text through `ui.markup.escape` (inert, then escaped), never
    through Textual's escape alone, which leaves control bytes in."""
    ui = Path(__file__).parents[2] / "src" / "nextcall" / "ui"
    direct = [
        str(path.relative_to(ui))
        for path in ui.rglob("*.py")
        if path.name != "markup.py" and "from textual.markup import escape" in path.read_text()
    ]
    assert direct == []


def test_a_usage_error_quoting_hostile_file_names(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`nextcall import *.csv` where a shell glob put a second, hostile name on the line."""
    with pytest.raises(SystemExit) as caught:
        main(["--data-dir", str(tmp_path), "import", "a.csv", f"b{OSC52}.csv"])
    assert caught.value.code == 2
    err = capsys.readouterr().err
    assert "unrecognized arguments: b.csv" in err
    assert_inert(err)
