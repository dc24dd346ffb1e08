"""Who may call what. Reading a list needs the role's view permission on the model; writing
needs its add or change permission; which rows a user sees, and which they may write, is
decided by each app's ``permissions`` module, as in the admin."""

from __future__ import annotations

from rest_framework.permissions import BasePermission, DjangoModelPermissions


class RolePermissions(DjangoModelPermissions):
    perms_map = {
        "GET": ["%(app_label)s.view_%(model_name)s"],
        "OPTIONS": ["%(app_label)s.view_%(model_name)s"],
        "HEAD": ["%(app_label)s.view_%(model_name)s"],
        "POST": ["%(app_label)s.add_%(model_name)s"],
        "PUT": ["%(app_label)s.change_%(model_name)s"],
        "PATCH": ["%(app_label)s.change_%(model_name)s"],
        "DELETE": ["%(app_label)s.delete_%(model_name)s"],
    }


class ReportPermissions(BasePermission):
    """A report is readable by whoever may view every kind of record it is built from (the
    view's ``required_permissions``)."""

    def has_permission(self, request, view):
        if not request.user or not request.user.is_authenticated:
            return False
        return request.user.has_perms(view.required_permissions)
