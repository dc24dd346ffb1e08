from django.urls import path

from . import views

urlpatterns = [
    path("bodies/<int:body_id>/", views.body_meetings, name="body-meetings"),
    path("meetings/<int:pk>/", views.meeting, name="meeting"),
    path("meetings/<int:pk>/responses/", views.respond, name="meeting-respond"),
    path("meetings/<int:pk>/packs/", views.pack_request, name="meeting-pack"),
    path("meeting-packs/<int:pk>/", views.pack_file, name="meeting-pack-file"),
    path("papers/<int:pk>/", views.paper_file, name="agenda-paper"),
]
