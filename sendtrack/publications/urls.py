"""``/publications/``: the public pages, the feed, the PDFs and the staff preview."""

from django.urls import path

from . import views
from .feeds import PublicationFeed

urlpatterns = [
    path("", views.publication_index, name="publications"),
    path("feed/", PublicationFeed(), name="publication-feed"),
    path("areas/<int:number>/", views.publication_area, name="publication-area"),
    path("preview/<int:pk>/", views.publication_preview, name="publication-preview"),
    path("<slug:slug>/", views.publication_latest, name="publication"),
    path("<slug:slug>/v<int:number>/", views.publication_version, name="publication-version"),
    path("<slug:slug>/v<int:number>/pdf/", views.publication_pdf, name="publication-pdf"),
]
