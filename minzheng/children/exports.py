"""How many rows a children's page puts in its Excel download (``core.tabular.xlsx_download``);
the rows come from the page's own scoped selector."""

MAX_ROWS = 200_000
