"""Showing the programme's figures as people read them."""

from __future__ import annotations

import re
from decimal import Decimal

from django import template
from django.contrib.staticfiles import finders
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.text import slugify

from governance.assurance import Confidence, Delivery, Impact
from governance.models import AreaAssessment
from governance.sign_offs import awaiting_text
from indicators.numbers import comparable, direction_text, figure_text, gap_text
from indicators.periods import period_label, period_short_label, since_label
from projects.selectors import MilestoneStatus
from sendtrack.derivations import rendered_from

register = template.Library()

MILESTONE_STATUS = dict(MilestoneStatus.choices)
RATINGS = dict(AreaAssessment.Rating.choices)


@register.filter
def figure(value: Decimal | None, measure=None) -> str:
    """A figure with its unit, thousands separated, to the indicator's decimal places:
    69.1%, 23,100, £1,200, 23 days; a dash when there is none. ``measure`` is the indicator
    (or a report row with ``unit`` and ``places``, or a bare unit)."""
    # A variable the template could not resolve arrives as "": no figure, never an error.
    return figure_text(None if value == "" else value, measure or "")


@register.filter
def period(value, period_type: str | None = None) -> str:
    """A figure's period as a person says it: "2024 (calendar year)", "November 2026"."""
    return period_label(value, period_type)


@register.filter
def short_period(value, period_type: str | None = None) -> str:
    """The same, short: "2024", "Nov 2026"."""
    return period_short_label(value, period_type)


@register.filter
def since(value, period_type: str | None = None) -> str:
    """What a direction of travel compares with: "since the 2023 calendar year"."""
    return since_label(value, period_type)


@register.simple_tag
def comparison(value: Decimal | None, other: Decimal | None, measure) -> str:
    """A comparator's figure and, where the two are comparable (percentages, rates, average
    durations), the gap to it; a count is shown without a gap, since England's total and
    the council's are not alike."""
    if other is None:
        return "–"
    text = figure_text(other, measure)
    unit = measure if isinstance(measure, str) else getattr(measure, "unit", "")
    if isinstance(measure, dict):
        unit = measure.get("unit", "")
    difference = gap_text(value, other, measure)
    if not comparable(unit) or not difference:
        return text
    return format_html(
        '{}<span class="govuk-body-s sendtrack-block">gap {}</span>', text, difference
    )


@register.filter
def milestone_status(status: str) -> str:
    return MILESTONE_STATUS.get(status, status)


@register.filter
def direction(value: str | None) -> str:
    return direction_text(value)


@register.filter
def rating(value: str | None) -> str:
    """An area's self-assessment rating in words."""
    return RATINGS.get(value or "", "Not assessed")


# Each rating's tag class: GOV.UK's red, green and blue; the programme's own amber, the same
# as the admin's and the charts' (static/sendtrack/colours.css).
RAG_TAGS = {
    "red": ("govuk-tag--red", "Red"),
    "amber": ("sendtrack-tag--amber", "Amber"),
    "green": ("govuk-tag--green", "Green"),
    "blue": ("govuk-tag--blue", "Complete"),
}


@register.simple_tag
def rag(value: str | None, none_text: str = "No report") -> str:
    """A RAG rating as a tag: its colour and, always, its name in words."""
    tag, text = RAG_TAGS.get(value or "", ("govuk-tag--grey", none_text))
    return format_html('<strong class="govuk-tag {}">{}</strong>', tag, text)


DELIVERY_TAGS = {
    Delivery.COMPLETE: "blue",
    Delivery.AWAITING_SIGN_OFF: "yellow",
    Delivery.ON_TRACK: "green",
    Delivery.AT_RISK: "orange",
    Delivery.OVERDUE: "red",
}
IMPACT_TAGS = {
    Impact.EVIDENCED: "green",
    Impact.EMERGING: "light-blue",
    Impact.NOT_YET: "red",
    Impact.NOT_MEASURED: "grey",
}
CONFIDENCE_TAGS = {Confidence.HIGH: "green", Confidence.MEDIUM: "yellow", Confidence.LOW: "red"}


def _tag(colour: str, text: str) -> str:
    return format_html('<strong class="govuk-tag govuk-tag--{}">{}</strong>', colour, text)


@register.filter
def awaiting(names: list[str] | None) -> str:
    """Who is awaited, in words: "awaiting sign-off by NHS Kent and Medway ICB" (or nothing)."""
    return awaiting_text(names or [])


@register.simple_tag
def delivery(value: str | None) -> str:
    """An action's delivery rating as a tag that names it."""
    if not value:
        return _tag("grey", "Not rated")
    return _tag(DELIVERY_TAGS[value], Delivery(value).label)


