"""The import service on the fixture files: figures, comparators, suppression, re-imports,
revisions, dry runs and refusals."""

import io
import zipfile
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError

from indicators.models import (
    Benchmark,
    ImportRun,
    Indicator,
    Measurement,
    StatisticRevision,
    StatisticsMapping,
)
from indicators.official.services import Upload, official_statistics_import
from tests import factories as f

from .official_setup import (
    caseload_mappings,
    cut_short,
    fixture_text,
    kent,
    timeliness_mapping,
    upload,
    with_filters_of_the_old_layout,
)

pytestmark = pytest.mark.django_db
C = Benchmark.Comparator
JAN_2022, JAN_2023 = date(2022, 1, 1), date(2023, 1, 1)


def run_import(*uploads, **kwargs) -> ImportRun:
    kwargs.setdefault("release", "2024")
    return official_statistics_import(
        uploads=list(uploads), user=None, door=ImportRun.Door.COMMAND, **kwargs
    )


@pytest.fixture
def timeliness():
    kent()
    return timeliness_mapping()


def benchmarks(indicator) -> dict:
    return {(b.period, b.comparator): b for b in Benchmark.objects.filter(indicator=indicator)}


def test_the_councils_rows_become_final_measurements_with_their_source(timeliness):
    run = run_import(upload("timeliness_20_week.csv"))

    assert run.outcome == ImportRun.Outcome.IMPORTED
    figures = {m.period: m for m in Measurement.objects.filter(indicator=timeliness.indicator)}
    assert set(figures) == {JAN_2022, JAN_2023}  # the age breakdown's row left out
    latest = figures[JAN_2023]
    assert (latest.value, latest.numerator, latest.denominator) == (40, 40, 100)
    assert latest.status == Measurement.Status.FINAL
    assert latest.provenance == "timeliness_20_week.csv, release 2024, row 22"
    assert figures[JAN_2022].value == Decimal("30.5")
    assert figures[JAN_2022].source_row == 5


def test_england_region_neighbours_and_rank_become_benchmarks(timeliness):
    run_import(upload("timeliness_20_week.csv"))

    found = benchmarks(timeliness.indicator)
    assert found[(JAN_2023, C.ENGLAND)].value == Decimal("50.3")
    assert found[(JAN_2023, C.ENGLAND)].source_row == 19
    assert found[(JAN_2023, C.REGION)].value == Decimal("45.0")  # South East, from Kent's row
    # 2023: Swindon (x) and Staffordshire (c) are suppressed, so eight neighbours:
    # (60 + 50 + 70 + 30 + 20 + 80 + 90 + 10) / 8 = 51.25, to one decimal place 51.3.
    neighbours = found[(JAN_2023, C.STATISTICAL_NEIGHBOURS)]
    assert (neighbours.value, neighbours.figures_used, neighbours.figures_expected) == (
        Decimal("51.3"),
        8,
        10,
    )
    # 2022: all ten published, mean 440 / 10.
    assert found[(JAN_2022, C.STATISTICAL_NEIGHBOURS)].value == Decimal("44")
    assert found[(JAN_2022, C.STATISTICAL_NEIGHBOURS)].figures_used == 10
    # 2023: eleven authorities published; Kent's 40 is seventh best, in the third quarter;
    # the median of 90 80 70 65 60 50 40 35 30 20 10 is 50.
    authorities = found[(JAN_2023, C.LOCAL_AUTHORITIES)]
    assert (authorities.value, authorities.rank, authorities.figures_used) == (50, 7, 11)
    assert authorities.quartile == 3
    # 2022: twelve published (Medway z); Kent's 30.5 is ninth; median (45 + 40) / 2.
    earlier = found[(JAN_2022, C.LOCAL_AUTHORITIES)]
    assert (earlier.value, earlier.rank, earlier.figures_used, earlier.quartile) == (
        Decimal("42.5"),
        9,
        12,
        3,
    )
    assert len(found) == 8


