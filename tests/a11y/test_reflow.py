"""Every page, for every role, reads on a phone without scrolling sideways (WCAG 2.2 SC 1.4.10,
reflow): at 320 and 390 CSS pixels wide the document is no wider than the window. A wide table
may scroll inside its own labelled region, which does not widen the page. At 390 pixels each
page also passes axe-core's WCAG 2.2 AA checks.

The demo data is loaded once for the module and rolled back at its end; each role's test visits
that role's pages in one browser tab, widening it from 320 to 390 pixels on each page.
"""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.test import Client

from governance.models import AreaOfWeakness, InformationRequest
from indicators.models import Indicator, Measurement
from indicators.permissions import indicators_visible_to
from projects.models import Milestone, Project, Risk
from projects.permissions import projects_visible_to
from sendtrack.publications.models import Publication

from .conftest import ORIGIN, _answer, _close_checking_csp, axe_violations, csp_context

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db]

WIDTHS = (320, 390)

# What sticks out of the window: the outermost elements wider than the viewport that are not
# inside a box of their own that scrolls or clips them.
WIDER_THAN_THE_WINDOW = """
() => {
  const width = window.innerWidth;
  // Clipped by a box that scrolls or hides what overflows it, one that contains the element's
  // containing block (an absolutely positioned element escapes boxes that are not positioned).
  const clipped = (element) => {
    const position = getComputedStyle(element).position;
    if (position === "fixed") return false;
    let up = element.parentElement;
    if (position === "absolute") {
      while (up && up !== document.body && getComputedStyle(up).position === "static") {
        up = up.parentElement;
      }
    }
    for (; up && up !== document.body; up = up.parentElement) {
      if (getComputedStyle(up).overflowX !== "visible") return true;
    }
    return false;
  };
  const describe = (element) => {
    let name = element.tagName.toLowerCase();
    if (element.id) name += `#${element.id}`;
    for (const c of element.classList) name += `.${c}`;
    const text = (element.innerText || "").trim().replace(/\\s+/g, " ").slice(0, 40);
    const box = element.getBoundingClientRect();
    return `${name} (${Math.round(box.left)} to ${Math.round(box.right)} px) "${text}"`;
  };
  const wide = [...document.body.querySelectorAll("*")].filter((element) => {
    const box = element.getBoundingClientRect();
    return box.width > 0 && box.right > width + 0.5 && !clipped(element);
  });
  const outermost = wide.filter((element) => !wide.includes(element.parentElement));
  // Boxes in the page's own content that scroll sideways, and are not a region named by the
  // caption of its table that the keyboard can reach and whose caption is in view; regions
  // whose caption's id is not unique.
  const unnamed = [...document.querySelectorAll("main *")].filter((element) => {
    const style = getComputedStyle(element);
    if (!["auto", "scroll"].includes(style.overflowX)) return false;
    if (element.scrollWidth <= element.clientWidth + 1) return false;
    const caption = document.getElementById(element.getAttribute("aria-labelledby") || "");
    const box = element.getBoundingClientRect();
    const seen = caption && caption.getBoundingClientRect();
    return !(
      element.getAttribute("role") === "region" &&
      element.getAttribute("tabindex") === "0" &&
      caption && caption.tagName === "CAPTION" && element.contains(caption) &&
      seen.left >= box.left - 0.5 && seen.right <= box.right + 0.5
    );
  });
  // A region's name is its own caption's only if no other element has that id.
  for (const region of document.querySelectorAll("main [role=region][aria-labelledby]")) {
    const id = region.getAttribute("aria-labelledby");
    if (document.querySelectorAll(`[id="${id}"]`).length !== 1) {
      unnamed.push(region);
    }
  }
  return {
    scrollWidth: document.documentElement.scrollWidth,
    width: width,
    culprits: outermost.slice(0, 6).map(describe),
    unnamed: unnamed.map(describe),
  };
}
"""


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo data, loaded once for every test here and rolled back after the last."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo", "--as-of", "2026-11-24", stdout=StringIO())
        yield
        transaction.set_rollback(True)


