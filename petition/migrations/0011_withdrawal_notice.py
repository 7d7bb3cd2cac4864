"""The one email owed to a signer who withdrew: a short-lived record with the address
sealed, read by the task that sends it (petition.tasks.send_withdrawal_notice)."""

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('petition', '0010_signature_mail_allowance'),
    ]

    operations = [
        migrations.CreateModel(
            name='WithdrawalNotice',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('sealed_address', models.TextField(editable=False)),
                ('language', models.CharField(default='en', max_length=10)),
                ('attempt', models.PositiveSmallIntegerField(default=0)),
                ('created_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now)),
                ('petition', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='petition.petition')),
            ],
            options={
                'verbose_name': 'withdrawal notice',
                'verbose_name_plural': 'withdrawal notices',
            },
        ),
    ]
