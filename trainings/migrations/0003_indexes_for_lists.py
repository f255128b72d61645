# Indexes for the orderings and counts of the lists: sessions by start and by end (coming or
# past), published trainings of a territory, seats and waiting lists by session and status.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('trainings', '0002_seat_rules_and_dates_in_range'),
    ]

    operations = [
        migrations.AddIndex(
            model_name='registration',
            index=models.Index(fields=['session', 'status'], name='registration_session_status'),
        ),
        migrations.AddIndex(
            model_name='session',
            index=models.Index(fields=['starts_at'], name='session_starts_at'),
        ),
        migrations.AddIndex(
            model_name='session',
            index=models.Index(fields=['ends_at'], name='session_ends_at'),
        ),
        migrations.AddIndex(
            model_name='training',
            index=models.Index(fields=['status', 'territory'], name='training_status_territory'),
        ),
    ]
