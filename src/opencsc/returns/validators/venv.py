"""The validators' own virtualenv.

The Data to Insight validators pin pandas < 2 and numpy < 1.25 (and, through prpc-python,
setuptools < 63), which cannot live beside the product's dependencies. So they are never
installed in the product's environment: on first use we build a virtualenv of their own and run
them in a subprocess (``worker.py``). See ``docs/validators.md`` §1-2.

Where it lives: ``$OPENCSC_VALIDATORS_VENV`` if set, else ``<settings.VAR_DIR>/validators-venv``,
else (Django not configured) ``~/.cache/opencsc-validators``. Which Python builds it:
``$OPENCSC_VALIDATORS_PYTHON`` if set, else the product's own interpreter. The validators need
Python 3.10 or 3.11 (the postcode data needs >= 3.10; numpy 1.24 and pandas 1.5 have no wheels
for 3.12), so when the product moves to 3.12 point that variable at a 3.11 interpreter.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import IO

# Change a pin here and every environment rebuilds itself on its next use (the stamp differs).
VALIDATOR_PACKAGES: tuple[str, ...] = (
    "csc-validator-be-903==0.1.17",
    "csc-validator-be-cin==0.1.13",
)

VENV_ENV_VAR = "OPENCSC_VALIDATORS_VENV"
PYTHON_ENV_VAR = "OPENCSC_VALIDATORS_PYTHON"
VENV_DIR_NAME = "validators-venv"
FALLBACK_VENV_DIR = Path("~/.cache/opencsc-validators")
STAMP_NAME = "opencsc-validators-stamp.json"

# Building takes a minute or two on a warm pip cache; allow for a slow network.
VENV_TIMEOUT_SECONDS = 300
PIP_TIMEOUT_SECONDS = 1200


class ValidatorEnvError(RuntimeError):
    """The validators' virtualenv could not be built or used."""


def validator_env_dir() -> Path:
    """Where the validators' virtualenv lives (it may not exist yet)."""
    override = os.environ.get(VENV_ENV_VAR)
    if override:
        return Path(override).expanduser().resolve()
    try:
        from django.conf import settings
        from django.core.exceptions import ImproperlyConfigured
    except ImportError:  # the worker side, or a script without Django
        return FALLBACK_VENV_DIR.expanduser()
    try:
        return Path(settings.VAR_DIR) / VENV_DIR_NAME
    except (ImproperlyConfigured, AttributeError):  # settings not configured, or no VAR_DIR
        return FALLBACK_VENV_DIR.expanduser()


def venv_python(venv_dir: Path) -> Path:
    """The interpreter inside a virtualenv (POSIX layout: the product runs on Linux)."""
    return venv_dir / "bin" / "python"


def ensure_validator_env(*, venv_dir: Path | None = None) -> Path:
    """Return the validators' Python, building its virtualenv first if needed.

    Built once: a stamp file records the pinned packages and the base interpreter, so changing
    ``VALIDATOR_PACKAGES`` (or the interpreter) rebuilds it, and an interrupted build (no stamp
    yet) is started again. A file lock beside the virtualenv makes a second process wait for
    the first one's build instead of racing it.

    Raises ``ValidatorEnvError`` naming the failed command and the fix.
    """
    venv_dir = (venv_dir or validator_env_dir()).expanduser()
    base_python = _base_python()
    wanted = {"packages": list(VALIDATOR_PACKAGES), "base_python": base_python}

    if _read_stamp(venv_dir) == wanted and venv_python(venv_dir).exists():
        return venv_python(venv_dir)

    try:
        venv_dir.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ValidatorEnvError(
            f"Cannot create {venv_dir.parent} for the validators' virtualenv ({exc}). "
            f"Fix: make it writable, or set {VENV_ENV_VAR} to a writable directory."
        ) from exc

    with _FileLock(venv_dir.with_name(venv_dir.name + ".lock")):
        # Another process may have finished the build while we waited for the lock.
        if _read_stamp(venv_dir) == wanted and venv_python(venv_dir).exists():
            return venv_python(venv_dir)
        _build(venv_dir, base_python=base_python)
        (venv_dir / STAMP_NAME).write_text(json.dumps(wanted, indent=2) + "\n", encoding="utf-8")
    return venv_python(venv_dir)


