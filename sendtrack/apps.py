from django.apps import AppConfig


class SendtrackConfig(AppConfig):
    name = "sendtrack"
    verbose_name = "sendtrack"
