"""The organisations and people of the demonstration: real names from the council's published
papers, and invented officers (marked as demonstration data) to lead projects and own figures."""

from __future__ import annotations

from governance.models import Organisation, Person

from .sources import MINUTES, REPORT, cite
from .store import upsert

KCC = "Kent County Council"
ICB = "NHS Kent and Medway Integrated Care Board"
PACT = "Kent Parents and Carers Together"

ORGANISATIONS = [
    # name, short name, kind, website, where the papers name it
    (
        KCC,
        "KCC",
        Organisation.Kind.COUNCIL,
        "https://www.kent.gov.uk",
        cite(REPORT, "summary", "to consider KCC's SEND provision"),
    ),
    (
        ICB,
        "NHS Kent and Medway ICB",
        Organisation.Kind.HEALTH,
        "",
        cite(REPORT, "para 2.4", "health partners in the Kent and Medway Integrated Care Board"),
    ),
    (
        PACT,
        "Kent PACT",
        Organisation.Kind.PARENT_CARER,
        "",
        cite(REPORT, "para 2.4", "Kent Parents and Carers Together (Kent PACT)"),
    ),
    (
        "Kent Special Educational Needs Trust",
        "KSENT",
        Organisation.Kind.EDUCATION,
        "",
        cite(REPORT, "para 2.4", "Kent Special Educational Needs Trust"),
    ),
    (
        "Department for Education",
        "DfE",
        Organisation.Kind.GOVERNMENT,
        "",
        cite(REPORT, "summary", "our work with the Department for Education (DfE)"),
    ),
    (
        "NHS England",
        "NHS England",
        Organisation.Kind.HEALTH,
        "",
        cite(REPORT, "para 1.11", "DfE, NHS England and the Local Government Association"),
    ),
    (
        "Local Government Association",
        "LGA",
        Organisation.Kind.ADVISORY,
        "",
        cite(REPORT, "para 1.11", "DfE, NHS England and the Local Government Association"),
    ),
    (
        "South East Sector Led Improvement Programme",
        "SESLIP",
        Organisation.Kind.ADVISORY,
        "",
        cite(REPORT, "para 1.11", "the South East Sector Led Improvement Programme (SESLIP)"),
    ),
    (
        "Council for Disabled Children",
        "CDC",
        Organisation.Kind.VOLUNTARY,
        "",
        cite(REPORT, "para 4.7", "working with experts in the Council for Disabled Children"),
    ),
    (
        "Nurture UK",
        "Nurture UK",
        Organisation.Kind.VOLUNTARY,
        "",
        cite(MINUTES, "minute 10b", "253 Kent schools had engaged with Nurture UK"),
    ),
]

# People named in the seeds. Job titles are as published; nobody's contact details are loaded,
# so that no demonstration reminder can reach a real inbox.
REAL_PEOPLE = [
    (
        "Rory Love",
        "Cabinet Member for Education and Skills",
        KCC,
        cite(REPORT, "heading", "From: Rory Love, Cabinet Member for Education and Skills"),
    ),
    (
        "Sue Chandler",
        "Cabinet Member for Integrated Children's Services",
        KCC,
        cite(REPORT, "heading", "Sue Chandler, Cabinet Member for Integrated Children's Services"),
    ),
    (
        "Sarah Hammond",
        "Corporate Director of Children, Young People and Education",
        KCC,
        cite(
            REPORT,
            "heading",
            "Sarah Hammond, Corporate Director of Children, Young People and Education",
        ),
    ),
    (
        "Alison Farmer",
        "",
        KCC,
        cite(MINUTES, "minute 10b", "Alison Farmer clarified that, as of June 2023"),
    ),
    (
        "Elise McQueen",
        "",
        KCC,
        cite(MINUTES, "minute 10c", "Elise McQueen said that"),
    ),
    (
        "Gaetano Romagnuolo",
        "",
        KCC,
        cite(MINUTES, "minute 3b", "Gaetano Romagnuolo confirmed that the information"),
    ),
    (
        "Claire Coutinho MP",
        "Minister for Children, Families and Wellbeing",
        "Department for Education",
        cite(
            REPORT,
            "para 1.9",
            "a letter from Claire Coutinho MP, Minister for Children, Families and Wellbeing",
        ),
    ),
]