def test_a_lower_is_better_indicator_ranks_the_lowest_first(db):
    kent()
    timeliness_mapping(polarity=Indicator.Polarity.LOWER)

    run_import(upload("timeliness_20_week.csv"))

    place = Benchmark.objects.get(period=JAN_2023, comparator=C.LOCAL_AUTHORITIES)
    assert (place.rank, place.quartile) == (5, 2)  # 10 20 30 35 40


def test_suppressed_values_are_skipped_and_counted_never_read_as_zero(timeliness):
    run = run_import(upload("timeliness_20_week.csv"))

    assert run.suppressed == 3  # Medway 2022 z, Swindon 2023 x, Staffordshire 2023 c
    assert not Benchmark.objects.filter(value=0).exists()
    assert (run.created, run.updated) == (10, 0)


def test_a_byte_order_mark_and_a_january_census(db):
    kent()
    plans, mainstream = caseload_mappings()
    assert (upload("caseload.csv").content[:3]) == b"\xef\xbb\xbf"

    run = run_import(upload("caseload.csv"))

    assert run.outcome == ImportRun.Outcome.IMPORTED, run.errors
    # 202223 is the January 2023 census.
    assert Measurement.objects.get(indicator=plans.indicator, period=JAN_2023).value == 19000
    assert Measurement.objects.get(indicator=mainstream.indicator, period=JAN_2022).value == 29
    neighbours = Benchmark.objects.get(
        indicator=plans.indicator, period=JAN_2023, comparator=C.STATISTICAL_NEIGHBOURS
    )
    assert (neighbours.value, neighbours.figures_used) == (17000, 1)  # Suffolk "low"
    assert Benchmark.objects.get(
        indicator=plans.indicator, period=JAN_2022, comparator=C.STATISTICAL_NEIGHBOURS
    ).value == Decimal(11500)
    assert run.suppressed == 2


def test_a_release_zip_is_read_with_its_data_folder(timeliness):
    caseload_mappings()
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("data/timeliness_20_week.csv", fixture_text("timeliness_20_week.csv"))
        z.writestr("data/caseload.csv", fixture_text("caseload.csv"))
        z.writestr("data/caseload.meta.csv", "col_name,label\n")
        z.writestr("supporting-files/readme.txt", "about")

    run = run_import(Upload("ehcp_2024.zip", archive.getvalue()), release="")

    assert run.outcome == ImportRun.Outcome.IMPORTED, run.errors
    assert run.files == ["caseload.csv", "timeliness_20_week.csv"]
    assert run.release == "ehcp_2024"
    assert Measurement.objects.count() == 2 + 4


def test_importing_the_same_file_again_changes_nothing(timeliness):
    run_import(upload("timeliness_20_week.csv"))
    before = list(Measurement.objects.values()) + list(Benchmark.objects.values())

    again = run_import(upload("timeliness_20_week.csv"))

    assert (again.created, again.updated, again.unchanged) == (0, 0, 10)
    assert list(Measurement.objects.values()) + list(Benchmark.objects.values()) == before
    assert not StatisticRevision.objects.exists()


def test_a_newer_release_revises_a_value_and_records_the_revision(timeliness):
    run_import(upload("timeliness_20_week.csv"))
    revised = fixture_text("timeliness_20_week.csv").replace(
        "Kent,All EHC plans issued,All EHC plans issued,100,40,40,",
        "Kent,All EHC plans issued,All EHC plans issued,100,62,62.0,",
    )
    assert revised != fixture_text("timeliness_20_week.csv")

    run = run_import(upload("timeliness_20_week.csv", revised), release="2025")

    # Kent's figure, and the authorities' median (now 60) with Kent's rank (now fifth).
    assert (run.updated, run.unchanged) == (2, 8)
    figure = Measurement.objects.get(indicator=timeliness.indicator, period=JAN_2023)
    assert figure.value == 62
    assert figure.provenance == "timeliness_20_week.csv, release 2025, row 22"
    own, median = StatisticRevision.objects.filter(run=run).order_by("comparator")
    assert (own.old_value, own.new_value, own.comparator) == (40, 62, "")
    assert own.old_source == "timeliness_20_week.csv, release 2024, row 22"
    assert (median.old_value, median.new_value) == (50, 60)
    place = Benchmark.objects.get(period=JAN_2023, comparator=C.LOCAL_AUTHORITIES)
    assert (place.rank, place.quartile) == (5, 2)


