from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _sync_roles(sender, apps=None, **kwargs) -> None:
    # Every migrate brings the groups up to date, so a model added later is at once editable
    # by the programme office and readable by directors without a migration of its own.
    # (A flush, as between transactional tests, sends the signal without ``apps``.)
    from django.apps import apps as installed_apps

    from sendtrack.kernel.roles import sync_role_permissions

    sync_role_permissions(apps or installed_apps, None)


class SendtrackConfig(AppConfig):
    name = "sendtrack"
    # Its models are the background work's: the documents built and the emails sent.
    verbose_name = "Documents and emails"

    def ready(self) -> None:
        # sendtrack is the last app installed, so every other app's permissions exist by now.
        post_migrate.connect(_sync_roles, sender=self, dispatch_uid="sendtrack-sync-roles")
        # Each app's object-level rules, then a rule for every other model permission.
        from governance import permissions as _governance  # noqa: F401
        from indicators import permissions as _indicators  # noqa: F401
        from projects import permissions as _projects  # noqa: F401
        from sendtrack.kernel.predicates import register_defaults

        from .publications import permissions as _publications  # noqa: F401

        register_defaults()

        # Board business extends the meeting's admin page, so it is registered once the
        # admin has found every app's own pages.
        # Every write through every connection changes the data's version.
        from django.db.backends.signals import connection_created
        from django.db.models.signals import pre_migrate

        from . import dataversion
        from .boards import admin as _boards_admin  # noqa: F401

        connection_created.connect(dataversion.watch, dispatch_uid="sendtrack-data-version")
        dataversion.watch_open_connections()
        pre_migrate.connect(
            dataversion.migration_started, sender=self, dispatch_uid="sendtrack-migrating"
        )
        post_migrate.connect(
            dataversion.migration_finished, sender=self, dispatch_uid="sendtrack-migrated"
        )
