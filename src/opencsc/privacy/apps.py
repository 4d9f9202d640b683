from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "opencsc.privacy"
    label = "privacy"
    verbose_name = "Data protection: subject access and retention"
