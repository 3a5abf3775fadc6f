"""The spec's example reads ``more_messages`` with ``.get`` and no default.

The loop flag starts as ``True``; rebinding it to ``bool | None`` is what the
seed text does. Only mypy, which fixes a variable's type at its first
assignment, rejects it; pyright, ty and pyrefly widen the flag to
``bool | None``, which the ``while`` test accepts.
"""

from amgi_types import AMGIReceiveCallable, AMGISendCallable, Scope


async def app(scope: Scope, receive: AMGIReceiveCallable, send: AMGISendCallable) -> None:
    more_messages = True
    while more_messages:
        message = await receive()
        if message["type"] != "message.receive":
            return
        await send({"type": "message.ack", "id": message["id"]})
        more_messages = message.get("more_messages")  # expect-error: mypy
