from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("organizations", "0008_member_sort_key_family_then_middle")]
    operations = [
        migrations.AddField(
            model_name="organization",
            name="host_kind",
            field=models.CharField(
                blank=True, default="", db_default="", max_length=20, verbose_name="Loại hình đơn vị",
                choices=[("state_agency", "Cơ quan hành chính nhà nước"),
                         ("public_service", "Đơn vị sự nghiệp công lập"),
                         ("state_enterprise", "Doanh nghiệp nhà nước"),
                         ("private_enterprise", "Doanh nghiệp ngoài khu vực nhà nước"),
                         ("other", "Loại hình khác")],
            ),
        ),
    ]
