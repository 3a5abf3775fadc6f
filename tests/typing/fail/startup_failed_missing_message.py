"""A failed startup says why: ``message`` is required."""

from amgi_types import AMGISendCallable


async def fail_startup(send: AMGISendCallable) -> None:
    await send({"type": "lifespan.startup.failed"})  # expect-error
