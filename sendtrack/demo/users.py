"""Demo logins, one for each role, linked to the people they act as."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from rest_framework.authtoken.models import Token

from governance.models import Person
from sendtrack.kernel import roles

from .people import LEADS, email_for

DEMO_PASSWORD = "sendtrack-demo"  # noqa: S105 - published demonstration password

# username, role (group; None for the superuser), person it acts as, what to try
DEMO_LOGINS = [
    ("lead", roles.PROJECT_LEADS, LEADS[0], "updates their own projects and figures"),
    ("pmo", roles.PROGRAMME_OFFICE, "Hannah Okafor", "sees and edits everything"),
    ("director", roles.DIRECTORS, "Helen Marsh", "reads everything"),
    ("scrutiny", roles.SCRUTINY_MEMBERS, "Alex Morgan", "reads the members' information requests"),
    # Rachel Kim is invented (demonstration data), an ICB commissioner who signs for the ICB.
    (
        "icb",
        roles.PARTNER_OFFICERS,
        "Rachel Kim",
        "an NHS Kent and Medway ICB officer: sees and updates only the ICB's records",
    ),
    ("admin", None, None, "superuser: site administration"),
]

# The names of the logins that act as no person in the demo.
LOGIN_NAMES = {"admin": "Site admin"}


# The login whose API token the demo prints: it reads everything and changes nothing, as an
# analyst's Power BI connection should.
API_DEMO_LOGIN = "director"


def demo_api_token() -> str | None:
    token = Token.objects.filter(user__username=API_DEMO_LOGIN).first()
    return token.key if token else None


def load_users(*, people: dict[str, Person]) -> None:
    User = get_user_model()
    for username, group, person_name, _ in DEMO_LOGINS:
        person = people.get(person_name) if person_name else None
        user, _ = User.objects.get_or_create(username=username)
        user.email = person.email if person and person.email else email_for(username)
        name = person.name if person else LOGIN_NAMES[username]
        user.first_name, _, user.last_name = name.partition(" ")
        user.is_staff = True
        user.is_superuser = group is None
        if not user.check_password(DEMO_PASSWORD):
            user.set_password(DEMO_PASSWORD)
        user.save()
        user.groups.set(Group.objects.filter(name=group) if group else [])
        if username == API_DEMO_LOGIN:
            Token.objects.get_or_create(user=user)
        if person is not None and person.user_id != user.pk:
            # Each login acts as exactly one person.
            Person.objects.filter(user=user).exclude(pk=person.pk).update(user=None)
            person.user = user
            person.save(update_fields=["user"])
