"""The chronology is assembled from the entries each app registers for its own models."""

import datetime as dt

from opencsc.people import chronology
from opencsc.people.chronology import ChronologyEntry, chronology_for, chronology_source

D = dt.date


def test_each_app_registers_the_entries_of_its_own_models():
    modules = {source.__module__ for source in chronology.SOURCES}
    assert modules == {
        "opencsc.people.chronology",
        "opencsc.casework.chronology",
        "opencsc.care.chronology",
    }
    # In app-loading order, so that on one day the later app's entries come first.
    order = [source.__module__.split(".")[1] for source in chronology.SOURCES]
    assert order == sorted(order, key=["people", "casework", "care"].index)


def test_a_newly_registered_source_appears_newest_first(personas, monkeypatch):
    lily = personas.lily
    monkeypatch.setattr(chronology, "SOURCES", list(chronology.SOURCES))

    @chronology_source
    def letters(person):
        yield ChronologyEntry(D(2026, 1, 5), "Letter", "Letter before proceedings")
        yield ChronologyEntry(D(2026, 1, 6), "Letter", "Letter starting proceedings")

    entries = chronology_for(lily)
    letters_seen = [e.title for e in entries if e.category == "Letter"]
    assert letters_seen == ["Letter starting proceedings", "Letter before proceedings"]
    assert [e.date for e in entries] == sorted((e.date for e in entries), reverse=True)
    chronology_source(letters)  # registering twice does not repeat its entries
    assert len([e for e in chronology_for(lily) if e.category == "Letter"]) == 2
