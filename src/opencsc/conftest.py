import pytest


@pytest.fixture
def personas(db):
    """The named personas of ``opencsc.testing`` (Sam, Tara, Imran, Pat, Olly, Alex, Hana, Ines,
    Ada) and Lily, Sam's child."""
    from opencsc.testing import build_personas

    return build_personas()
