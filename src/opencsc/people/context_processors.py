def warning_notes(request):
    """The warning notes in force for the child whose record this page is, for the banner on
    every page of it (``base.html``).

    The child is the one ``people.access.get_child_for_user`` let the user see on this request,
    so a page never shows the notes of a child the user may not see. Lazy: a page that renders
    nothing (a redirect) looks nothing up; one that does costs one query, which the record's own
    links share (``Person.active_warning_notes``).
    """
    child = getattr(request, "record_child", None)
    if child is None:
        return {}
    return {"warning_notes": lambda: child.active_warning_notes}
