from opencsc.core.access import Rule, allows


def account(request):
    """Whether the header shows "Users" (system administrators only)."""
    user = getattr(request, "user", None)
    return {"can_manage_users": bool(user is not None and allows(Rule.USER_ADMIN, user))}
