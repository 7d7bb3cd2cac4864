"""The site settings' "petition shown on the home page" duplicated the petition marked
current. The chosen petition becomes the current one, and the field goes."""

from django.db import migrations


def mark_chosen_petition_current(apps, schema_editor):
    site_settings = apps.get_model("campaign", "SiteSettings")
    petition = apps.get_model("petition", "Petition")
    db = schema_editor.connection.alias
    chosen = site_settings.objects.using(db).exclude(home_petition=None).values_list("home_petition", flat=True)
    for pk in chosen[:1]:
        petition.objects.using(db).exclude(pk=pk).filter(is_current=True).update(is_current=False)
        petition.objects.using(db).filter(pk=pk).update(is_current=True)


class Migration(migrations.Migration):

    dependencies = [
        ("campaign", "0004_task_queue_autovacuum"),
        ("petition", "0006_signature_indexes_by_primary_key"),
    ]

    operations = [
        migrations.RunPython(mark_chosen_petition_current, migrations.RunPython.noop),
        migrations.RemoveField(model_name="sitesettings", name="home_petition"),
    ]
