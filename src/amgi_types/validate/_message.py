"""The rules of a call with a message scope: one batch.

The server's side: message ids are unique within a batch, and a failed
``message.send`` raises a subclass of :py:exc:`OSError`. The application's
side: it receives every message of the batch and nothing after the last; it
acks or nacks every received id exactly once, and only received ids, in
delivery order unless the scope's extensions hold
``"message.ack.out_of_order"``.
"""

from __future__ import annotations

from collections.abc import Awaitable
from typing import Any

from amgi_types import AMGIReceiveCallable, AMGIReceiveEvent, AMGISendCallable, AMGISendEvent
from amgi_types.validate import ValidationError, _checks
from amgi_types.validate._call import APPLICATION, SERVER, Call, warn_unknown
from amgi_types.validate._checks import Found, plain_str, quoted, read_key

OUT_OF_ORDER = "message.ack.out_of_order"


class MessageCall(Call):
    """One call with a message scope. What a batch needs to remember grows
    with the batch and is dropped when the call ends."""

    def __init__(
        self,
        receive: AMGIReceiveCallable,
        send: AMGISendCallable,
        strict: bool,
        extensions: list[str | None],
    ) -> None:
        super().__init__("message", receive, send, strict)
        # Whether acks are counted: until the call ends.
        self.counting = True
        self.out_of_order = OUT_OF_ORDER in extensions
        # Whether the last message was received: False, True, or None when
        # the server's events left it unknown.
        self.batch_over: bool | None = False
        self.position: dict[str, int] = {}  # id -> index in order
        self.order: list[str] = []  # ids in delivery order
        self.next = 0  # index in order of the oldest unanswered id
        self.early: set[int] = set()  # indexes answered ahead of next
        self.duplicated: set[str] = set()
        self.bad_ids: list[object] = []  # ids the server gave that are not str

    # ---- receive(): every message of the batch, and nothing after the last

    # The common case, a well-formed message answered in order, is kept to a
    # few operations inline; everything else goes to the methods after it.
    async def receive(self) -> AMGIReceiveEvent:
        late = self.closed
        if late:
            self.receive_out_of_turn()
        try:
            event = await self.server_receive()
        except Exception as exc:
            if self.closed and not late and not self.ended:
                self.overlapped(exc)
            raise
        if not self.closed and self.counting and self.receive_fast(event):
            message: Any = event  # a message.receive event: the check says so
            message_id = message["id"]
            if message_id not in self.position:
                self.position[message_id] = len(self.order)
                self.order.append(message_id)
                if message.get("more_messages") is not True:
                    self.batch_over = self.closed = True
                return event
        if self.ended:
            return event
        try:
            if self.closed and not late:
                self.overlapped()
            self.received(event)
        except ValidationError:
            # Strict mode keeps the event from the application, which cannot
            # know whether the batch is over.
            self.batch_unknown()
            raise
        return event

    def received(self, event: Any) -> None:
        if not self.receive_fast(event):
            self.received_slowly(event)
        else:
            self.deliver(event["id"], event.get("more_messages") is True)

    def overlapped(self, cause: BaseException | None = None) -> None:
        """This receive() was awaited while another got the last message."""
        self.violation(
            APPLICATION,
            "no receive() after the last message of a batch",
            ["receive() was awaited while another receive() got the last message"],
            cause,
        )

    def receive_out_of_turn(self) -> None:
        if self.ended:
            self.call_ended("receive()")
        else:
            self.violation(
                APPLICATION,
                "no receive() after the last message of a batch",
                ["receive() was called after a message with more_messages false or missing"],
            )

    def received_slowly(self, event: object) -> bool:
        if not super().received_slowly(event):
            self.batch_unknown()
            return False
        # Reached with a well-formed event, or in warning mode: what the
        # event says is followed where it can be read, so that the
        # application is not blamed for the server's fault.
        more = read_key(event, "more_messages")
        known_end = more is None or type(more) is bool
        message_id = read_key(event, "id")
        name = plain_str(message_id)
        if name is not None:
            self.deliver(name, more is True, known_end)
            return True
        if message_id is not None:
            self.bad_ids.append(message_id)
        if known_end and self.batch_over is False:
            self.batch_over = self.closed = more is not True
        else:
            self.batch_unknown()
        return True

    def batch_unknown(self) -> None:
        if self.batch_over is False:
            self.batch_over = None

    # ---- the server's side: ids unique within a batch

    def deliver(self, message_id: str, more: bool, known_end: bool = True) -> None:
        if message_id in self.position:
            self.violation(
                SERVER,
                "message ids are unique within a batch",
                [f"id {quoted(message_id)} was delivered twice"],
            )
            self.duplicated.add(message_id)
        else:
            self.position[message_id] = len(self.order)
            self.order.append(message_id)
        if self.batch_over is False:
            self.batch_over = not more if known_end else None
            self.closed = self.batch_over is True

    # ---- send(): acks and nacks

    def send(self, event: AMGISendEvent, /) -> Awaitable[None]:
        if self.counting and self.send_fast(event):
            answer: Any = event  # an ack or a nack unless its type says otherwise
            if answer["type"] != "message.send":
                position: int | None = self.position.get(answer["id"])
                if position == self.next and not self.early:
                    self.next += 1
                    return self.server_send(event)
        return self.send_otherwise(event)

    def send_otherwise(self, event: Any) -> Awaitable[None]:
        if self.ended:
            self.call_ended("send()")
            return self.server_send(event)
        if not self.send_fast(event):
            return self.send_slowly(event)
        event_type = event["type"]
        if event_type == "message.send":
            return self.send_message(event)
        self.answer(event_type, event["id"])
        return self.server_send(event)

    def excused(self, event: object, found: Found) -> bool:
        """Whether an ack or nack is wrong only in carrying back an id the
        server gave that was not a str: the server's fault, reported once."""
        message_id = read_key(event, "id")
        bad_id = any(message_id is bad for bad in self.bad_ids)
        if bad_id and all(
            error.startswith(f'{self.send_checker.name}["id"]') for error in found.errors
        ):
            warn_unknown(found.unknown)
            return True
        return False

    def sent_readable(self, event_type: str, event: Any, found: Found) -> Awaitable[None]:
        # An answer the server can read counts, so that the same slip is not
        # reported again when the call ends.
        if event_type == "message.send":
            return self.server_send(event) if found.errors else self.send_message(event)
        message_id = plain_str(read_key(event, "id"))
        if message_id is not None:
            self.answer(event_type, message_id)
        return self.server_send(event)

    # ---- the server's side: a failed message.send raises an OSError

    async def send_message(self, event: Any) -> None:
        try:
            await self.server_send(event)
        except Exception as exc:
            if not issubclass(type(exc), OSError):
                self.violation(
                    SERVER,
                    "a failed message.send raises a subclass of OSError",
                    [f"send() raised {_checks.type_name(exc)} for a message.send event"],
                    cause=exc,
                )
            raise

    # ---- the application's side: each received id answered once, in order

    def answer(self, event_type: str, message_id: str) -> None:
        position = self.position.get(message_id)
        if position == self.next:
            self.next += 1
            while self.next in self.early:
                self.early.discard(self.next)
                self.next += 1
            return
        if position is None:
            self.violation(
                APPLICATION,
                "ack or nack only received ids",
                [f"{event_type} for id {quoted(message_id)}, which was never received"],
            )
        elif position < self.next or position in self.early:
            if message_id not in self.duplicated:
                self.violation(
                    APPLICATION,
                    "every received id acked or nacked exactly once",
                    [
                        (
                            f"{event_type} for id {quoted(message_id)},"
                            " which was already acked or nacked"
                        )
                    ],
                )
        else:
            if not self.out_of_order:
                self.violation(
                    APPLICATION,
                    f"acks and nacks in delivery order, without the {OUT_OF_ORDER} extension",
                    [
                        (
                            f"{event_type} for id {quoted(message_id)}"
                            f" before id {quoted(self.order[self.next])}"
                        )
                    ],
                )
            self.early.add(position)

    # ---- the end of the call

    def returned(self) -> None:
        self.violation(APPLICATION, "receive every message of a batch", self.unreceived())
        self.violation(
            APPLICATION,
            "every received id acked or nacked exactly once",
            [
                f"the application returned without acking or nacking id {quoted(message_id)}"
                for index, message_id in enumerate(self.order)
                if index >= self.next and index not in self.early
            ],
        )

    def unreceived(self) -> list[str]:
        if self.batch_over is not False:
            return []
        if not self.order and not self.bad_ids:
            return ["the application returned without calling receive()"]
        return ["the application returned before receiving the message with more_messages false"]

    def end(self) -> None:
        super().end()
        self.counting = False
        self.position = {}
        self.order = []
        self.early = set()
        self.duplicated = set()
        self.bad_ids = []
