import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("offers", "0004_published_newest_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="category",
            name="modified_at",
            field=models.DateTimeField(
                auto_now=True, default=django.utils.timezone.now, verbose_name="geändert"
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="location",
            name="modified_at",
            field=models.DateTimeField(
                auto_now=True, default=django.utils.timezone.now, verbose_name="geändert"
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="targetgroup",
            name="modified_at",
            field=models.DateTimeField(
                auto_now=True, default=django.utils.timezone.now, verbose_name="geändert"
            ),
            preserve_default=False,
        ),
        migrations.AddIndex(
            model_name="location",
            index=models.Index(fields=["modified_at"], name="location_modified_idx"),
        ),
    ]
