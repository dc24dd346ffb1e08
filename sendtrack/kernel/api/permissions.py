"""Who may call what. Reading a list needs the role's view permission on the model; writing
needs its add or change permission; which rows a user sees, and which they may write, is
decided by each app's ``permissions`` module (its querysets and ``rules``), as in the admin."""

from __future__ import annotations

from rest_framework.permissions import BasePermission, DjangoModelPermissions


class RolePermissions(DjangoModelPermissions):
    """The role's model permission for the method; for one record, the same permission asked of
    that record, which the ``rules`` in the app's ``permissions`` module answer (as in the
    admin). Refused with the view's ``denied_message``."""

    perms_map = {
        "GET": ["%(app_label)s.view_%(model_name)s"],
        "OPTIONS": ["%(app_label)s.view_%(model_name)s"],
        "HEAD": ["%(app_label)s.view_%(model_name)s"],
        "POST": ["%(app_label)s.add_%(model_name)s"],
        "PUT": ["%(app_label)s.change_%(model_name)s"],
        "PATCH": ["%(app_label)s.change_%(model_name)s"],
        "DELETE": ["%(app_label)s.delete_%(model_name)s"],
    }

    def has_object_permission(self, request, view, obj):
        perms = self.get_required_permissions(request.method, type(obj))
        if request.user.has_perms(perms, obj):
            return True
        self.message = getattr(view, "denied_message", None)
        return False


class ReportPermissions(BasePermission):
    """A report is readable by whoever may view every kind of record it is built from (the
    view's ``required_permissions``)."""

    def has_permission(self, request, view):
        if not request.user or not request.user.is_authenticated:
            return False
        return request.user.has_perms(view.required_permissions)
