"""What can be recorded now for a child: the links on their record, from every app.

Each app registers, with ``@record_menu``, a function ``(child) -> [(text, url), ...]`` giving the
recording pages that apply to the child today (its own ``record_menu.py``, imported from its
``AppConfig.ready``), so a new form appears on the record from its own app. Order is app-loading
order, then registration order.
"""

from collections.abc import Callable, Iterable

Link = tuple[str, str]
Source = Callable[..., Iterable[Link]]
SOURCES: list[Source] = []


def record_menu(func: Source) -> Source:
    """Register ``func(child)`` as a source of recording links."""
    if func not in SOURCES:
        SOURCES.append(func)
    return func


def record_links_for(child) -> list[Link]:
    return [link for source in SOURCES for link in source(child)]
