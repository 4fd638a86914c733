from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "csc_workforce.web"
    label = "workforce"
    verbose_name = "Children's social care workforce"
