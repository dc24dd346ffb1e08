"""Monthly reminders: who is emailed about what, with which link; nobody twice for the same
thing on a day; the second reminder copied to the sponsoring director."""

from datetime import date
from smtplib import SMTPException

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.db import IntegrityError, transaction

from sendtrack.models import EmailLog
from sendtrack.services import reminders
from sendtrack.services.reminders import reminders_send
from sendtrack.tasks import send_reminders
from tests import factories as f

pytestmark = pytest.mark.django_db

SITE = "https://sendtrack.example.org"
OCTOBER = date(2026, 10, 1)


@pytest.fixture(autouse=True)
def _settings(settings):
    settings.SENDTRACK_REMINDER_DAY = 5
    settings.SENDTRACK_REMINDER_ESCALATION_DAYS = 5
    settings.SENDTRACK_BASE_URL = SITE


@pytest.fixture
def people():
    return {
        "priya": f.PersonFactory(name="Priya Shah", email="Priya.Shah@example.org"),
        "omar": f.PersonFactory(name="Omar Ali", email="omar.ali@example.org"),
        "nadia": f.PersonFactory(name="Nadia Brown", email=""),
        "sam": f.PersonFactory(name="Sam Okoro", email="sam.okoro@example.org"),
        "dee": f.PersonFactory(name="Dee Patel", email="dee.patel@example.org"),
    }


@pytest.fixture
def owed(people):
    """October is missing for two of Priya's projects, one of her indicators, one of
    Omar's indicators and Nadia's project; Omar's project and other indicator are in."""
    f.pmo_user(username="pmo", email="pmo@example.org")
    workstream = f.WorkstreamFactory(director=people["dee"])
    projects = {
        "SUF-01": f.ProjectFactory(
            code="SUF-01", workstream=workstream, lead=people["priya"], sponsor=people["sam"]
        ),
        "SUF-02": f.ProjectFactory(code="SUF-02", workstream=workstream, lead=people["priya"]),
        "SUF-03": f.ProjectFactory(code="SUF-03", workstream=workstream, lead=people["omar"]),
        "SUF-04": f.ProjectFactory(code="SUF-04", workstream=workstream, lead=people["nadia"]),
    }
    f.StatusReportFactory(project=projects["SUF-03"], period=OCTOBER)
    kpi1 = f.IndicatorFactory(code="KPI-01", owner=people["omar"])
    kpi1.projects.add(projects["SUF-03"])
    kpi2 = f.IndicatorFactory(code="KPI-02", owner=people["omar"])
    f.MeasurementFactory(indicator=kpi2, period=OCTOBER)
    kpi3 = f.IndicatorFactory(code="KPI-03", owner=people["priya"])  # linked to no project
    return {**projects, "KPI-01": kpi1, "KPI-02": kpi2, "KPI-03": kpi3}


def _link(obj) -> str:
    opts = obj._meta
    return f"{SITE}/admin/{opts.app_label}/{opts.model_name}/{obj.pk}/change/"


def _to(message) -> str:
    return message.to[0]


def test_nothing_is_sent_before_the_reminder_day(owed):
    outcome = reminders_send(today=date(2026, 11, 4))

    assert mail.outbox == []
    assert outcome.emails == 0


