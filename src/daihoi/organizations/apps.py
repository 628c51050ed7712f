from django.apps import AppConfig


class OrganizationsConfig(AppConfig):
    name = "daihoi.organizations"
    label = "organizations"
    verbose_name = "Tổ chức đảng và đảng viên"
