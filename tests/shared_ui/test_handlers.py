"""off_loop: a synchronous handler's work runs in a thread, never on the event loop."""

import asyncio
import inspect
import threading

from shared_ui.handlers import off_loop


class _Page:
    def __init__(self) -> None:
        self.seen_on: threading.Thread | None = None
        self.answers: dict = {}

    @off_loop
    def save(self, form_data: dict) -> str:
        self.seen_on, self.answers = threading.current_thread(), form_data
        return "saved"


def test_the_handler_runs_in_another_thread_and_its_result_comes_back() -> None:
    page = _Page()

    async def call() -> tuple[str, threading.Thread]:
        return await page.save({"name": "张三"}), threading.current_thread()

    result, loop_thread = asyncio.run(call())
    assert result == "saved"
    assert page.answers == {"name": "张三"}
    assert page.seen_on is not None and page.seen_on is not loop_thread


def test_reflex_sees_a_coroutine_with_the_handlers_parameters() -> None:
    assert inspect.iscoroutinefunction(_Page.save)
    assert list(inspect.signature(_Page.save).parameters) == ["self", "form_data"]
    assert _Page.save.__annotations__["form_data"] is dict
