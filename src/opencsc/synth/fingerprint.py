"""A digest of every record the product holds, for checking that generation is deterministic.

Timestamps of when a row was written and password hashes (salted) are left out: they differ
between two runs by design. Everything else, ids included, must match.
"""

import hashlib

from django.apps import apps

VOLATILE = {"recorded_at", "at", "created_at", "password", "last_login", "date_joined"}
APPS = {"accounts", "audit", "workforce", "people", "casework", "care"}


def fingerprint() -> dict[str, str]:
    """{model label: sha256 of its rows in primary-key order}."""
    out = {}
    for model in apps.get_models():
        if model._meta.app_label not in APPS:
            continue
        fields = [f.attname for f in model._meta.concrete_fields if f.name not in VOLATILE]
        digest = hashlib.sha256()
        for row in model._base_manager.order_by("pk").values_list(*fields):
            digest.update(repr(row).encode())
        out[model._meta.label] = digest.hexdigest()
    return out
