"""What the query-string fuzzing shares: the addresses (every route that answers GET, as
``tests/routes.py`` walks the URLconf), the parameters each reads, and the values to send.

A route's parameters are those it declares (an API list's filters, a report's period, the
admin's own) and those its page offers: every name in a link's query string or a GET form's
fields, read from the page as first served. Values are the kinds that broke addresses before:
"%" and "%s" (formatted into messages), years past 9999, negative and huge numbers, empty and
very long text, unicode, and a parameter given twice.
"""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlsplit

from hypothesis import strategies as st

from sendtrack.kernel.api.filters import COMMON_PARAMETERS
from tests.routes import Route, routes

# The schema and docs are generated from code, read no parameter but ``format`` and ``lang``,
# and take seconds each: schemathesis and tests/api/test_schema.py read them.
SKIPPED = {"api-schema", "api-docs", "api-redoc", "admin:jsi18n", "admin:logout"}
# Parameters the admin reads on every model page.
ADMIN_PARAMETERS = ("_changelist_filters", "_to_field", "_popup", "p", "q", "o", "all", "e")

# Each kind of value, readable in a failure's message.
NASTY = [
    "%",
    "%s",
    "%(x)s",
    "100%",
    "9999-12",
    "9999-12-31",
    "10000-01-01",
    "0000-00",
    "-1",
    "0",
    "99999999999999999999999999",
    "-99999999999999999999999999",
    "1e400",
    "NaN",
    "",
    " ",
    "x" * 5000,
    "ü" * 300,
    "😀\u202e\u200b",
    "'; --",
    "<script>",
    "../..",
    "true",
    "[]",
]
VALUES = st.one_of(
    st.sampled_from(NASTY),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    # Text of every script, without NUL: the test client would send it and SQLite ignore it.
    st.text(st.characters(exclude_characters="\x00"), max_size=40),
)
# A value, or a parameter given twice or three times.
SENT = st.one_of(VALUES, st.lists(VALUES, min_size=2, max_size=3))


def get_routes() -> list[Route]:
    return [r for r in routes() if "GET" in r.methods and r.key not in SKIPPED]


def api_parameters(route: Route) -> list[str]:
    """What an API address reads: a list's filters and common parameters, a report's
    query, or a record's format."""
    view = route.viewset
    names = {"format"}
    serializer = getattr(view, "query_serializer_class", None)
    if route.key.startswith("api-report") or (view and view.__name__.endswith("ReportView")):
        from projects.api.report_base import ReportQuerySerializer

        names |= set(ReportQuerySerializer().fields)
    elif serializer is not None:
        names |= set(serializer().fields)
    elif getattr(route.callback, "actions", {}).get("get") == "list":
        names |= COMMON_PARAMETERS
        filterset_class = getattr(view, "filterset_class", None)
        if filterset_class is not None:
            names |= set(filterset_class().form.fields)
    return sorted(names)


class _Offered(HTMLParser):
    """The query parameters a page offers: in its links' query strings and GET forms."""

    def __init__(self):
        super().__init__()
        self.names: set[str] = set()
        self._in_get_form = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "a" and attributes.get("href"):
            query = urlsplit(attributes["href"]).query
            self.names |= {name for name, _ in parse_qsl(query, keep_blank_values=True)}
        elif tag == "form":
            self._in_get_form = (attributes.get("method") or "get").lower() == "get"
        elif (
            tag in ("input", "select", "textarea")
            and self._in_get_form
            and attributes.get("name")
            and attributes.get("type") != "submit"
        ):
            self.names.add(attributes["name"])

    def handle_endtag(self, tag):
        if tag == "form":
            self._in_get_form = False


def offered_parameters(html: str) -> set[str]:
    parser = _Offered()
    parser.feed(html)
    return parser.names - {"csrfmiddlewaretoken"}
