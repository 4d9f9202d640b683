"""The layers contract (``[tool.importlinter]`` in pyproject.toml, run by ``make lint``) holds on the
real tree, and an upward import breaks it.

import-linter reads the imports statically (no Django set-up), so the broken case runs on a copy
of the package's Python files with one line added to the foundation layer.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[4]
CONTRACT = "Apps are layered: each imports only the layers below it"


def lint_imports(root: Path) -> subprocess.CompletedProcess[str]:
    """Run the venv's lint-imports on the package under ``root/src``, with ``root``'s config."""
    return subprocess.run(  # noqa: S603 (our own linter, on our own files)
        [str(Path(sys.executable).parent / "lint-imports"), "--no-cache", "--no-logo"],
        cwd=root,
        # Put this tree's package first, ahead of the installed (editable) one.
        env={**os.environ, "PYTHONPATH": str(root / "src")},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_real_tree_keeps_the_layers():
    done = lint_imports(ROOT)
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"{CONTRACT} KEPT" in done.stdout


def test_an_upward_import_from_the_foundation_breaks_the_layers(tmp_path):
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    shutil.copytree(
        ROOT / "src" / "opencsc",
        tmp_path / "src" / "opencsc",
        ignore=lambda folder, names: (
            [n for n in names if not n.endswith(".py") and not (Path(folder) / n).is_dir()]
            + ["__pycache__", "static", "templates"]
        ),
    )
    calendar = tmp_path / "src" / "opencsc" / "core" / "calendar.py"
    calendar.write_text(calendar.read_text() + "\nfrom opencsc.people.models import Person\n")

    done = lint_imports(tmp_path)

    assert done.returncode == 1, done.stdout + done.stderr
    assert f"{CONTRACT} BROKEN" in done.stdout
    assert "opencsc.core is not allowed to import opencsc.people" in done.stdout
    assert "opencsc.core.calendar -> opencsc.people.models" in done.stdout
