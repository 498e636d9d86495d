"""httpx clients of outside systems (SMS gateway, population register), each taking an injected
httpx.Client and an explicit timeout, with in-memory fakes and the DepartmentUnavailable error."""
