"""This app's case statuses (``people.status``): looked after, the highest, and care leaver."""

from opencsc.people.status import register_case_status

from .models import CareLeaver, LegalStatusSpan

register_case_status("Child looked after", rank=10, open_on=LegalStatusSpan.objects.looked_after)
register_case_status("Care leaver", rank=60, open_on=CareLeaver.objects.active)
