"""Reading a page's form as a browser does: the fields it would submit are taken from the HTML
the server sent (inputs, selects, textareas, hidden fields, management forms), not from the
form objects behind it, so that a field the template never renders is never posted."""

from __future__ import annotations

from html.parser import HTMLParser

# Inputs a browser does not send as data when the form is submitted by another button.
_NOT_SENT = {"submit", "button", "reset", "image", "file"}


class _FormParser(HTMLParser):
    """Collects the controls of every ``<form>`` on a page, in document order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self._form: dict | None = None
        self._select: dict | None = None
        self._option: dict | None = None
        self._textarea: dict | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._form = {"attrs": attrs, "controls": []}
            self.forms.append(self._form)
        if self._form is None:
            return
        if tag == "input":
            self._form["controls"].append({"tag": "input", **attrs})
        elif tag == "select":
            self._select = {"tag": "select", **attrs, "options": []}
            self._form["controls"].append(self._select)
        elif tag == "option" and self._select is not None:
            self._option = {**attrs, "text": ""}
            self._select["options"].append(self._option)
        elif tag == "textarea":
            self._textarea = {"tag": "textarea", **attrs, "text": ""}
            self._form["controls"].append(self._textarea)

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = self._option = None
        elif tag == "option":
            self._option = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea["text"] += data
        elif self._option is not None:
            self._option["text"] += data


def _value_of(control: dict) -> list[str]:
    """What a browser sends for one control (nothing, one value or several)."""
    if "disabled" in control or not control.get("name"):
        return []
    tag = control["tag"]
    if tag == "textarea":
        # The HTML parser keeps the newline a browser drops right after <textarea>.
        text = control["text"]
        return [text[1:] if text.startswith("\n") else text]
    if tag == "select":
        options = [o for o in control["options"] if "disabled" not in o]
        chosen = [o for o in options if "selected" in o]
        if not chosen and "multiple" not in control and options:
            chosen = options[:1]
        return [o.get("value", o["text"].strip()) for o in chosen]
    kind = control.get("type", "text").lower()
    if kind in _NOT_SENT:
        return []
    if kind in ("checkbox", "radio"):
        return [control.get("value", "on")] if "checked" in control else []
    return [control.get("value", "")]


def form_data(response, *, form_id: str | None = None) -> dict[str, list[str]]:
    """The data a browser would post for the page's form (the one with ``form_id``, else the
    first that posts), untouched: every name with the list of its values. (The admin's pages
    start with the log-out form: name the change form, ``<model_name>_form``.)"""
    parser = _FormParser()
    parser.feed(response.content.decode())
    forms = [
        form
        for form in parser.forms
        if (form_id is None and form["attrs"].get("method", "").lower() == "post")
        or (form_id is not None and form["attrs"].get("id") == form_id)
    ]
    if not forms:
        raise AssertionError(f"no form {form_id or 'that posts'} on the page")
    data: dict[str, list[str]] = {}
    for control in forms[0]["controls"]:
        for value in _value_of(control):
            data.setdefault(control["name"], []).append(value)
    return data


def set_field(data: dict[str, list[str]], name: str, value: str) -> None:
    """Type ``value`` into the field ``name``, which the page must have rendered. A date
    (``2026-12-01``) for a field shown as day, month and year boxes (GOV.UK's date input) is
    typed into its three boxes, ``1``, ``12`` and ``2026``; blank clears them."""
    boxes = [f"{name}_{part}" for part in ("day", "month", "year")]
    if name not in data and all(box in data for box in boxes):
        parts = ["", "", ""]
        if value:
            year, month, day = value.split("-")
            parts = [str(int(day)), str(int(month)), year]
        for box, part in zip(boxes, parts, strict=True):
            data[box] = [part]
        return
    if name not in data:
        raise AssertionError(f"the page has no field {name!r}")
    data[name] = [value]


def inline_row(data: dict[str, list[str]], prefix: str, pk: int) -> str:
    """The name prefix (``measurements-0``) of the saved inline row with primary key ``pk``."""
    total = int(data[f"{prefix}-TOTAL_FORMS"][0])
    for index in range(total):
        if data.get(f"{prefix}-{index}-id") == [str(pk)]:
            return f"{prefix}-{index}"
    raise AssertionError(f"row {pk} is not on the page's {prefix} inline")