def test_a_revised_figure_is_a_new_version_in_its_history(timeliness):
    # given a figure imported once
    run_import(upload("timeliness_20_week.csv"))
    figure = Measurement.objects.get(indicator=timeliness.indicator, period=JAN_2023)
    revised = fixture_text("timeliness_20_week.csv").replace(
        "Kent,All EHC plans issued,All EHC plans issued,100,40,40,",
        "Kent,All EHC plans issued,All EHC plans issued,100,62,62.0,",
    )

    # when a newer release revises it
    run_import(upload("timeliness_20_week.csv", revised), release="2025")

    # then a form opened on the first version is stale, and the history shows both values
    figure.refresh_from_db()
    assert figure.version == 2
    values = list(figure.history.order_by("history_id").values_list("value", flat=True))
    assert values == [40, 62]
    assert {h.history_change_reason for h in figure.history.all()} == {"Official statistics import"}


def test_a_dry_run_reports_what_would_change_and_writes_nothing(timeliness):
    run = run_import(upload("timeliness_20_week.csv"), dry_run=True)

    assert run.outcome == ImportRun.Outcome.DRY_RUN
    assert run.created == 10
    assert {
        "action": "created",
        "indicator": "DFE-01",
        "period": "2023-01-01",
        "period_label": "2023 (calendar year)",
        "figure": "Council",
        "old": None,
        "new": "40",
        "source": "timeliness_20_week.csv, row 22",
    } in run.changes
    assert not Measurement.objects.exists()
    assert not Benchmark.objects.exists()


def _without_column(text: str, column: str) -> str:
    lines = text.splitlines()
    index = lines[0].split(",").index(column)
    return "\n".join(
        ",".join(v for i, v in enumerate(line.split(",")) if i != index) for line in lines
    )


@pytest.mark.parametrize(
    ("change", "row", "column", "words"),
    [
        (lambda t: _without_column(t, "geographic_level"), 1, "geographic_level", "standard"),
        (lambda t: _without_column(t, "plans_issued_den_ex"), 1, "plans_issued_den_ex", "mapping"),
        # a later row than the good ones before it
        (
            lambda t: t.replace(
                "2023,Calendar year,Local authority", "2023-24,Calendar year,Local authority", 1
            ),
            22,
            "time_period",
            "calendar year",
        ),
        (
            lambda t: t.replace("886,E10000016,Kent", "999,E10000099,Elsewhere"),
            None,
            "new_la_code",
            "Kent",
        ),
        (
            lambda t: t.replace(
                "Kent,All EHC plans issued,All EHC plans issued,100,40,40,",
                "Kent,All EHC plans issued,All EHC plans issued,100,40,140,",
            ),
            22,
            "PC_plans_issued_20_weeks_ex",
            "0 to 100",
        ),
        (
            lambda t: t.replace(
                "Kent,All EHC plans issued,All EHC plans issued,100,40,40,",
                "Kent,All EHC plans issued,All EHC plans issued,100,40,n/a,",
            ),
            22,
            "PC_plans_issued_20_weeks_ex",
            "suppression symbol",
        ),
    ],
    ids=[
        "standard column",
        "unknown measure",
        "time period",
        "council absent",
        "out of range",
        "not a number",
    ],
)
def test_a_bad_file_is_refused_with_file_row_and_column_and_nothing_imported(
    timeliness, change, row, column, words
):
    text = change(fixture_text("timeliness_20_week.csv"))

    run = run_import(upload("timeliness_20_week.csv", text))

    assert run.outcome == ImportRun.Outcome.REFUSED
    error = run.errors[0]
    assert (error["file"], error["row"], error["column"]) == ("timeliness_20_week.csv", row, column)
    assert words in error["message"]
    assert not Measurement.objects.exists()
    assert not Benchmark.objects.exists()
    assert ImportRun.objects.get() == run


