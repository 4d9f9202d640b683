"""A CIN census year whose format opencsc does not know is refused in one line, never a traceback."""

import pytest
from django.core.management import CommandError, call_command

from opencsc.returns.actions import request_return
from opencsc.returns.models import ReturnKind, ReturnRun
from opencsc.testing import refusal


def test_the_returns_page_refuses_a_cin_year_with_no_format(personas, today):
    error = refusal(request_return, by=personas.alex, kind=ReturnKind.CIN, year=2027)
    assert error.field == "year"
    assert "2026-27" in error.text and "2026" in error.fix
    assert not ReturnRun.objects.exists()


def test_the_command_refuses_a_cin_year_with_no_format(db, today, tmp_path):
    with pytest.raises(
        CommandError, match=r"--year: opencsc cannot yet write the CIN census for 2026-27"
    ):
        call_command("returns", "cin", "--year", "2027", "--out", str(tmp_path / "cin.xml"))
    assert not (tmp_path / "cin.xml").exists()
