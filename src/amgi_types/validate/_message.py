"""The rules of a call with a message scope: one batch.

The server's side: message ids are unique within a batch, and a failed
``message.send`` raises a subclass of :py:exc:`OSError` (a SHOULD). The
application's side: it receives every message of the batch, from one task
at a time, and nothing after the last; it acks or nacks every received id
exactly once, and only received ids, in delivery order unless the scope's
extensions hold ``"message.ack.out_of_order"`` (a SHOULD). An ack or a nack
counts once the server's ``send()`` returned: one that raised leaves its
message unanswered.
"""

from __future__ import annotations

import itertools
from typing import Any

from amgi_types import AMGIReceiveCallable, AMGIReceiveEvent, AMGISendCallable, AMGISendEvent
from amgi_types.validate import ValidationError, _checks
from amgi_types.validate._call import CALL_MODULES, Call, Options
from amgi_types.validate._checks import Found, plain_str, quoted, read_key

OUT_OF_ORDER = "message.ack.out_of_order"

# The state of each received message, by its index in delivery order.
_UNANSWERED = 0
_SENDING = 1  # its ack or nack was handed to the server, which has not returned
_ANSWERED = 2

CALL_MODULES.add(id(globals()))


class MessageCall(Call):
    """One call with a message scope. What a batch needs to remember grows
    with the batch and is dropped when the call ends."""

    def __init__(
        self,
        receive: AMGIReceiveCallable,
        send: AMGISendCallable,
        options: Options,
        extensions: list[str | None],
    ) -> None:
        super().__init__("message", receive, send, options)
        # Whether acks are counted: until the call ends.
        self.counting = True
        self.out_of_order = OUT_OF_ORDER in extensions
        # Whether the last message was received: False, True, or None when
        # the server's events left it unknown.
        self.batch_over: bool | None = False
        self.receiving = 0  # receive() calls awaiting the server
        # id -> index in delivery order; the dict's own order is that order.
        self.position: dict[str, int] = {}
        self.state = bytearray()  # by index: _UNANSWERED, _SENDING, _ANSWERED
        self.next = 0  # index of the oldest message whose answer was not sent
        self.duplicated: set[str] = set()
        self.bad_ids: list[object] = []  # ids the server gave that are not str

    # ---- receive(): every message of the batch, one at a time, none after the last

    # The common case, a well-formed message answered in order, is kept to a
    # few operations inline; everything else goes to the methods after it.
    async def receive(self) -> AMGIReceiveEvent:
        if self.closed or self.receiving:
            self.receive_out_of_turn()
        self.receiving += 1
        try:
            event = await self.server_receive()
        finally:
            self.receiving -= 1
        # Closed too once the call ended.
        well_formed = None if self.closed else self.receive_fast(event)
        if well_formed:
            message: Any = event  # a message.receive event: the check says so
            message_id = message["id"]
            position = self.position
            if message_id not in position:
                state = self.state
                position[message_id] = len(state)
                state.append(_UNANSWERED)
                if message.get("more_messages") is not True:
                    self.batch_over = self.closed = True
                return event
        if self.ended:
            return event
        try:
            if well_formed is None:
                self.received(event)
            else:
                self.received_checked(event, well_formed)
        except ValidationError:
            # Strict mode keeps the event from the application, which cannot
            # know whether the batch is over.
            self.batch_unknown()
            raise
        return event

    def receive_out_of_turn(self) -> None:
        if self.ended:
            self.call_ended("receive()")
        elif self.closed:
            self.violation(
                "message.receive.after_last",
                "receive() was called after a message with more_messages false or missing",
            )
        else:
            self.violation(
                "message.receive.concurrent",
                "receive() was awaited while another receive() was awaiting the server",
            )

    def received(self, event: Any) -> None:
        self.received_checked(event, self.receive_fast(event))

    def received_checked(self, event: Any, well_formed: bool) -> None:
        """Follow an event whose fast tests gave ``well_formed``."""
        if well_formed or self.unknown_keys(self.receive_checker, event):
            self.deliver(event["id"], event.get("more_messages") is True)
        else:
            self.received_slowly(event)

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
            self.duplicated.add(message_id)
            self.violation(
                "message.id.unique",
                f"id {quoted(message_id)} was delivered twice",
                message_id=message_id,
            )
        else:
            self.position[message_id] = len(self.state)
            self.state.append(_UNANSWERED)
        if self.batch_over is False:
            self.batch_over = not more if known_end else None
            self.closed = self.batch_over is True

    # ---- send(): acks and nacks, counted once the server took them

    async def send(self, event: AMGISendEvent, /) -> None:
        if self.counting and self.send_fast(event):
            answer: Any = event  # an ack or a nack unless its type says otherwise
            if answer["type"] != "message.send":
                # -1 for an id never received: never the next to answer.
                position = self.position.get(answer["id"], -1)
                if position == self.next:
                    state = self.state
                    state[position] = _SENDING
                    following = position + 1
                    if following < len(state) and state[following]:
                        self.advance()
                    else:
                        self.next = following
                    try:
                        await self.server_send(event)
                    except BaseException:
                        self.unsent(state, position)
                        raise
                    state[position] = _ANSWERED
                    return
        await self.send_otherwise(event)

    def advance(self) -> None:
        """Move ``next`` past the messages whose answer was sent."""
        state = self.state
        index = self.next + 1
        while index < len(state) and state[index]:
            index += 1
        self.next = index

    def unsent(self, state: bytearray, position: int) -> None:
        """The server's send() raised: the message is unanswered again, and
        the application may ack or nack it anew."""
        if state is self.state:
            state[position] = _UNANSWERED
            self.next = min(self.next, position)

    async def send_otherwise(self, event: Any) -> None:
        if self.ended:
            self.call_ended("send()")
            await self.server_send(event)
        elif not self.send_fast(event) and not self.unknown_keys(self.send_checker, event):
            await self.send_slowly(event)
        elif event["type"] == "message.send":
            await self.send_message(event)
        else:
            await self.send_answer(event["type"], event["id"], event)

    def excused(self, event: object, found: Found) -> bool:
        """Whether an ack or nack is wrong only in carrying back an id the
        server gave that was not a str: the server's fault, reported once."""
        message_id = read_key(event, "id")
        bad_id = any(message_id is bad for bad in self.bad_ids)
        if bad_id and all(
            error.startswith(f'{self.send_checker.name}["id"]') for error in found.errors
        ):
            self.warn_unknown(found)
            return True
        return False

    async def sent_readable(self, event_type: str, event: Any, found: Found) -> None:
        # An answer the server can read counts, so that the same slip is not
        # reported again when the call ends.
        if event_type == "message.send":
            await (self.server_send(event) if found.errors else self.send_message(event))
            return
        message_id = plain_str(read_key(event, "id"))
        if message_id is None:
            await self.server_send(event)
        else:
            await self.send_answer(event_type, message_id, event)

    # ---- the server's side: a failed message.send raises an OSError

    async def send_message(self, event: Any) -> None:
        try:
            await self.server_send(event)
        except Exception as exc:
            if not issubclass(type(exc), OSError):
                # A SHOULD: a warning, and the application gets the very
                # exception the server raised.
                self.violation(
                    "message.send.oserror",
                    f"send() raised {_checks.type_name(exc)} for a message.send event",
                )
            raise

    # ---- the application's side: each received id answered once, in order

    async def send_answer(self, event_type: str, message_id: str, event: Any) -> None:
        position = self.dispatch(event_type, message_id)
        if position is None:
            await self.server_send(event)
            return
        state = self.state
        try:
            await self.server_send(event)
        except BaseException:
            self.unsent(state, position)
            raise
        state[position] = _ANSWERED

    def dispatch(self, event_type: str, message_id: str) -> int | None:
        """Check an ack or nack about to reach the server; the index of its
        message when it answers one."""
        position = self.position.get(message_id)
        if position is None:
            self.violation(
                "message.answer.received",
                f"{event_type} for id {quoted(message_id)}, which was never received",
                message_id=message_id,
            )
            return None
        if self.state[position] != _UNANSWERED:
            if message_id not in self.duplicated:
                done = "was already" if self.state[position] == _ANSWERED else "is being"
                self.violation(
                    "message.answer.once",
                    f"{event_type} for id {quoted(message_id)}, which {done} acked or nacked",
                    message_id=message_id,
                )
            return None
        if position != self.next and not self.out_of_order:
            self.violation(
                "message.ack.order",
                f"{event_type} for id {quoted(message_id)}"
                f" before id {quoted(next(itertools.islice(self.position, self.next, None)))}",
                message_id=message_id,
            )
        self.state[position] = _SENDING
        if position == self.next:
            self.advance()
        return position

    # ---- the end of the call

    def returned(self) -> None:
        if self.batch_over is False:
            if not self.position and not self.bad_ids:
                detail = "the application returned without calling receive()"
            else:
                detail = (
                    "the application returned before receiving the message with more_messages false"
                )
            self.violation("message.receive.all", detail)
        self.broke(
            [
                self.make(
                    "message.answer.once",
                    f"the application returned without acking or nacking id {quoted(message_id)}",
                    message_id,
                )
                for message_id, state in zip(self.position, self.state, strict=True)
                if state != _ANSWERED
            ]
        )

    def end(self) -> None:
        super().end()
        self.counting = False
        self.position = {}
        self.state = bytearray()
        self.duplicated = set()
        self.bad_ids = []
