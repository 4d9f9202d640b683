"""The role gate of an API view: its ``access_rule``, decided by ``opencsc.accounts.rules.allows``.

Unsafe methods (POST, PATCH, ...) need the view's ``write_rule`` as well; a view with none
allows them to no one. Object-level access (which child) is not decided here but by
``visible_children`` in the view, which answers 404 for a child the user may not see.
"""

from rest_framework.permissions import SAFE_METHODS, BasePermission

from opencsc.accounts.rules import allows


class RolePermission(BasePermission):
    message = "Your role does not give access to this."

    def has_permission(self, request, view):
        rule = getattr(view, "access_rule", None)
        # Deny by default: a view that declares no rule lets no one in.
        if rule is None or not allows(rule, request.user):
            return False
        if request.method in SAFE_METHODS:
            return True
        write_rule = getattr(view, "write_rule", None)
        return write_rule is not None and allows(write_rule, request.user)
