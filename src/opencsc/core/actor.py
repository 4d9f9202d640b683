"""Who does something: the type of every action's ``by=``.

The foundation layer names the signed-in user by Django's base class, so it imports no app:
``accounts.User`` (``AUTH_USER_MODEL``) is one. Actions that need the user's own fields (their
role, their password) take ``accounts.models.User`` instead.
"""

from typing import TypeAlias

from django.contrib.auth.base_user import AbstractBaseUser

Actor: TypeAlias = AbstractBaseUser