def test_on_the_reminder_day_each_lead_and_owner_gets_one_email_listing_what_is_missing(owed):
    outcome = reminders_send(today=date(2026, 11, 5))

    assert sorted(_to(m) for m in mail.outbox) == [
        "Omar Ali <omar.ali@example.org>",
        "Priya Shah <priya.shah@example.org>",
    ]
    priya = next(m for m in mail.outbox if "priya" in _to(m))
    assert priya.subject == "Reminder: please add your October 2026 update to sendtrack"
    assert priya.cc == []
    for code in ("SUF-01", "SUF-02", "KPI-03"):
        assert str(owed[code]) in priya.body
        assert _link(owed[code]) in priya.body
    assert "the monthly report for October 2026" in priya.body
    assert "the figure for October 2026" in priya.body
    assert "SUF-03" not in priya.body
    assert "KPI-01" not in priya.body
    assert "If anything is still missing on 10 November 2026" in priya.body
    # the deadline is the one every page reads (SENDTRACK_REPORT_DEADLINE_DAY, the 10th)
    assert "They are due by 10 November 2026." in priya.body
    html, kind = priya.alternatives[0]
    assert kind == "text/html"
    assert f'<a href="{_link(owed["SUF-01"])}">' in html
    omar = next(m for m in mail.outbox if "omar" in _to(m))
    assert _link(owed["KPI-01"]) in omar.body
    assert "KPI-02" not in omar.body
    # Nadia has no email address: skipped and counted, not an error
    assert outcome.as_dict() == {
        "emails": 2,
        "things": 4,
        "already_sent": 0,
        "people_without_email": ["Nadia Brown"],
    }
    logged = EmailLog.objects.filter(kind=EmailLog.Kind.FIRST_REMINDER)
    assert sorted(str(log.about).split()[0] for log in logged) == [
        "KPI-01",
        "KPI-03",
        "SUF-01",
        "SUF-02",
    ]
    assert {log.period for log in logged} == {OCTOBER}


def test_running_again_the_same_day_or_the_next_sends_nothing_more(owed):
    reminders_send(today=date(2026, 11, 5))
    logged = list(EmailLog.objects.values_list("pk", flat=True))

    again = reminders_send(today=date(2026, 11, 5))
    next_day = reminders_send(today=date(2026, 11, 6))

    assert len(mail.outbox) == 2
    assert (again.emails, next_day.emails) == (0, 0)
    assert list(EmailLog.objects.values_list("pk", flat=True)) == logged


def test_two_runs_at_once_cannot_both_send_the_same_reminder(owed, monkeypatch):
    reminders_send(today=date(2026, 11, 5))
    # given a second run that read the log before the first had written to it
    monkeypatch.setattr(reminders, "_sent", lambda period: {})

    outcome = reminders_send(today=date(2026, 11, 5))

    # then the log's unique constraint stops every email it would have repeated
    assert len(mail.outbox) == 2
    assert (outcome.emails, outcome.already_sent) == (0, 4)


def test_the_log_refuses_a_second_row_for_the_same_email_on_the_same_day(owed):
    row = {
        "kind": EmailLog.Kind.FIRST_REMINDER,
        "recipient": "priya.shah@example.org",
        "project": owed["SUF-01"],
        "period": OCTOBER,
        "sent_on": date(2026, 11, 5),
    }
    EmailLog.objects.create(**row)
    with pytest.raises(IntegrityError), transaction.atomic():
        EmailLog.objects.create(**row)
    # the next day is another email
    EmailLog.objects.create(**{**row, "sent_on": date(2026, 11, 6)})


def test_after_the_escalation_days_the_second_reminder_is_copied_to_the_sponsor(owed):
    reminders_send(today=date(2026, 11, 5))
    mail.outbox.clear()
    # Priya files SUF-02's report before the second reminder
    f.StatusReportFactory(project=owed["SUF-02"], period=OCTOBER)

    assert reminders_send(today=date(2026, 11, 9)).emails == 0
    outcome = reminders_send(today=date(2026, 11, 10))

    sent = {(_to(m), tuple(m.cc)): m for m in mail.outbox}
    assert sorted(sent) == [
        ("Omar Ali <omar.ali@example.org>", ("Dee Patel <dee.patel@example.org>",)),
        ("Priya Shah <priya.shah@example.org>", ("Sam Okoro <sam.okoro@example.org>",)),
        ("Priya Shah <priya.shah@example.org>", ("pmo <pmo@example.org>",)),
    ]
    to_sam = sent[("Priya Shah <priya.shah@example.org>", ("Sam Okoro <sam.okoro@example.org>",))]
    assert (
        to_sam.subject == "Second reminder: your October 2026 update is still missing in sendtrack"
    )
    assert _link(owed["SUF-01"]) in to_sam.body
    assert "It is due by 10 November 2026." in to_sam.body
    assert "SUF-02" not in to_sam.body
    assert "We have copied this email to Sam Okoro (sponsoring director)." in to_sam.body
    # an indicator linked to a project is copied to its workstream's director; one linked to
    # none, to the programme office
    omar = sent[("Omar Ali <omar.ali@example.org>", ("Dee Patel <dee.patel@example.org>",))]
    assert _link(owed["KPI-01"]) in omar.body
    assert outcome.emails == 3
    assert EmailLog.objects.filter(kind=EmailLog.Kind.SECOND_REMINDER).count() == 3

    # and the second reminder, too, goes once
    reminders_send(today=date(2026, 11, 10))
    reminders_send(today=date(2026, 11, 11))
    assert len(mail.outbox) == 3


