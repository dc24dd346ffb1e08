"""Every list is written by a plan made from its serializer and by orjson (``sendtrack.api.fast``);
what it sends must be, byte for byte, what DRF's serializer and JSON renderer send for the same
rows, awkward values included: empty figures, decimals, dates, datetimes in summer and winter
time, text in any script with quotes, control characters and line separators, nested lists."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.db import models
from rest_framework.renderers import JSONRenderer

from indicators.models import Measurement
from sendtrack.api.urls import router
from sendtrack.kernel.api import views
from sendtrack.kernel.api.fast import FastJSONRenderer
from tests import factories as f
from tests.admin.test_query_counts import FACTORIES

from .conftest import token_client

pytestmark = pytest.mark.django_db

RESOURCES = sorted((prefix, viewset) for prefix, viewset, _ in router.registry)
AWKWARD = 'é “q” "\\ \t\n\u2028\u2029 😀 <&> \x01'


def _as_drf(monkeypatch, client, url):
    """The answer as DRF's serializer and JSON renderer give it."""
    with monkeypatch.context() as patch:
        patch.setattr(views, "row_plan", lambda *args, **kwargs: None)
        patch.setattr(
            views.ResourceViewSet,
            "renderer_classes",
            [JSONRenderer, *views.ResourceViewSet.renderer_classes[1:]],
        )
        return client.get(url)


def _make_awkward(model) -> None:
    """Unicode, quotes and separators in every free-text column; empty optional columns."""
    for record in model.objects.all():
        changes = {}
        for field in model._meta.concrete_fields:
            if field.primary_key or field.choices or field.is_relation:
                continue
            if isinstance(field, models.CharField | models.TextField):
                if field.unique or not field.blank:
                    continue
                text = f"{AWKWARD}{record.pk}"
                changes[field.name] = text[: field.max_length] if field.max_length else text
        if changes:
            model.objects.filter(pk=record.pk).update(**changes)


# Each list in each format it offers (JSON always; CSV where the list offers it).
LIST_FORMATS = [
    (prefix, viewset, fmt)
    for prefix, viewset in RESOURCES
    for fmt in ("json", "csv")
    if fmt in {renderer.format for renderer in viewset.renderer_classes}
]


@pytest.mark.parametrize(
    ("prefix", "viewset", "fmt"), LIST_FORMATS, ids=[f"{p}-{f}" for p, _, f in LIST_FORMATS]
)
def test_each_list_sends_what_drf_sends(monkeypatch, pmo, prefix, viewset, fmt):
    model = viewset.queryset.model
    FACTORIES[model].create_batch(3)
    _make_awkward(model)
    client = token_client(pmo)
    url = f"/api/v1/{prefix}/?format={fmt}&page_size=2"

    fast = client.get(url)
    slow = _as_drf(monkeypatch, client, url)

    assert fast.status_code == slow.status_code == 200
    assert fast.content == slow.content


def test_indicators_with_awkward_figures_send_what_drf_sends(monkeypatch, director):
    """Figures with four decimal places, negative and large ones, provisional ones, none at
    all, and datetimes either side of the clocks changing."""
    plain = f.IndicatorFactory(title="No figures, no target", definition=AWKWARD)
    lower = f.IndicatorFactory(polarity="lower", decimal_places=2)
    f.TargetFactory(indicator=lower, value=Decimal("12.3456"), tolerance=Decimal("0.0001"))
    f.MeasurementFactory(indicator=lower, period=date(2026, 3, 1), value=Decimal("-0.0001"))
    latest = f.MeasurementFactory(
        indicator=lower,
        period=date(2026, 4, 1),
        value=Decimal("9999999999.9999"),
        status=Measurement.Status.PROVISIONAL,
    )
    london = ZoneInfo("Europe/London")
    Measurement.objects.filter(pk=latest.pk).update(
        updated_at=datetime(2026, 7, 1, 12, 30, 15, 123456, tzinfo=london)
    )
    Measurement.objects.exclude(pk=latest.pk).update(
        updated_at=datetime(2026, 1, 1, 0, 0, tzinfo=london)
    )
    areas = f.AreaOfWeaknessFactory.create_batch(2)
    plain.areas.set(areas)
    client = token_client(director)

    for url in ("/api/v1/indicators/", "/api/v1/measurements/", "/api/v1/targets/"):
        fast = client.get(url)
        slow = _as_drf(monkeypatch, client, url)
        assert fast.status_code == 200
        assert fast.content == slow.content, url

    rows = {row["id"]: row for row in client.get("/api/v1/indicators/").json()["results"]}
    assert rows[plain.pk]["latest_value"] is None
    assert sorted(rows[plain.pk]["areas"]) == sorted(area.pk for area in areas)
    assert rows[lower.pk]["latest_value"] == 9999999999.9999
    assert rows[lower.pk]["latest_status"] == "provisional"
    assert rows[lower.pk]["previous_value"] == -0.0001
    assert rows[lower.pk]["target_value"] == 12.3456
    assert rows[lower.pk]["rag"] == "red"


@pytest.mark.parametrize(
    "data",
    [
        {"a": [1, None, True, False, "x"], "b": Decimal("1.2500"), "c": Decimal("-0.0001")},
        {"text": AWKWARD, "nested": {"list": [{"k": "\u2028"}]}},
        {"when": datetime(2026, 7, 1, 12, 30, 15, 123456, tzinfo=ZoneInfo("Europe/London"))},
        {"day": date(2026, 2, 28), "big": 2**70},
        [],
    ],
)
def test_the_renderer_writes_drfs_bytes(data):
    assert FastJSONRenderer().render(data) == JSONRenderer().render(data)


def test_text_neither_can_write_is_refused_alike():
    with pytest.raises(UnicodeEncodeError):
        JSONRenderer().render({"lone": "\ud800"})
    with pytest.raises(UnicodeEncodeError):
        FastJSONRenderer().render({"lone": "\ud800"})
