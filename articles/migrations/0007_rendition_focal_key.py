from django.db import migrations, models


class Migration(migrations.Migration):
    """Rendition.key is named for what it is, the focal key; renditions come in formats (JPEG, WebP)."""

    dependencies = [
        ("articles", "0006_wire_desk"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="rendition", name="rendition_unique_per_photo_spec_key"),
        migrations.RenameField(model_name="rendition", old_name="key", new_name="focal_key"),
        migrations.AddField(
            model_name="rendition",
            name="ext",
            field=models.CharField(choices=[("webp", "webp"), ("jpg", "jpg")], default="jpg", max_length=5),
        ),
        migrations.AddConstraint(
            model_name="rendition",
            constraint=models.UniqueConstraint(
                fields=("photo", "spec", "ext", "focal_key"), name="rendition_unique_per_photo_spec_ext_key"
            ),
        ),
    ]
