from django.apps import AppConfig


class StoreConfig(AppConfig):
    """The application layer: the council's records, accounts and audit trail, and the services over them.

    The label stays ``workforce`` (the name every release has used) so that tables, migration history, content
    types and permissions of an existing database are unchanged by the move out of the web package.
    """

    name = "csc_workforce.store"
    label = "workforce"
    verbose_name = "Children's social care workforce"
