"""The spreadsheet pages, inside the admin (staff only, behind the admin's login)."""

from django.contrib import admin
from django.urls import path

from . import views

urlpatterns = [
    path("", admin.site.admin_view(views.upload), name="spreadsheet-import"),
    path("confirm/", admin.site.admin_view(views.confirm), name="spreadsheet-import-confirm"),
    path("template.xlsx", admin.site.admin_view(views.template), name="spreadsheet-template"),
    path("export.xlsx", admin.site.admin_view(views.export), name="spreadsheet-export"),
]
