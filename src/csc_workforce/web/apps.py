from django.apps import AppConfig


class WebConfig(AppConfig):
    """The web app: HTTP only (views, URLs, forms, templates, template tags, middleware, static files)."""

    name = "csc_workforce.web"
    label = "web"
    verbose_name = "csc-workforce web app"
