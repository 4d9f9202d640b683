"""Where the validators' virtualenv lives, when it is rebuilt, and what a failed build says.

No real build here (test_validators_runner.py does that once): subprocess.run is replaced."""

import json
import subprocess

import pytest

from opencsc.returns.validators import venv
from opencsc.returns.validators.venv import ValidatorEnvError, ensure_validator_env


def _fake_built_env(path, *, packages=venv.VALIDATOR_PACKAGES):
    (path / "bin").mkdir(parents=True)
    (path / "bin" / "python").touch()
    (path / "pyvenv.cfg").touch()
    stamp = {"packages": list(packages), "base_python": venv._base_python()}
    (path / venv.STAMP_NAME).write_text(json.dumps(stamp), encoding="utf-8")


def test_the_location_comes_from_the_environment_variable_first(monkeypatch, tmp_path):
    monkeypatch.setenv(venv.VENV_ENV_VAR, str(tmp_path / "elsewhere"))

    assert venv.validator_env_dir() == tmp_path / "elsewhere"


def test_the_default_location_is_under_var_dir(monkeypatch, settings, tmp_path):
    monkeypatch.delenv(venv.VENV_ENV_VAR, raising=False)
    settings.VAR_DIR = tmp_path

    assert venv.validator_env_dir() == tmp_path / "validators-venv"


def test_a_built_env_with_the_same_pins_is_used_as_it_is(monkeypatch, tmp_path):
    _fake_built_env(tmp_path / "env")
    monkeypatch.setattr(subprocess, "run", lambda *a, **k: pytest.fail("should not build"))

    assert ensure_validator_env(venv_dir=tmp_path / "env") == tmp_path / "env" / "bin" / "python"


def test_a_change_of_pins_rebuilds_the_env(monkeypatch, tmp_path):
    _fake_built_env(tmp_path / "env", packages=("csc-validator-be-903==0.1.16",))
    commands = []

    def fake_run(command, **kwargs):
        commands.append(command)
        if "venv" in command:  # what `python -m venv DIR` leaves behind
            _fake_built_env(tmp_path / "env", packages=())
        return subprocess.CompletedProcess(command, 0, "", "")

    monkeypatch.setattr(subprocess, "run", fake_run)

    ensure_validator_env(venv_dir=tmp_path / "env")

    assert commands[0][1:3] == ["-m", "venv"]
    assert commands[1][-2:] == list(venv.VALIDATOR_PACKAGES)
    stamp = json.loads((tmp_path / "env" / venv.STAMP_NAME).read_text(encoding="utf-8"))
    assert stamp["packages"] == list(venv.VALIDATOR_PACKAGES)
    assert not list(tmp_path.glob("env.old-*"))  # the outdated env was removed


def test_a_directory_that_is_not_a_virtualenv_is_left_alone(tmp_path):
    (tmp_path / "env").mkdir()
    (tmp_path / "env" / "notes.txt").write_text("mine", encoding="utf-8")

    with pytest.raises(ValidatorEnvError, match="is not a virtualenv, so it was left alone"):
        ensure_validator_env(venv_dir=tmp_path / "env")
    assert (tmp_path / "env" / "notes.txt").exists()


def test_a_failed_install_names_the_command_and_the_fix(monkeypatch, tmp_path):
    def fake_run(command, **kwargs):
        if "venv" in command:
            (tmp_path / "env" / "bin").mkdir(parents=True)
            return subprocess.CompletedProcess(command, 0, "", "")
        return subprocess.CompletedProcess(command, 1, "", "ERROR: ResolutionImpossible")

    monkeypatch.setattr(subprocess, "run", fake_run)

    with pytest.raises(ValidatorEnvError) as raised:
        ensure_validator_env(venv_dir=tmp_path / "env")

    message = str(raised.value)
    assert "-m pip install" in message and "csc-validator-be-903==0.1.17" in message
    assert "ResolutionImpossible" in message
    assert "Fix: check that this machine's pip can reach the package index" in message
    assert not (tmp_path / "env" / venv.STAMP_NAME).exists()  # so the next use tries again


def test_a_missing_python_names_the_variable_to_set(monkeypatch, tmp_path):
    monkeypatch.setenv(venv.PYTHON_ENV_VAR, str(tmp_path / "no-such-python"))

    with pytest.raises(ValidatorEnvError, match=f"could not start.*{venv.PYTHON_ENV_VAR}"):
        ensure_validator_env(venv_dir=tmp_path / "env")