@register.simple_tag
def impact(value: str | None) -> str:
    """An action's impact rating as a tag that names it."""
    if not value:
        return _tag("grey", "Not rated")
    return _tag(IMPACT_TAGS[value], Impact(value).label)


@register.simple_tag
def confidence(value: str) -> str:
    """An area's overall confidence as a tag that names it."""
    return _tag(CONFIDENCE_TAGS[value], f"{Confidence(value).label} confidence")


@register.filter
def percent(value: int | None) -> str:
    """A whole percentage, or a dash when there was nothing to count."""
    return "–" if value is None else f"{value}%"


def sparkline_points(values: list) -> str:
    """SVG polyline points for a small trend line, oldest first, in a 100 × 24 box."""
    numbers = [float(v) for v in values if v is not None]
    if len(numbers) < 2:
        return ""
    low, high = min(numbers), max(numbers)
    spread = (high - low) or 1
    step = 100 / (len(numbers) - 1)
    return " ".join(
        f"{i * step:.1f},{22 - (n - low) / spread * 20:.1f}" for i, n in enumerate(numbers)
    )


@register.simple_tag
def sparkline(measurements, measure=None) -> str:
    """A year's trend line of an indicator's figures (given newest first), and in words, each
    with its period and in the indicator's decimal places (``measure``). Written here rather
    than by a template, as it is drawn once per row of long tables."""
    measure = measure or ""
    history = list(reversed(list(measurements)))
    points = sparkline_points([m.value for m in history])
    if not points:
        return "–"
    text = ", ".join(
        f"{period_short_label(m.period, m.period_type)} {figure_text(m.value, measure)}"
        for m in history
    )
    return format_html(
        '<svg class="sendtrack-sparkline" viewBox="0 0 100 24" width="100" height="24" '
        'aria-hidden="true" focusable="false"><polyline points="{}" fill="none" '
        'stroke="currentColor" stroke-width="2"/></svg>'
        '<span class="govuk-visually-hidden">{}</span>',
        points,
        text,
    )


@register.simple_tag
def source(record) -> str:
    """Where a record comes from, beside it: "Demonstration data" for an invented record (with
    the published passage it is based on, if any); the passage a real record is taken from;
    nothing for a record that says neither."""
    if record is None:
        return ""
    citation = getattr(record, "source_citation", "")
    if getattr(record, "is_demo", False):
        tag = format_html(
            '<strong class="govuk-tag govuk-tag--grey sendtrack-demo">{}</strong>',
            "Demonstration data",
        )
        if not citation:
            return tag
        return format_html(
            '{}<span class="govuk-body-s sendtrack-block sendtrack-source">Based on: {}</span>',
            tag,
            citation,
        )
    if citation:
        return format_html(
            '<span class="govuk-body-s sendtrack-block sendtrack-source">Source: {}</span>',
            citation,
        )
    return ""


CAPTION = re.compile(r"<caption\b([^>]*)>")
ID = re.compile(r'\bid="([^"]*)"')


class ScrollRegionNode(template.Node):
    def __init__(self, nodelist: template.NodeList, parts: list):
        self.nodelist = nodelist
        self.parts = parts

    def render(self, context) -> str:
        inner = self.nodelist.render(context)
        caption = CAPTION.search(inner)
        if caption is None:
            raise template.TemplateSyntaxError("scrollregion wraps a table with a caption")
        named = ID.search(caption.group(1))
        if named:
            caption_id = named.group(1)
        else:
            caption_id = slugify("-".join(str(part.resolve(context)) for part in self.parts))
            start, end = caption.span()
            inner = mark_safe(  # noqa: S308 - the rendered template with an id added
                f'{inner[:start]}<caption id="{caption_id}"{caption.group(1)}>{inner[end:]}'
            )
        return format_html(
            '<div class="sendtrack-scroll" role="region" aria-labelledby="{}" tabindex="0">'
            "{}</div>",
            caption_id,
            inner,
        )


@register.tag
def scrollregion(parser, token):
    """A table too wide for a phone scrolls sideways inside its own region, named by the
    table's caption and reachable from the keyboard, so that the page itself never does:
    ``{% scrollregion "milestones" group.number %}<table>...{% endscrollregion %}``. The words
    given make the caption's id, unique on the page."""
    parts = [parser.compile_filter(bit) for bit in token.split_contents()[1:]]
    if not parts:
        raise template.TemplateSyntaxError("scrollregion needs words to name its caption's id")
    nodelist = parser.parse(("endscrollregion",))
    parser.delete_first_token()
    return ScrollRegionNode(nodelist, parts)


