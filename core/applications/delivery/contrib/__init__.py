"""One folder per department system the relay can deliver to; each holds a `plugin.py`
registering a `DeliveryPlugin` (the demo one is the worked example)."""