def _base_python() -> str:
    """The interpreter to build with, as a resolved path: ``.venv/bin/python`` and
    ``.venv/bin/python3`` are the same Python and must not look like a change that rebuilds."""
    chosen = os.environ.get(PYTHON_ENV_VAR) or sys.executable
    return os.path.realpath(shutil.which(chosen) or chosen)


def _read_stamp(venv_dir: Path) -> dict | None:
    try:
        return json.loads((venv_dir / STAMP_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _build(venv_dir: Path, *, base_python: str) -> None:
    if venv_dir.exists():
        # Only ever delete something that is a virtualenv (ours, outdated or half-built): the
        # directory may come from an environment variable, and we must not wipe a user's folder.
        if any(venv_dir.iterdir()) and not (venv_dir / "pyvenv.cfg").exists():
            raise ValidatorEnvError(
                f"{venv_dir} exists and is not a virtualenv, so it was left alone. "
                f"Fix: remove it, or set {VENV_ENV_VAR} to another directory."
            )
        # Move it aside first: a worker still running from it may write __pycache__ files while
        # we delete, and the rename is atomic, so the new build always starts from nothing.
        aside = venv_dir.with_name(f"{venv_dir.name}.old-{os.getpid()}")
        venv_dir.rename(aside)
        shutil.rmtree(aside, ignore_errors=True)

    _run(
        [base_python, "-m", "venv", str(venv_dir)],
        timeout=VENV_TIMEOUT_SECONDS,
        fix=(
            "install the venv module for that Python (Debian: apt-get install python3-venv), "
            f"or set {PYTHON_ENV_VAR} to a Python 3.10 or 3.11 that has it"
        ),
    )
    # `python -m pip` rather than bin/pip: a deep path can make the pip script's shebang line too
    # long for the kernel, while the interpreter itself always runs.
    _run(
        [
            str(venv_python(venv_dir)),
            "-m",
            "pip",
            "install",
            "--disable-pip-version-check",
            "--no-input",
            "--quiet",
            *VALIDATOR_PACKAGES,
        ],
        timeout=PIP_TIMEOUT_SECONDS,
        fix=(
            "check that this machine's pip can reach the package index (pip config list), and "
            "that the Python is 3.10 or 3.11 (numpy 1.24 and pandas 1.5 have no wheels for 3.12; "
            f"set {PYTHON_ENV_VAR}); then run again, the virtualenv is rebuilt"
        ),
    )


def _run(command: list[str], *, timeout: int, fix: str) -> None:
    shown = " ".join(command)
    try:
        done = subprocess.run(  # noqa: S603 - fixed argument list, no shell
            command, capture_output=True, text=True, timeout=timeout, check=False
        )
    except FileNotFoundError as exc:
        raise ValidatorEnvError(
            f"Building the validators' virtualenv: `{shown}` could not start ({exc}). Fix: {fix}."
        ) from exc
    except subprocess.TimeoutExpired as exc:
        raise ValidatorEnvError(
            f"Building the validators' virtualenv: `{shown}` took more than {timeout} s. Fix: {fix}."
        ) from exc
    if done.returncode != 0:
        tail = "\n".join((done.stderr or done.stdout).strip().splitlines()[-15:])
        raise ValidatorEnvError(
            f"Building the validators' virtualenv: `{shown}` failed (exit {done.returncode}):\n"
            f"{tail}\nFix: {fix}."
        )


class _FileLock:
    """An exclusive advisory lock (POSIX flock) on a file, held for a ``with`` block.

    flock is released by the kernel if the holder dies, so a killed build never leaves a stale
    lock behind; the next process simply rebuilds (no stamp was written)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._file: IO[bytes] | None = None

    def __enter__(self) -> _FileLock:
        self._file = open(self.path, "a+b")  # closed in __exit__
        fcntl.flock(self._file.fileno(), fcntl.LOCK_EX)
        return self

    def __exit__(self, *exc_info: object) -> None:
        assert self._file is not None
        fcntl.flock(self._file.fileno(), fcntl.LOCK_UN)
        self._file.close()
