"""The DfE statutory-return validators (SSDA903 and CIN census), run the product's way.

The Data to Insight validators pin pandas < 2 and numpy < 1.25, so they are never installed in
the product's environment: ``ensure_validator_env()`` builds a virtualenv of their own on first
use and ``worker.py`` runs them there in a subprocess. Use::

    from opencsc.returns.validators import validate_903, validate_cin, format_report

    report = validate_903(out_dir, year=2026, la_ons_code="E10000020")
    print(format_report(report))   # ends with "errors: N"
    report.error_count             # errors no known validator defect explains

Facts about the validators, their inputs and their defects: ``docs/validators.md``.
"""

from .known_defects import KNOWN_DEFECTS, KnownDefect
from .report import format_report
from .runner import (
    Issue,
    ValidationReport,
    ValidatorInputError,
    ValidatorRunError,
    ValidatorTimeout,
    validate_903,
    validate_cin,
)
from .venv import VALIDATOR_PACKAGES, ValidatorEnvError, ensure_validator_env, validator_env_dir

__all__ = [
    "KNOWN_DEFECTS",
    "VALIDATOR_PACKAGES",
    "Issue",
    "KnownDefect",
    "ValidationReport",
    "ValidatorEnvError",
    "ValidatorInputError",
    "ValidatorRunError",
    "ValidatorTimeout",
    "ensure_validator_env",
    "format_report",
    "validate_903",
    "validate_cin",
    "validator_env_dir",
]
