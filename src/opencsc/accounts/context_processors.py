from .rules import Rule, allows, can_produce_returns, sees_case_records


def account(request):
    """What the header offers the signed-in user: case records, returns, lists, "Users"."""
    user = getattr(request, "user", None)
    signed_in = bool(user is not None and user.is_authenticated)
    return {
        "sees_case_records": signed_in and sees_case_records(user),
        "can_produce_returns": signed_in and can_produce_returns(user),
        "sees_aggregates": bool(user is not None and allows(Rule.AGGREGATES, user)),
        "can_manage_users": bool(user is not None and allows(Rule.USER_ADMIN, user)),
    }
