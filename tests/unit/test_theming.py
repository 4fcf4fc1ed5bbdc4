"""Theme files: the shipped ones load, bad files are reported with their error, the wheel has them."""

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from nextcall.ui.theming import load_themes, shipped_dir

ROOT = Path(__file__).resolve().parents[2]


def test_shipped_themes_load() -> None:
    themes, problems = load_themes(shipped_dir())
    assert problems == []
    names = {t.name for t in themes}
    assert {"nextcall-dark", "nextcall-light", "nextcall-contrast"} <= names
    for theme in themes:
        assert {"outcome-meeting", "outcome-rejected"} <= set(theme.variables)


def test_bad_files_are_collected_not_fatal(tmp_path: Path) -> None:
    (tmp_path / "good.toml").write_text('name = "mine"\nprimary = "#336699"\n')
    (tmp_path / "colour.toml").write_text('name = "x"\nprimary = "not-a-colour"\n')
    (tmp_path / "broken.toml").write_text("name = \n")
    (tmp_path / "extra.toml").write_text('name = "y"\nprimary = "red"\nsparkle = true\n')
    themes, problems = load_themes(tmp_path, tmp_path / "missing")
    assert [t.name for t in themes] == ["mine"]
    assert sorted(p.path.name for p in problems) == ["broken.toml", "colour.toml", "extra.toml"]
    assert any("not a colour" in p.message for p in problems)


@pytest.mark.slow
def test_the_wheel_ships_the_themes(tmp_path: Path) -> None:
    hatchling = Path(sys.executable).with_name("hatchling")
    subprocess.run(
        [str(hatchling), "build", "-t", "wheel", "-d", str(tmp_path)],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    wheel = next(tmp_path.glob("*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    for theme in ("nextcall-dark", "nextcall-light", "nextcall-contrast"):
        assert f"nextcall/themes/{theme}.toml" in names
    assert "nextcall/ui/app.tcss" in names
