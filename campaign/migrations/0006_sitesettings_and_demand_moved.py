"""The site settings now belong to core and the demands to the petition app: removed from
this app's state only (their tables and rows were renamed over by those apps)."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("campaign", "0005_home_petition_becomes_the_current_petition"),
        ("core", "0001_initial"),
        ("petition", "0007_demand"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="SiteSettings"),
                migrations.DeleteModel(name="Demand"),
            ],
            database_operations=[],
        ),
    ]