def test_a_write_that_fails_part_way_leaves_nothing_behind(timeliness, monkeypatch):
    written = []

    def measurements_then_refuse(objs, **kwargs):
        written.extend(Measurement.objects.all())
        raise DatabaseError("disk full")

    # The council's figures are written first; the benchmarks' write then fails.
    monkeypatch.setattr(Benchmark.objects, "bulk_create", measurements_then_refuse)

    run = run_import(upload("timeliness_20_week.csv"))

    assert len(written) == 2
    assert run.outcome == ImportRun.Outcome.REFUSED
    assert "disk full" in run.errors[0]["message"]
    assert not Measurement.objects.exists()


def test_without_the_councils_area_nothing_is_imported(db):
    timeliness_mapping()

    run = run_import(upload("timeliness_20_week.csv"))

    assert run.outcome == ImportRun.Outcome.REFUSED
    assert "council's area is not set" in run.errors[0]["message"]


def test_files_no_mapping_reads_are_refused(timeliness):
    run = run_import(upload("caseload.csv"))

    assert "No mapping reads" in run.errors[0]["message"]
    assert "timeliness_20_week.csv" in run.errors[0]["message"]


def test_a_mapping_feeds_only_an_annual_indicator(db):
    monthly = f.IndicatorFactory(frequency=Indicator.Frequency.MONTHLY)
    mapping = StatisticsMapping(
        name="x",
        file_name="caseload.csv",
        value_column="ehcplans",
        indicator=monthly,
        period_type="calendar_year",
        row_filters={"breakdown": 3},
    )

    with pytest.raises(ValidationError) as raised:
        mapping.full_clean()

    assert set(raised.value.message_dict) == {"indicator", "row_filters"}


def test_an_imported_figure_changed_by_hand_loses_its_source_and_a_reimport_restores_it(
    timeliness,
):
    from indicators.services import measurement_save

    run_import(upload("timeliness_20_week.csv"))
    figure = Measurement.objects.get(indicator=timeliness.indicator, period=JAN_2023)
    figure.note = "Checked against the release."
    measurement_save(measurement=figure, user=None)
    assert Measurement.objects.get(pk=figure.pk).provenance  # a note changes no figure
    figure.value, figure.numerator, figure.denominator = Decimal(41), None, None

    measurement_save(measurement=figure, user=None)

    assert Measurement.objects.get(pk=figure.pk).provenance == ""
    again = run_import(upload("timeliness_20_week.csv"))
    assert again.updated == 1
    revision = StatisticRevision.objects.get(run=again)
    assert (revision.old_value, revision.old_source) == (41, "Entered by hand")
    assert Measurement.objects.get(pk=figure.pk).source_row == 22


def test_the_dfe_files_as_published_import_with_their_headline_rows(timeliness):
    # given the release's layout: old_la_code before new_la_code, headline rows labelled
    # "All EHC plans issued" in both breakdown columns, and a breakdown by age besides
    header = fixture_text("timeliness_20_week.csv").splitlines()[0].split(",")
    assert header[7:12] == ["old_la_code", "new_la_code", "la_name", "breakdown_topic", "breakdown"]

    run = run_import(upload("timeliness_20_week.csv"))

    # then only the headline rows become figures: Kent's age breakdown (90%) is not among them
    assert run.outcome == ImportRun.Outcome.IMPORTED, run.errors
    values = Measurement.objects.filter(indicator=timeliness.indicator).values_list(
        "value", flat=True
    )
    assert sorted(values) == [Decimal("30.5"), 40]


