"""政银通办 bank-branch terminal channel (Reflex pages under /bank) and its signed partner API."""
