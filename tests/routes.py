"""Every address the site answers, read from the URL configuration itself (the API's router
included), so that checks built on it cover a new page or endpoint the day it is added.

``all_routes()`` walks ``get_resolver().url_patterns`` recursively and gives each route as a
path template such as ``/api/v1/projects/<pk>/``, with its name, view and the keyword arguments
to fill. A viewset's routes also name the class and the actions their methods map to
(``{"get": "list"}``), for checks that ask who may call what.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.urls import URLPattern, URLResolver, get_resolver

# DRF's router writes regular expressions; Django's path() converters read the same once
# the named groups are written as <name>.
_GROUP = re.compile(r"\(\?P<(\w+)>[^)]*\)")
_CONVERTER = re.compile(r"<(?:\w+:)?(\w+)>")


@dataclass(frozen=True)
class Route:
    path: str  # "/api/v1/projects/<pk>/"
    name: str | None  # namespaced, e.g. "admin:projects_project_changelist"
    view: object = field(compare=False, repr=False)
    kwargs: tuple[str, ...] = ()

    @property
    def viewset(self) -> type | None:
        """The DRF viewset or API view class behind the route, if any."""
        return getattr(self.view, "cls", None)

    @property
    def actions(self) -> dict[str, str]:
        """For a viewset's route, which action each HTTP method calls ({"get": "list"})."""
        return dict(getattr(self.view, "actions", None) or {})

    def url(self, **values: object) -> str:
        """The address with each keyword argument filled in."""
        missing = set(self.kwargs) - set(values)
        if missing:
            raise KeyError(f"{self.path} needs {sorted(missing)}")
        return _CONVERTER.sub(lambda m: str(values[m.group(1)]), self.path)


def all_routes() -> list[Route]:
    """Every route of the root URL configuration, in the order Django tries them."""
    return list(_walk(get_resolver().url_patterns, prefix="", namespace=""))


def _walk(patterns, *, prefix: str, namespace: str) -> Iterator[Route]:
    for pattern in patterns:
        text = prefix + _normalise(str(pattern.pattern))
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _walk(pattern.url_patterns, prefix=text, namespace=inner)
        elif isinstance(pattern, URLPattern):
            path = "/" + text
            yield Route(
                path=path,
                name=f"{namespace}{pattern.name}" if pattern.name else None,
                view=pattern.callback,
                kwargs=tuple(_CONVERTER.findall(path)),
            )


def _normalise(pattern: str) -> str:
    pattern = pattern.removeprefix("^").removesuffix("$").removesuffix("\\Z")
    return _GROUP.sub(lambda m: f"<{m.group(1)}>", pattern)
