"""Recording casework in the browser, one page per action (``core.forms`` is the pattern), by
subdomain: ``front_door`` (contacts, early help, referrals, assessments) and ``protection``
(strategy discussions, section 47 enquiries, conferences, plans, visits)."""
