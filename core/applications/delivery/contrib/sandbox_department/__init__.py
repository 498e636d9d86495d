"""Delivery to the sandbox department system (core/sandbox/department_system.py) over HTTP."""
