"""The audit log keeps each event's user agent; API tokens expire; failed sign-ins are counted, not listed."""

import datetime
from typing import Any

from django.db import migrations, models

TOKEN_DAYS = 90  # settings.API_TOKEN_DAYS when this migration was written


def tokens_expire(apps: Any, schema_editor: Any) -> None:
    """Tokens made before expiry existed expire 90 days after they were made (at once, if that has passed)."""
    ApiToken = apps.get_model("workforce", "ApiToken")
    for token in ApiToken.objects.all():
        token.expires_at = token.created_at + datetime.timedelta(days=TOKEN_DAYS)
        token.save(update_fields=["expires_at"])


class Migration(migrations.Migration):
    dependencies = [
        ("workforce", "0008_sign_in_lock_row_and_sso_identity"),
    ]

    operations = [
        migrations.AddField(
            model_name="auditevent",
            name="user_agent",
            field=models.CharField(
                blank=True,
                help_text='the browser or client, as it named itself; "csc-workforce cli" for commands',
                max_length=500,
            ),
        ),
        migrations.AddField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(null=True),
        ),
        migrations.RunPython(tokens_expire, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(help_text="refused from this moment (settings.API_TOKEN_DAYS after creation)"),
        ),
        migrations.AddField(
            model_name="failedsignin",
            name="count",
            field=models.PositiveIntegerField(default=1),
        ),
        migrations.AddField(
            model_name="failedsignin",
            name="first_at",
            field=models.DateTimeField(help_text="the first failure counted in this row", null=True),
        ),
        migrations.AlterField(
            model_name="failedsignin",
            name="at",
            field=models.DateTimeField(db_index=True, help_text="the latest failure counted in this row"),
        ),
    ]