def _user_pages(user) -> list[str]:
    """The pages a signed-in person opens, with a record of each kind that they may see."""
    project = projects_visible_to(user=user).order_by("code").first() or Project.objects.first()
    indicator = (
        indicators_visible_to(user=user).order_by("code").first() or Indicator.objects.first()
    )
    milestone = Milestone.objects.filter(project=project).first()
    risk = Risk.objects.filter(project=project).first() or Risk.objects.first()
    measurement = Measurement.objects.filter(indicator=indicator).first()
    request = InformationRequest.objects.first()
    chart_indicator = Indicator.objects.filter(code="DFE-01").first() or indicator
    return [
        "/",
        "/performance/",
        f"/performance/{indicator.code}/",
        f"/performance/{chart_indicator.code}/",
        "/operational/",
        "/operational/?likelihood=4&impact=4",
        "/data-quality/",
        "/finance/",
        f"/projects/{project.code}/",
        "/assurance/",
        f"/assurance/areas/{_area_number()}/",
        "/admin/",
        "/admin/projects/project/",
        f"/admin/projects/project/{project.pk}/change/",
        "/admin/projects/milestone/",
        f"/admin/projects/milestone/{milestone.pk}/change/",
        "/admin/projects/risk/",
        f"/admin/projects/risk/{risk.pk}/change/",
        "/admin/indicators/measurement/",
        f"/admin/indicators/measurement/{measurement.pk}/change/",
        "/admin/governance/informationrequest/",
        f"/admin/governance/informationrequest/{request.pk}/change/",
        "/admin/spreadsheets/",
        # a jointly owned action awaiting the ICB's sign-off, its area, and the sign-offs
        "/assurance/areas/4/",
        *_sign_off_pages(),
        *_board_pages(),
        *_public_pages(),
        *[f"/publications/preview/{p.pk}/" for p in Publication.objects.order_by("pk")[:1]],
    ]


def _sign_off_pages() -> list[str]:
    from governance.models import PlanAction, PlanActionSignOff

    action = PlanAction.objects.get(title__startswith="Agree a joint commissioning strategy")
    sign_off = PlanActionSignOff.objects.order_by("pk").first()
    return [
        f"/admin/governance/planaction/{action.pk}/change/",
        "/admin/governance/planactionsignoff/",
        f"/admin/governance/planactionsignoff/add/?plan_action={action.pk}",
        f"/admin/governance/planactionsignoff/{sign_off.pk}/change/",
    ]


def _board_pages() -> list[str]:
    from sendtrack.boards.models import AgendaItem

    item = AgendaItem.objects.select_related("meeting").order_by("-meeting__date").first()
    if item is None:
        return []
    return [f"/boards/bodies/{item.meeting.body_id}/", f"/boards/meetings/{item.meeting_id}/"]


def _area_number() -> int:
    # The assurance area of the EHC process, the one with the most on it.
    area = AreaOfWeakness.objects.filter(number=6).first() or AreaOfWeakness.objects.first()
    return area.number


def _public_pages() -> list[str]:
    publication = Publication.objects.exclude(versions=None).order_by("pk").first()
    pages = [
        "/publications/",
        f"/publications/areas/{_area_number()}/",
        "/you-said-we-did/",
    ]
    if publication is not None:
        pages += [f"/publications/{publication.slug}/", f"/publications/{publication.slug}/v1/"]
    return pages


ROLES = {
    "director": "director",
    "programme office": "pmo",
    "project lead": "lead",
    "scrutiny member": "scrutiny",
    "the public": None,
}


@pytest.mark.parametrize("role", ROLES)
def test_every_page_reflows_at_320_and_390_pixels(browser, demo, role):
    username = ROLES[role]
    client = Client()
    if username is None:
        pages = ["/accounts/login/", *_public_pages()]
    else:
        user = get_user_model().objects.get(username=username)
        client.force_login(user)
        pages = _user_pages(user)
    # A page this role may not open is passed by; a lead or a member is also not found the
    # records that are not theirs, while those who read everything find every one.
    may_not_open = (403,) if role in ("director", "programme office") else (403, 404)
    context = csp_context(browser, viewport={"width": WIDTHS[0], "height": 800})
    try:
        context.route(f"{ORIGIN}/**", _answer(client))
        page = context.new_page()
        too_wide, unnamed, violations, opened = [], [], [], []
        for path in pages:
            response = page.goto(f"{ORIGIN}{path}")
            if response.status in may_not_open:
                continue
            assert response.status == 200, f"{path} answered {response.status}"
            opened.append(path)
            for width in WIDTHS:
                page.set_viewport_size({"width": width, "height": 800})
                # Let the charts redraw at the new width before measuring.
                page.wait_for_timeout(50)
                found = page.evaluate(WIDER_THAN_THE_WINDOW)
                # (The admin's own lists scroll in the boxes Django gives them.)
                if not path.startswith("/admin/"):
                    unnamed += [f"{path} at {width} px: {box}" for box in found["unnamed"]]
                if found["scrollWidth"] > found["width"]:
                    culprits = "\n    ".join(found["culprits"]) or "(none found)"
                    too_wide.append(
                        f"{path} at {width} px is {found['scrollWidth']} px wide:\n    {culprits}"
                    )
            violations += [f"{path}: {v}" for v in axe_violations(page)]
            page.set_viewport_size({"width": WIDTHS[0], "height": 800})
    finally:
        _close_checking_csp([context])
    assert opened, f"the {role} could open none of the pages"
    assert too_wide == [], "Pages wider than the window:\n" + "\n".join(too_wide)
    assert unnamed == [], (
        "Regions not named by their own caption, or scrolling boxes that are no region:\n"
        + "\n".join(unnamed)
    )
    assert violations == [], "axe violations at 390 px:\n" + "\n".join(violations)
