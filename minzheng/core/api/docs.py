"""``/api/docs/``: Swagger UI from the vendored files, under the site's strict CSP."""

from __future__ import annotations

from drf_spectacular.views import SpectacularSwaggerSplitView


class SwaggerDocsView(SpectacularSwaggerSplitView):
    """The split view serves its start-up script as ``?script=``, a response of its own, so the
    page needs no inline script (CSP ``script-src 'self'``)."""

    url_name = "api:schema"
    template_name = "api/swagger_ui.html"
