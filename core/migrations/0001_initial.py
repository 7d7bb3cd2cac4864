"""The site settings move here from the campaign app: the same table and rows, renamed
to core_sitesettings, with their content type (and so their permissions) kept."""

from django.db import migrations, models


def move_content_type(apps, schema_editor):
    content_type = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    content_type.objects.using(db).filter(app_label="campaign", model="sitesettings").update(app_label="core")


def move_content_type_back(apps, schema_editor):
    content_type = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    content_type.objects.using(db).filter(app_label="core", model="sitesettings").update(app_label="campaign")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("campaign", "0005_home_petition_becomes_the_current_petition"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='SiteSettings',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('campaign_name', models.CharField(default='Stop Repression in Hong Kong', max_length=200, verbose_name='campaign name')),
                        ('campaign_name_en', models.CharField(default='Stop Repression in Hong Kong', max_length=200, null=True, verbose_name='campaign name')),
                        ('campaign_name_zh_hant', models.CharField(default='Stop Repression in Hong Kong', max_length=200, null=True, verbose_name='campaign name')),
                        ('campaign_name_zh_hans', models.CharField(default='Stop Repression in Hong Kong', max_length=200, null=True, verbose_name='campaign name')),
                        ('slogan', models.CharField(blank=True, default='Mass resistance is the only way to defeat repression.', max_length=300, verbose_name='slogan')),
                        ('slogan_en', models.CharField(blank=True, default='Mass resistance is the only way to defeat repression.', max_length=300, null=True, verbose_name='slogan')),
                        ('slogan_zh_hant', models.CharField(blank=True, default='Mass resistance is the only way to defeat repression.', max_length=300, null=True, verbose_name='slogan')),
                        ('slogan_zh_hans', models.CharField(blank=True, default='Mass resistance is the only way to defeat repression.', max_length=300, null=True, verbose_name='slogan')),
                        ('contact_email', models.EmailField(blank=True, max_length=254, verbose_name='contact email')),
                        ('facebook_url', models.URLField(blank=True, verbose_name='Facebook page')),
                        ('x_url', models.URLField(blank=True, verbose_name='X (Twitter) profile')),
                        ('instagram_url', models.URLField(blank=True, verbose_name='Instagram profile')),
                        ('youtube_url', models.URLField(blank=True, verbose_name='YouTube channel')),
                        ('telegram_url', models.URLField(blank=True, verbose_name='Telegram channel')),
                        ('actions_intro', models.TextField(blank=True, default='There are many ways to support the campaign, in Hong Kong and around the world.', verbose_name='“What you can do”: introduction')),
                        ('actions_intro_en', models.TextField(blank=True, default='There are many ways to support the campaign, in Hong Kong and around the world.', null=True, verbose_name='“What you can do”: introduction')),
                        ('actions_intro_zh_hant', models.TextField(blank=True, default='There are many ways to support the campaign, in Hong Kong and around the world.', null=True, verbose_name='“What you can do”: introduction')),
                        ('actions_intro_zh_hans', models.TextField(blank=True, default='There are many ways to support the campaign, in Hong Kong and around the world.', null=True, verbose_name='“What you can do”: introduction')),
                        ('actions_closing', models.CharField(blank=True, default='With your support we can win!', max_length=200, verbose_name='“What you can do”: closing line')),
                        ('actions_closing_en', models.CharField(blank=True, default='With your support we can win!', max_length=200, null=True, verbose_name='“What you can do”: closing line')),
                        ('actions_closing_zh_hant', models.CharField(blank=True, default='With your support we can win!', max_length=200, null=True, verbose_name='“What you can do”: closing line')),
                        ('actions_closing_zh_hans', models.CharField(blank=True, default='With your support we can win!', max_length=200, null=True, verbose_name='“What you can do”: closing line')),
                        ('signed_intro', models.CharField(blank=True, default='They have signed our petition. Have you?', max_length=300, verbose_name="“Who's signed”: introduction")),
                        ('signed_intro_en', models.CharField(blank=True, default='They have signed our petition. Have you?', max_length=300, null=True, verbose_name="“Who's signed”: introduction")),
                        ('signed_intro_zh_hant', models.CharField(blank=True, default='They have signed our petition. Have you?', max_length=300, null=True, verbose_name="“Who's signed”: introduction")),
                        ('signed_intro_zh_hans', models.CharField(blank=True, default='They have signed our petition. Have you?', max_length=300, null=True, verbose_name="“Who's signed”: introduction")),
                        ('qa_intro', models.TextField(blank=True, verbose_name='Q&A: introduction')),
                        ('qa_intro_en', models.TextField(blank=True, null=True, verbose_name='Q&A: introduction')),
                        ('qa_intro_zh_hant', models.TextField(blank=True, null=True, verbose_name='Q&A: introduction')),
                        ('qa_intro_zh_hans', models.TextField(blank=True, null=True, verbose_name='Q&A: introduction')),
                        ('materials_intro', models.TextField(blank=True, verbose_name='materials: introduction')),
                        ('materials_intro_en', models.TextField(blank=True, null=True, verbose_name='materials: introduction')),
                        ('materials_intro_zh_hant', models.TextField(blank=True, null=True, verbose_name='materials: introduction')),
                        ('materials_intro_zh_hans', models.TextField(blank=True, null=True, verbose_name='materials: introduction')),
                        ('contact_intro', models.TextField(blank=True, verbose_name='contact page: introduction')),
                        ('contact_intro_en', models.TextField(blank=True, null=True, verbose_name='contact page: introduction')),
                        ('contact_intro_zh_hant', models.TextField(blank=True, null=True, verbose_name='contact page: introduction')),
                        ('contact_intro_zh_hans', models.TextField(blank=True, null=True, verbose_name='contact page: introduction')),
                    ],
                    options={
                        'verbose_name': 'site settings',
                        'db_table': 'campaign_sitesettings',
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.AlterModelTable(name="sitesettings", table=None),
        migrations.RunPython(move_content_type, move_content_type_back),
    ]
