from typing import Any

from django.db.models import Q
from rest_framework import pagination
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import Cursor

from minzheng.core.api import messages as api_messages


class PageSizeChecked:
    """``page_size`` that is given must be a positive whole number; DRF's own rule falls back to
    the default without a word, so a client never learns that its ``page_size=null`` was
    ignored. Above the maximum it is capped, as documented."""

    page_size: int
    max_page_size: int
    page_size_query_param = "page_size"

    def get_page_size(self, request: Any) -> int:
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        try:
            size = int(raw)
        except ValueError:
            size = 0
        if size < 1:
            raise ValidationError({self.page_size_query_param: [
                api_messages.PAGE_SIZE_INVALID.format(max=self.max_page_size)]})
        return min(size, self.max_page_size)


class PageNumberPagination(PageSizeChecked, pagination.PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


class CursorPagination(PageSizeChecked, pagination.CursorPagination):
    """For the big tables (people, households, logs): constant cost however deep you page."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    ordering = "-id"
    invalid_cursor_message = api_messages.INVALID_CURSOR


class RegionKeysetPagination(CursorPagination):
    """Pages of a region-scoped table in (region_code, id) order: the order of the pages, and one
    the ``region_code`` index gives within any scope. Ordering by id alone makes the database
    walk the primary key past every row outside the scope (a township of a city is 1% of it,
    and its rows sit together), which at city scale is a second per page.

    The cursor (DRF's encoding) holds the last (or, going back, the first) row's region code and
    id; the next page is the rows after it. Constant cost however deep, with no offset."""

    ordering: Any = ("region_code", "id")

    def paginate_queryset(self, queryset: Any, request: Any, view: Any = None) -> list[Any] | None:
        self.request, self.base_url = request, request.build_absolute_uri()
        self.page_size = self.get_page_size(request)
        self.cursor = self.decode_cursor(request)
        key = self._key(self.cursor.position) if self.cursor and self.cursor.position else None
        reverse = bool(self.cursor and self.cursor.reverse)
        if key is not None:
            # The keyset condition, led by its region bound alone so that the index range starts there.
            bound, after = ("lte", "lt") if reverse else ("gte", "gt")
            queryset = queryset.filter(**{f"region_code__{bound}": key[0]}).filter(
                Q(**{f"region_code__{after}": key[0]}) | Q(region_code=key[0], **{f"id__{after}": key[1]}))
        queryset = queryset.order_by(*(("-region_code", "-id") if reverse else ("region_code", "id")))
        rows = list(queryset[: self.page_size + 1])
        more = len(rows) > self.page_size
        rows = rows[: self.page_size]
        if reverse:
            rows.reverse()
        # Going forward, there is a next page if more rows came, and a previous one if we came
        # from somewhere; going back, the other way round.
        self.has_next, self.has_previous = (key is not None, more) if reverse else (more, key is not None)
        self.page = rows
        return rows

    def get_next_link(self) -> str | None:
        if not self.has_next or not self.page:
            return None
        return self.encode_cursor(Cursor(offset=0, reverse=False, position=self._position(self.page[-1])))

    def get_previous_link(self) -> str | None:
        if not self.has_previous or not self.page:
            return None
        return self.encode_cursor(Cursor(offset=0, reverse=True, position=self._position(self.page[0])))

    @staticmethod
    def _position(row: Any) -> str:
        return f"{row.region_code}:{row.pk}"

    def _key(self, position: str) -> tuple[str, int]:
        region_code, _, pk = position.partition(":")
        if not region_code.isdigit() or len(region_code) > 12 or not pk.isdigit():
            raise NotFound(self.invalid_cursor_message)
        return region_code, int(pk)
