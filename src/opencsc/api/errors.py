"""API errors: every refusal of input names the field at fault.

- ``ActionError(field, message, fix)`` from an action: 400 ``{field: ["message fix"]}``; a stale
  ``version`` (someone else saved first): 409 ``{"version": [...]}``.
- A serializer's ``ValidationError``: 400 ``{field: [...]}`` (errors about the body as a whole,
  such as a list sent where an object belongs, are under ``body``).
- A body that is not JSON: 400 ``{"body": [...]}``.
- Not signed in 401, role may not 403, no such child (or not one you may see) 404: ``{"detail"}``.
"""

from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from opencsc.core.errors import ActionError

BODY = "body"


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "Someone else changed this record first."
    default_code = "conflict"


def action_error_response(error: ActionError) -> Response:
    code = status.HTTP_409_CONFLICT if error.field == "version" else status.HTTP_400_BAD_REQUEST
    return Response({error.field: [error.text]}, status=code)


def exception_handler(exc, context):
    if isinstance(exc, ActionError):
        return action_error_response(exc)
    if isinstance(exc, exceptions.ParseError):
        return Response(
            {BODY: [f"{exc.detail} Send a JSON object, with Content-Type: application/json."]},
            status=status.HTTP_400_BAD_REQUEST,
        )
    return drf_exception_handler(exc, context)
