"""The forms of casework's actions (field names are the actions' keyword arguments), by the same
subdomains as ``views``."""
