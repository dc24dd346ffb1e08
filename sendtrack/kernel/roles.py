"""The roles people hold in sendtrack, as Django groups with model permissions.

Groups and their permissions are created by data migrations that call ``sync_role_permissions``
(and brought up to date after every migrate). What each person may do to a given row (their own
projects, their own indicators) is a ``rules`` predicate in each app's ``permissions`` module,
registered as the object-level side of the same permission, so that ``user.has_perm(perm, obj)``
answers alike in the admin, the pages and the API; the same module scopes the lists.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import QuerySet

PROJECT_LEADS = "Project leads"
PROGRAMME_OFFICE = "Programme office"
DIRECTORS = "Directors"
SCRUTINY_MEMBERS = "Scrutiny members"
PARTNER_OFFICERS = "Partner officers"

# The apps whose models the roles cover: the programme's records, and sendtrack's own (emails
# sent, document builds), which the programme office runs and directors read.
APPS = ("governance", "projects", "indicators", "sendtrack")
ALL_ACTIONS = ("add", "change", "delete", "view")

# Project leads update their own projects and their own indicators' returns; they read the rest
# of the programme's reference data so that their forms can show it. They do not delete
# milestones: removing one and adding it again would move its agreed baseline.
PROJECT_LEAD_PERMISSIONS = (
    "governance.view_organisation",
    "governance.view_person",
    "governance.view_body",
    "governance.view_meeting",
    "governance.view_areaofweakness",
    "governance.view_improvementplan",
    "governance.view_planaction",
    "projects.view_workstream",
    "projects.view_project",
    "projects.change_project",
    "projects.view_milestone",
    "projects.add_milestone",
    "projects.change_milestone",
    "projects.view_risk",
    "projects.add_risk",
    "projects.change_risk",
    "projects.view_statusreport",
    "projects.add_statusreport",
    "projects.change_statusreport",
    "projects.view_savingsyear",
    "projects.add_savingsyear",
    "projects.change_savingsyear",
    "projects.view_savingsmonth",
    "projects.add_savingsmonth",
    "projects.change_savingsmonth",
    "projects.view_safetyvalvetarget",
    "indicators.view_indicator",
    "indicators.change_indicator",
    "indicators.view_target",
    "indicators.view_benchmark",
    "indicators.view_measurement",
    "indicators.add_measurement",
    "indicators.change_measurement",
    "indicators.view_benefit",
    "indicators.add_benefit",
    "indicators.change_benefit",
)


# Staff of a partner organisation (an ICB commissioner, say) update the records their
# organisation leads or co-owns, as a lead updates their projects, and change a plan action's
# progress; a named owner signs off a jointly owned action for their organisation. They read
# the partnership's reference data (organisations, workstreams, areas, plans) and the people of
# their own organisation (``partners``), never the council's boards, meetings or members'
# requests.
PARTNER_OFFICER_PERMISSIONS = (
    *(
        p
        for p in PROJECT_LEAD_PERMISSIONS
        # the council's boards and its Safety Valve agreement with the Department for Education
        if p
        not in (
            "governance.view_body",
            "governance.view_meeting",
            "projects.view_safetyvalvetarget",
        )
    ),
    "governance.change_planaction",
    "governance.view_planactionsignoff",
    "governance.add_planactionsignoff",
    "governance.change_planactionsignoff",
)

# Elected members on the scrutiny committee read what is published (as anyone may) and the log of
# their information requests, with the meetings and bodies the requests were made at.
SCRUTINY_MEMBER_PERMISSIONS = (
    "governance.view_body",
    "governance.view_meeting",
    "governance.view_informationrequest",
)

# Directors approve what the programme office submits for publication.
DIRECTOR_EXTRA_PERMISSIONS = ("sendtrack.approve_publication",)


# Permissions of models added after the first roles' migrations: left out until they exist.
LATER_PERMISSIONS = frozenset(
    (
        *DIRECTOR_EXTRA_PERMISSIONS,
        "governance.view_planactionsignoff",
        "governance.add_planactionsignoff",
        "governance.change_planactionsignoff",
    )
)


def role_permissions(model_names: dict[str, list[str]]) -> dict[str, list[str]]:
    """Every role's permissions as "app_label.codename", given each app's model names."""
    every = [
        f"{app}.{action}_{model}"
        for app in APPS
        for model in model_names.get(app, [])
        for action in ALL_ACTIONS
    ]
    return {
        PROJECT_LEADS: list(PROJECT_LEAD_PERMISSIONS),
        PROGRAMME_OFFICE: every,
        DIRECTORS: [p for p in every if ".view_" in p] + list(DIRECTOR_EXTRA_PERMISSIONS),
        SCRUTINY_MEMBERS: list(SCRUTINY_MEMBER_PERMISSIONS),
        PARTNER_OFFICERS: list(PARTNER_OFFICER_PERMISSIONS),
    }


def sync_role_permissions(apps, schema_editor) -> None:
    """Create the groups and give each exactly its role's permissions (for data migrations)."""
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after migrate; make sure they exist now. (In a
    # migration, apps are stand-ins without a models module, which create_permissions needs.)
    for app_config in apps.get_app_configs():
        if getattr(app_config, "models_module", None) is not None:
            create_permissions(app_config, verbosity=0, apps=apps)
            continue
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    model_names = {app: _model_names(apps, app) for app in APPS}
    for group_name, perms in role_permissions(model_names).items():
        group, _ = Group.objects.get_or_create(name=group_name)
        wanted = []
        for perm in perms:
            app_label, codename = perm.split(".")
            found = Permission.objects.filter(
                content_type__app_label=app_label, codename=codename
            ).first()
            model_name = codename.split("_", 1)[1]
            if found is None and (
                perm in LATER_PERMISSIONS or model_name not in model_names[app_label]
            ):
                continue  # its model's migration has not run yet; a later sync adds it
            if found is None:
                raise LookupError(f"The permission {perm} does not exist.")
            wanted.append(found)
        group.permissions.set(wanted)


def _model_names(apps, app_label: str) -> list[str]:
    # An app appears in a migration's state only once it has models (sendtrack's come later).
    try:
        return [m._meta.model_name for m in apps.get_app_config(app_label).get_models()]
    except LookupError:
        return []


def _group_names(user: AbstractBaseUser | AnonymousUser) -> frozenset[str]:
    # Cached on the user object so that a request asks the database once.
    if not user.is_authenticated:
        return frozenset()
    if not hasattr(user, "_sendtrack_groups"):
        user._sendtrack_groups = frozenset(user.groups.values_list("name", flat=True))
    return user._sendtrack_groups


def is_programme_office(user: AbstractBaseUser | AnonymousUser) -> bool:
    """Programme office staff (and superusers) see and edit everything."""
    return user.is_authenticated and (user.is_superuser or PROGRAMME_OFFICE in _group_names(user))


def is_director(user: AbstractBaseUser | AnonymousUser) -> bool:
    """Directors read everything."""
    return DIRECTORS in _group_names(user)


def is_partner_officer(user: AbstractBaseUser | AnonymousUser) -> bool:
    """Staff of a partner organisation, who see only what their organisation owns."""
    return PARTNER_OFFICERS in _group_names(user) and not sees_everything(user)


def sees_everything(user: AbstractBaseUser | AnonymousUser) -> bool:
    """Programme office and directors see every record; others see their own."""
    return is_programme_office(user) or is_director(user)


def scope_to_own(
    *, user: AbstractBaseUser | AnonymousUser, queryset: QuerySet, owner_path: str
) -> QuerySet:
    """The rows a user may see: all of them for those who see everything, else those whose
    ``owner_path`` (e.g. "lead__user") leads to the user, and none for anyone signed out."""
    if not user.is_authenticated:
        return queryset.none()
    if sees_everything(user):
        return queryset
    return queryset.filter(**{owner_path: user})
