"""Sandbox department systems (SMS sink, population register) as real local HTTP servers
on the standard library, for development, tests and demos; start them with `start_sandbox`."""

from core.sandbox.runner import SandboxHandle, start_sandbox

__all__ = ["SandboxHandle", "start_sandbox"]
