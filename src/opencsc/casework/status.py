"""This app's case statuses (``people.status``): plans, open assessments and referrals, early
help. Ranks leave room between them; care's are 10 (looked after) and 60 (care leaver)."""

from opencsc.people.status import register_case_status

from .models import Assessment, CINPlan, CPPlan, EarlyHelpEpisode, Referral, Section47Enquiry

register_case_status("Child protection plan", rank=20, open_on=CPPlan.objects.open)
register_case_status("Child in need plan", rank=30, open_on=CINPlan.objects.open)
# Annex A list 6 counts an open section 47 enquiry as an open assessment: it is one.
register_case_status("Open assessment", rank=40, open_on=Assessment.objects.open)
register_case_status("Open assessment", rank=40, open_on=Section47Enquiry.objects.open)
register_case_status("Open referral", rank=50, open_on=Referral.objects.open)
register_case_status("Early help", rank=70, open_on=EarlyHelpEpisode.objects.open)