def test_filters_no_row_holds_are_refused_with_the_values_the_file_holds(timeliness):
    # given a mapping still reading the "Total" rows of the older layout
    with_filters_of_the_old_layout(timeliness)

    run = run_import(upload("timeliness_20_week.csv"))

    assert run.outcome == ImportRun.Outcome.REFUSED
    (error,) = run.errors
    assert (error["file"], error["row"], error["column"]) == (
        "timeliness_20_week.csv",
        None,
        "breakdown_topic, breakdown",
    )
    message = error["message"]
    assert message.startswith(
        "No row has breakdown_topic “Total” and breakdown “Total”, the rows the mapping "
        "“20-week timeliness, excluding exceptions” reads."
    )
    # the values the file holds in each filter column, most frequent first, with their rows
    assert (
        "breakdown_topic holds “All EHC plans issued” (32 rows), “Age at time of request” "
        "(2 rows); breakdown holds “All EHC plans issued” (32 rows), “age 4” (2 rows)."
    ) in message
    assert (
        "The file's headline rows look like breakdown_topic “All EHC plans issued”, "
        "breakdown “All EHC plans issued”."
    ) in message
    assert not Measurement.objects.exists()
    assert not Benchmark.objects.exists()


def test_a_filter_column_with_many_values_lists_the_ten_most_frequent(timeliness):
    timeliness.row_filters = {"la_name": "Kent County Council"}
    timeliness.save()

    run = run_import(upload("timeliness_20_week.csv"))

    message = run.errors[0]["message"]
    assert "la_name holds blank (6 rows), “Kent” (4 rows), “Essex” (2 rows)," in message
    assert message.count(" rows)") == 10
    assert "and 4 other values." in message


def test_a_row_with_fewer_values_than_the_header_refuses_the_file_with_its_line(db):
    # given the census imported from a complete file
    kent()
    plans, _ = caseload_mappings()
    run_import(upload("caseload.csv"))
    before = list(Measurement.objects.values()) + list(Benchmark.objects.values())

    # when the same file arrives with its last row cut short (13 of its 14 values)
    run = run_import(upload("caseload.csv", cut_short("caseload.csv")), release="2025")

    # then nothing of it is imported, and the report names the file and line
    assert run.outcome == ImportRun.Outcome.REFUSED
    (error,) = run.errors
    assert (error["file"], error["row"]) == ("caseload.csv", 11)
    assert error["message"].startswith("This row has 13 values where the header has 14 columns")
    assert list(Measurement.objects.values()) + list(Benchmark.objects.values()) == before
    assert not StatisticRevision.objects.exists()


def test_a_row_with_more_values_than_the_header_is_refused_too(timeliness):
    text = fixture_text("timeliness_20_week.csv").replace(
        "Kent,All EHC plans issued,All EHC plans issued,100,40,40,",
        "Kent,All EHC plans issued,All EHC plans issued,100,40,40,1,",
    )

    run = run_import(upload("timeliness_20_week.csv", text))

    assert run.errors[0]["row"] == 22
    assert "This row has 19 values where the header has 18 columns" in run.errors[0]["message"]
    assert not Measurement.objects.exists()


def test_a_period_not_yet_begun_in_a_file_is_refused_at_its_row(timeliness, on_4_december_2026):
    # given a file whose last year reads 2027 on 4 December 2026
    text = fixture_text("timeliness_20_week.csv").replace("\n2023,", "\n2027,")

    run = run_import(upload("timeliness_20_week.csv", text))

    assert run.outcome == ImportRun.Outcome.REFUSED
    error = run.errors[0]
    assert (error["row"], error["column"]) == (19, "time_period")
    assert error["message"].startswith(
        "This period starts on 1 January 2027, after today (4 December 2026)."
    )
    assert not Measurement.objects.exists()
