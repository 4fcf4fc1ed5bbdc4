"""Writing config.toml when the rep changes a setting in the app: tomli-w, through a temporary
file beside it (0600) put in place whole, so a crash leaves the old file or the new one."""

from __future__ import annotations

import os
import tempfile
from dataclasses import asdict
from pathlib import Path
from typing import Any

import tomli_w

from nextcall.config.keys import changed
from nextcall.config.model import SECTIONS, Config


def to_toml(config: Config) -> dict[str, Any]:
    """The config as TOML-ready data: every section in full; `[keys]` holds only the keys the
    rep changed (new defaults reach them; the file stays short)."""
    data: dict[str, Any] = {"theme": config.theme}
    for name in SECTIONS:
        data[name] = {
            k: list(v) if isinstance(v, tuple) else v
            for k, v in asdict(getattr(config, name)).items()
        }
    keys = changed(config.keys)
    if keys:
        data["keys"] = keys
    return data


def save(config: Config, path: Path) -> None:
    """Write the config atomically (a private temporary file, flushed to disk, then replace).
    Comments are not kept. A missing folder is made, private (0700)."""
    from nextcall.paths import ensure_private_dir

    ensure_private_dir(path.parent)
    fd, tmp = tempfile.mkstemp(prefix=".config-", suffix=".toml", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as out:  # mkstemp made it 0600: the rep's alone
            tomli_w.dump(to_toml(config), out)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
