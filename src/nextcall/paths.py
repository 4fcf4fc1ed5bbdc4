"""Where nextcall's files live. Resolved in functions, never at import; folders made on demand."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP = "nextcall"
DATABASE_NAME = "nextcall.db"


def data_dir(override: str | None = None) -> Path:
    """--data-dir, else $NEXTCALL_DATA_DIR, else the platform's user data folder."""
    chosen = override or os.environ.get("NEXTCALL_DATA_DIR")
    return Path(chosen).expanduser() if chosen else Path(platformdirs.user_data_dir(APP))


def demo_dir() -> Path:
    """The demo's own folder, apart from the rep's data."""
    return Path(platformdirs.user_cache_dir(APP)) / "demo"


def config_path(override: str | None = None) -> Path:
    """--config, else $NEXTCALL_CONFIG, else config.toml in the platform's user config folder."""
    chosen = override or os.environ.get("NEXTCALL_CONFIG")
    if chosen:
        return Path(chosen).expanduser()
    return Path(platformdirs.user_config_dir(APP)) / "config.toml"


def user_themes_dir() -> Path:
    """The rep's own themes, beside their config."""
    return Path(platformdirs.user_config_dir(APP)) / "themes"


def ensure_private_dir(path: Path) -> Path:
    """Create `path` if missing, and each missing folder above it, all mode 0700 (whatever the
    umask): a folder nextcall makes is the rep's alone. Folders that exist are left as they are."""
    missing: list[Path] = []
    folder = path
    while not folder.exists() and folder != folder.parent:
        missing.append(folder)
        folder = folder.parent
    for folder in reversed(missing):
        try:
            folder.mkdir(mode=0o700)
        except FileExistsError:
            if folder.is_dir():
                continue  # made meanwhile by another nextcall: theirs, as it is
            raise
        os.chmod(folder, 0o700)  # mkdir's mode passes through the umask
    return path


def folder_problem(folder: Path, exc: OSError) -> str:
    """What is wrong with a data folder nextcall could not use, and what to do, in one line."""
    if folder.is_symlink() and not folder.exists():
        return (
            f"{folder} is a link to {os.readlink(folder)}, which does not exist: "
            "create that folder, or point --data-dir at another one"
        )
    if folder.exists() and not folder.is_dir():
        return f"{folder} is a file, not a folder: point --data-dir at a folder"
    if isinstance(exc, PermissionError):
        return (
            f"nextcall may not write in {folder} ({exc.strerror}): fix its permissions "
            "(chmod u+rwx), or point --data-dir at another folder"
        )
    return f"nextcall can't use the folder {folder} ({exc.strerror or exc})"
