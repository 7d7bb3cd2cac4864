"""The demands move here from the campaign app: a petition owns the demands shown beside
its form. The same table and rows, renamed to petition_demand; the petitions' links to
them and the content type (with its permissions) are kept."""

from django.db import migrations, models


def move_content_type(apps, schema_editor):
    content_type = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    content_type.objects.using(db).filter(app_label="campaign", model="demand").update(app_label="petition")


def move_content_type_back(apps, schema_editor):
    content_type = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    content_type.objects.using(db).filter(app_label="petition", model="demand").update(app_label="campaign")


class Migration(migrations.Migration):

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("petition", "0006_signature_indexes_by_primary_key"),
        ("campaign", "0005_home_petition_becomes_the_current_petition"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Demand',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('text', models.CharField(max_length=300, verbose_name='demand')),
                        ('text_en', models.CharField(max_length=300, null=True, verbose_name='demand')),
                        ('text_zh_hant', models.CharField(max_length=300, null=True, verbose_name='demand')),
                        ('text_zh_hans', models.CharField(max_length=300, null=True, verbose_name='demand')),
                        ('order', models.PositiveIntegerField(db_index=True, default=0, verbose_name='order')),
                        ('is_active', models.BooleanField(default=True, verbose_name='shown')),
                    ],
                    options={
                        'verbose_name': 'demand',
                        'verbose_name_plural': 'demands',
                        'db_table': 'campaign_demand',
                        'ordering': ['order', 'id'],
                    },
                ),
                migrations.AlterField(
                    model_name="petition",
                    name="demands",
                    field=models.ManyToManyField(
                        blank=True, to="petition.demand", verbose_name="demands shown beside the form"
                    ),
                ),
            ],
            database_operations=[],
        ),
        migrations.AlterModelTable(name="demand", table=None),
        migrations.RunPython(move_content_type, move_content_type_back),
    ]