def test_a_project_without_a_sponsor_is_copied_to_its_workstreams_director(owed):
    reminders_send(today=date(2026, 11, 5))
    mail.outbox.clear()

    reminders_send(today=date(2026, 11, 10))

    to_dee = [m for m in mail.outbox if "priya" in _to(m) and "dee" in " ".join(m.cc)]
    assert len(to_dee) == 1
    assert _link(owed["SUF-02"]) in to_dee[0].body
    assert "copied this email to Dee Patel (workstream director)" in to_dee[0].body
    to_office = [m for m in mail.outbox if "pmo" in " ".join(m.cc)]
    assert "copied this email to pmo (programme office)" in to_office[0].body


def test_a_late_first_reminder_escalates_counting_from_when_it_went(owed):
    reminders_send(today=date(2026, 11, 8))  # the workers were down until the 8th
    mail.outbox.clear()

    assert reminders_send(today=date(2026, 11, 12)).emails == 0
    assert reminders_send(today=date(2026, 11, 13)).emails == 4


def test_a_sponsor_without_an_email_is_skipped_and_the_lead_still_reminded(owed, people):
    people["sam"].email = ""
    people["sam"].save()
    reminders_send(today=date(2026, 11, 5))
    mail.outbox.clear()

    outcome = reminders_send(today=date(2026, 11, 10))

    to_priya = [m for m in mail.outbox if "priya" in _to(m) and _link(owed["SUF-01"]) in m.body]
    assert len(to_priya) == 1
    assert to_priya[0].cc == []
    assert "copied" not in to_priya[0].body
    assert "Sam Okoro" in outcome.as_dict()["people_without_email"]


class FailingBackend(EmailBackend):
    def send_messages(self, messages):
        raise SMTPException("mail server unavailable")


def test_an_email_that_fails_to_send_is_not_logged_so_the_retry_sends_it(owed, settings):
    settings.EMAIL_BACKEND = "tests.sendtrack.test_reminders.FailingBackend"

    with pytest.raises(SMTPException):
        reminders_send(today=date(2026, 11, 5))

    assert not EmailLog.objects.exists()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert reminders_send(today=date(2026, 11, 5)).emails == 2


def test_the_task_sends_the_days_reminders(owed):
    result = send_reminders.delay("2026-11-05").get()

    assert result["emails"] == 2
    assert len(mail.outbox) == 2


def test_the_reminders_name_the_deadline_set_and_say_when_it_has_passed(owed, settings):
    # given reports due by the 8th of the month after
    settings.SENDTRACK_REPORT_DEADLINE_DAY = 8

    # when the reminders run late, on the 9th
    reminders_send(today=date(2026, 11, 9))

    # then they say the reports were due by the 8th
    priya = next(m for m in mail.outbox if "priya" in _to(m))
    assert "They were due by 8 November 2026." in priya.body
    html, _ = priya.alternatives[0]
    assert "They were due by 8 November 2026." in html