@register.simple_tag
def static_css(path: str) -> str:
    """A style sheet from the static files, written into the page: the printed documents
    (WeasyPrint renders them from a string, with no address to fetch a style sheet from)
    share the site's colours this way."""
    found = finders.find(path)
    if not found:
        raise template.TemplateSyntaxError(f"No static file {path!r}.")
    with open(found, encoding="utf-8") as sheet:
        return mark_safe(sheet.read().replace("<", "\\3C "))  # noqa: S308 - our own file


def css_string_literal(text: str) -> str:
    """``text`` as a quoted CSS string: backslashes, quotes, line breaks and other control
    characters written as CSS escapes, and "<" escaped so that the text cannot end the style
    sheet it sits in. (JavaScript escapes such as \\u002D mean something else in CSS.)"""
    out = []
    for char in str(text):
        if char in '\\"':
            out.append("\\" + char)
        elif char == "\n":
            out.append("\\A ")
        elif char == "<" or ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\{ord(char):X} ")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


class CssStringNode(template.Node):
    def __init__(self, nodelist: template.NodeList) -> None:
        self.nodelist = nodelist

    def render(self, context: template.Context) -> str:
        # The text is CSS, not HTML: "&" must stay "&", not become "&amp;".
        autoescape, context.autoescape = context.autoescape, False
        try:
            text = self.nodelist.render(context)
        finally:
            context.autoescape = autoescape
        return mark_safe(css_string_literal(text))  # noqa: S308 - every character is escaped


@register.tag("css_string")
def css_string(parser, token) -> CssStringNode:
    """``{% css_string %}…{% endcss_string %}``: what it encloses, as a quoted CSS string, for
    the ``content`` of a printed page's running headers and footers."""
    nodelist = parser.parse(("endcss_string",))
    parser.delete_first_token()
    return CssStringNode(nodelist)


@register.filter
def pounds(value: Decimal | int | float | None) -> str:
    """A sum of money in pounds, thousands separated, pence only where there are any:
    £1,234,567 or £1,234.50; a dash for no figure (never £0)."""
    if value is None or value == "":
        return "–"
    amount = Decimal(value)
    sign = "−" if amount < 0 else ""
    amount = abs(amount)
    if amount == amount.to_integral_value():
        return f"{sign}£{amount:,.0f}"
    return f"{sign}£{amount:,.2f}"


class KeptNode(template.Node):
    def __init__(self, nodelist: template.NodeList, name, reads: list):
        self.nodelist = nodelist
        self.name = name
        self.reads = reads

    def render(self, context) -> str:
        parts = context.get("parts")
        if parts is None:
            return self.nodelist.render(context)
        name = self.name.resolve(context)
        reads = [family.resolve(context) for family in self.reads]
        html = parts(
            f"html:{name}", reads=reads, compute=lambda: str(self.nodelist.render(context))
        )
        return mark_safe(html)  # noqa: S308 - rendered by this template, kept as it was


@register.tag
def kept(parser, token):
    """A part of a dashboard rendered once and kept while nothing it shows has changed:
    ``{% kept "red-risks" "risks" %}…{% endkept %}`` names the part and the families of
    tables what it shows is read from (``sendtrack.dataversion.FAMILIES``; the rest are
    always included), and is kept under their versions, the reader, the address and the day by
    the page's ``parts`` (``sendtrack.derivations``). Without ``parts`` it is simply rendered.
    Nothing per session (a CSRF token) may be inside."""
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("kept needs the part's name")
    nodelist = parser.parse(("endkept",))
    parser.delete_first_token()
    return KeptNode(
        nodelist, parser.compile_filter(bits[1]), [parser.compile_filter(b) for b in bits[2:]]
    )


class KeptRowNode(template.Node):
    def __init__(self, nodelist: template.NodeList, name, values: list):
        self.nodelist = nodelist
        self.name = name
        self.values = values

    def render(self, context) -> str:
        html = rendered_from(
            self.name.resolve(context),
            [value.resolve(context) for value in self.values],
            lambda: self.nodelist.render(context),
        )
        return mark_safe(html)  # noqa: S308 - rendered by this template, kept as it was


@register.tag
def keptrow(parser, token):
    """A row of a long table rendered once for what it shows:
    ``{% keptrow "indicator" i %}<tr>…</tr>{% endkeptrow %}`` renders the row afresh only for
    values (here the indicator, with every field, figure and attribute it carries) it has not
    rendered before (``sendtrack.derivations.rendered_from``). The row may show only the
    values named."""
    bits = token.split_contents()
    if len(bits) < 3:
        raise template.TemplateSyntaxError("keptrow needs a name and the values it shows")
    nodelist = parser.parse(("endkeptrow",))
    parser.delete_first_token()
    return KeptRowNode(
        nodelist, parser.compile_filter(bits[1]), [parser.compile_filter(b) for b in bits[2:]]
    )
