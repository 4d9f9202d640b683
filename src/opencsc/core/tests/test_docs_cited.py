"""The code cites the repository's own docs: the timescale table is in docs/, and no module
names a file outside the repository (a reader of a clone must be able to follow every citation).
"""

import re
from pathlib import Path

from opencsc.core.timescales import load_catalogue, load_clocks

REPO = Path(__file__).resolve().parents[4]
SRC = REPO / "src" / "opencsc"
# Paths that only exist on a developer's machine, never in a clone.
OUTSIDE = re.compile(
    r"/work/|\.\./shared|shared/domain|shared/reference-data|shared/checks"
    # The domain notes by name, unless it is the repository's copy in docs/.
    r"|(?<!docs/)(field-guide|verification\.md|validators\.md|timescales\.md|indicators\.md)"
)


def test_every_catalogued_timescale_has_a_row_in_docs_timescales() -> None:
    table = (REPO / "docs" / "timescales.md").read_text()
    rows = set(re.findall(r"^\| (T\d+) \|", table, flags=re.MULTILINE))
    missing = {entry.code.split("-")[0] for entry in load_catalogue()} - rows
    assert not missing, f"no row in docs/timescales.md for {sorted(missing)}"


def test_every_clock_function_is_listed_in_docs_timescales() -> None:
    table = (REPO / "docs" / "timescales.md").read_text()
    functions = [e.function for e in load_catalogue()] + [c.function for c in load_clocks()]
    unlisted = [f.__name__ for f in functions if f"timescales.{f.__name__}`" not in table]
    assert not unlisted, f"docs/timescales.md does not name {unlisted}"


def test_no_module_names_a_file_outside_the_repository() -> None:
    offenders = [
        f"{path.relative_to(REPO)}:{number}"
        for path in SRC.rglob("*.py")
        if "tests" not in path.relative_to(SRC).parts
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if OUTSIDE.search(line)
    ]
    assert not offenders, f"cite docs/ instead: {offenders}"


def test_the_docs_cited_by_the_code_exist() -> None:
    cited = {
        match
        for path in SRC.rglob("*.py")
        for match in re.findall(r"docs/[\w./-]+\.md", path.read_text())
    }
    assert cited, "nothing cites docs/: the pattern is broken"
    missing = sorted(doc for doc in cited if not (REPO / doc).is_file())
    assert not missing, f"cited but not in the repository: {missing}"
