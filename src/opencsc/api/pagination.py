"""Page-numbered lists (``?page=2&page_size=50``); a page that does not exist is a 400 naming
``page`` (not DRF's 404), so a client can tell a bad request from a missing record."""

from django.core.paginator import InvalidPage
from rest_framework import pagination
from rest_framework.exceptions import ValidationError

MAX_PAGE_SIZE = 200


class PageNumberPagination(pagination.PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        try:
            size = int(raw)
        except ValueError:
            size = 0
        if not 1 <= size <= MAX_PAGE_SIZE:
            raise ValidationError(
                {"page_size": [f"Give a page size from 1 to {MAX_PAGE_SIZE}, not '{raw[:20]}'."]}
            )
        return size

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        page_size = self.get_page_size(request)
        paginator = self.django_paginator_class(queryset, page_size)
        raw = request.query_params.get(self.page_query_param, "1")
        try:
            number = int(raw)
            self.page = paginator.page(number)
        except (ValueError, InvalidPage):
            pages = paginator.num_pages
            raise ValidationError(
                {"page": [f"There is no page '{raw[:20]}': give a page from 1 to {pages}."]}
            ) from None
        return list(self.page)

    def get_paginated_response_schema(self, schema):
        out = super().get_paginated_response_schema(schema)
        out["properties"]["count"]["minimum"] = 0
        return out
