"""Getting the rep's attention when a timer ends: a desktop notification where the platform has
one (`notify-send`), started without a shell and never waited on by the UI."""

from __future__ import annotations

import shutil
import subprocess
import threading


def desktop_notify(title: str, body: str) -> bool:
    """Show a desktop notification; False when there is no way to (nothing breaks)."""
    exe = shutil.which("notify-send")
    if exe is None:
        return False
    try:
        proc = subprocess.Popen(
            [exe, "--app-name=nextcall", "--", title, body],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # a Ctrl+C in the terminal is not meant for it
        )
    except OSError:
        return False
    threading.Thread(target=proc.wait, name="notify-send", daemon=True).start()  # no zombie
    return True
