"""政银通办 rules in core: what a bank branch may offer, the customer's consent from their own
phone, applications submitted on their behalf, and the audit trail a branch manager reads."""
