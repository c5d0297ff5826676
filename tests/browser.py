"""Headless Chromium for tests that check what a browser makes of a page.

The CI script (.ci/run) installs Debian's ``chromium``; a machine without it fails these
tests with the command that installs it, rather than skipping them unseen.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
INSTALL = ("apt-get update && DEBIAN_FRONTEND=noninteractive "
           "apt-get install -y --no-install-recommends chromium")
HEADLESS = ("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
            "--disable-extensions", "--disable-background-networking", "--mute-audio")
"""No sandbox: CI runs as root in a container, where Chromium's sandbox cannot start."""


def find_chromium() -> str | None:
    """$CHROMIUM if set, else the first Chromium or Chrome on the PATH."""
    chosen = os.environ.get("CHROMIUM")
    if chosen:
        return shutil.which(chosen)
    return next((path for name in NAMES if (path := shutil.which(name))), None)


def run_chromium(executable: str, *args: str, timeout: float = 60) -> str:
    """Run headless Chromium with a throwaway profile; its standard output."""
    with tempfile.TemporaryDirectory(prefix="chromium-profile-") as profile:
        done = subprocess.run(
            [executable, *HEADLESS, f"--user-data-dir={profile}", *args],
            capture_output=True, text=True, timeout=timeout, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{executable} exited with {done.returncode}: {done.stderr[-2000:]}")
    return done.stdout


def dump_dom(executable: str, page: Path) -> str:
    """The DOM Chromium builds from a local HTML file, serialized after loading."""
    return run_chromium(executable, "--dump-dom", page.resolve().as_uri())


def screenshot(executable: str, page: Path, png: Path, size: str = "1280,1600") -> Path:
    """A PNG of a local HTML file as Chromium shows it in a window of ``size`` pixels."""
    run_chromium(executable, "--hide-scrollbars", f"--window-size={size}",
                 f"--screenshot={png.resolve()}", page.resolve().as_uri())
    return png


@pytest.fixture(scope="session")
def chromium() -> str:
    """The Chromium executable; fails (does not skip) when there is none."""
    executable = find_chromium()
    if executable is None:
        pytest.fail(f"Chromium is needed for the browser tests and was not found "
                    f"(tried $CHROMIUM, then {', '.join(NAMES)} on the PATH). Install it: "
                    f"`{INSTALL}` on Debian or Ubuntu (the CI script .ci/run does), or set "
                    f"CHROMIUM to a Chromium or Chrome executable.", pytrace=False)
    return executable
