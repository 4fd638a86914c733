from django.apps import AppConfig


class StoreConfig(AppConfig):
    """The application layer: the council's records, accounts and audit trail, and the services over them.

    The label stays ``workforce`` (the name every release has used) so that tables, migration history, content
    types and permissions of an existing database are unchanged by the move out of the web package.
    """

    name = "csc_workforce.store"
    label = "workforce"
    verbose_name = "Children's social care workforce"

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from csc_workforce.store.sqlite_files import connection_created_private

        connection_created.connect(connection_created_private, dispatch_uid="csc_workforce_sqlite_private")
        from django.db.models.signals import post_migrate

        post_migrate.connect(_forget_kept_frames, sender=self, dispatch_uid="csc_workforce_forget_kept_frames")


def _forget_kept_frames(using: str = "default", **kwargs: object) -> None:
    """A migration may change what is stored: the frames kept from the records before it (``models.KeptFrame``)
    are read again."""
    from django.db import connections

    from csc_workforce.store import models as m

    # (a migrate back to a release before them leaves no such table)
    if m.KeptFrame._meta.db_table in connections[using].introspection.table_names():
        m.KeptFrame.objects.using(using).all().delete()
