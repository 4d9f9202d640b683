# Audit records become append-only in the database too: triggers refuse UPDATE and DELETE on
# both tables (PostgreSQL and SQLite), except DELETE under the retention purge permit. See
# opencsc.audit.triggers; the triggers are re-installed after every migrate as well.

from django.db import migrations


def install(apps, schema_editor):
    from opencsc.audit import triggers

    triggers.install(schema_editor.connection)


def uninstall(apps, schema_editor):
    from opencsc.audit import triggers

    triggers.uninstall(schema_editor.connection)


class Migration(migrations.Migration):

    dependencies = [
        ('audit', '0001_initial'),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='accessevent',
            options={'base_manager_name': 'objects', 'ordering': ['-at', '-id']},
        ),
        migrations.AlterModelOptions(
            name='auditevent',
            options={'base_manager_name': 'objects', 'ordering': ['-at', '-id']},
        ),
        migrations.RunPython(install, uninstall),
    ]
