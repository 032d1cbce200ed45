"""Where the system Chromium is, and what to do when it is missing: skip locally, fail in CI."""

import os
import shutil
from pathlib import Path

INSTALL_HINT = "install Debian's chromium: apt-get update && apt-get install -y chromium"


def chromium_path(environ=os.environ) -> str:
    """CHROMIUM_PATH if set, else chromium on PATH, else Debian's /usr/bin/chromium."""
    return environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"


def missing_chromium_outcome(path: str, *, ci: bool) -> tuple[str, str] | None:
    """None when the browser exists; otherwise ("skip" | "fail", reason).

    Never "playwright install": it downloads a browser, which fails here and is not what CI runs.
    """
    if Path(path).is_file() and os.access(path, os.X_OK):
        return None
    if ci:
        return "fail", f"CI=true and no Chromium at {path}: {INSTALL_HINT} (or set CHROMIUM_PATH)."
    return (
        "skip",
        f"no Chromium at {path}; {INSTALL_HINT} (or set CHROMIUM_PATH) to run browser tests.",
    )


def running_in_ci(environ=os.environ) -> bool:
    return environ.get("CI", "").strip().lower() in {"1", "true", "yes"}