# Invented officers. Two have no email address, for the data quality checks to find.
DIRECTORS = [
    ("Helen Marsh", "Director of Education and SEND"),
    ("David Okoro", "Director of Integrated Children's Services"),
    ("Joanna Reid", "Director of Strategic Commissioning"),
    ("Marcus Bell", "Director of Finance (Children's)"),
    ("Fiona Clarke", "Director of Marketing and Resident Experience"),
    ("Samir Patel", "Assistant Director, SEND Quality Assurance"),
]
# An invented elected member: the papers name no member of the Sub-Committee by name, and
# the demo's scrutiny login acts as someone who sits on it.
MEMBERS = [("Alex Morgan", "County Councillor")]

PROGRAMME_OFFICE = [
    ("Hannah Okafor", "SEND Transformation Programme Manager"),
    ("Tom Whitfield", "Project Support Officer"),
]
LEADS = [
    "Priya Shah",
    "Owen Lewis",
    "Grace Adeyemi",
    "Callum Reeves",
    "Natalie Brooks",
    "Imran Hussain",
    "Laura Pennington",
    "Ben Carter",
    "Chloe Fraser",
    "Daniel Mensah",
    "Emma Walsh",
    "Faisal Rahman",
    "Georgia Hart",
    "Jack Morrison",
    "Katie Lloyd",
    "Liam O'Connor",
    "Megan Price",
    "Nathan Cole",
    "Rachel Kim",
    "Simon Ashworth",
]
LEAD_TITLES = [
    "SEND Service Manager",
    "Area Education Officer",
    "Inclusion Lead",
    "Project Manager",
    "Head of Fair Access",
    "Quality Assurance Manager",
    "Commissioning Manager",
    "Participation and Engagement Lead",
    "Systems Development Manager",
    "Workforce Lead",
]
# Invented representatives of the partners the papers name (report, para 2.4): the parent
# carer forum, and schools and settings through the special schools' trust. The papers name
# nobody from either.
PARTNER_REPRESENTATIVES = [
    ("Sophie Turner", "Parent carer forum representative", PACT),
    ("Mark Ellis", "Special schools' representative", "Kent Special Educational Needs Trust"),
]
NO_EMAIL = {"Ben Carter", "Katie Lloyd"}
HEALTH_LEADS = {"Imran Hussain", "Rachel Kim"}


def email_for(name: str) -> str:
    local = name.lower().replace("'", "").replace(" ", ".")
    return f"{local}@example.org"


def load_people() -> tuple[dict[str, Organisation], dict[str, Person]]:
    """Organisations by name and people by name."""
    organisations = upsert(
        Organisation,
        [
            {
                "name": n,
                "short_name": s,
                "kind": k,
                "website": w,
                "is_demo": False,
                "source_citation": c,
            }
            for n, s, k, w, c in ORGANISATIONS
        ],
        keys=["name"],
    )
    orgs = {key[0]: org for key, org in organisations.items()}

    rows = [
        {
            "name": name,
            "job_title": title,
            "organisation_id": orgs[org].pk,
            "email": "",
            "is_demo": False,
            "source_citation": source,
        }
        for name, title, org, source in REAL_PEOPLE
    ]
    invented = [*DIRECTORS, *PROGRAMME_OFFICE, *MEMBERS]
    invented += [(name, LEAD_TITLES[i % len(LEAD_TITLES)]) for i, name in enumerate(LEADS)]
    rows += [
        {
            "name": name,
            "job_title": title,
            "organisation_id": orgs[ICB if name in HEALTH_LEADS else KCC].pk,
            "email": "" if name in NO_EMAIL else email_for(name),
            "is_demo": True,
        }
        for name, title in invented
    ]
    rows += [
        {
            "name": name,
            "job_title": title,
            "organisation_id": orgs[org].pk,
            "email": email_for(name),
            "is_demo": True,
        }
        for name, title, org in PARTNER_REPRESENTATIVES
    ]
    people = upsert(Person, rows, keys=["name"])
    return orgs, {key[0]: person for key, person in people.items()}
