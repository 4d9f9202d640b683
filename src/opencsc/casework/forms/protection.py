"""Forms for child protection, child in need plans and visits."""
