"""Another project's TypedDicts, documented with amgi_types.sphinxext."""

import sys
from typing import Literal

if sys.version_info >= (3, 11):
    from typing import NotRequired, TypedDict
else:
    from typing_extensions import NotRequired, TypedDict


class Customer(TypedDict):
    """Who placed an order.

    :var name: The customer's name, as they typed it.
    :var email: Where the confirmation is sent.
    """

    name: str
    email: str


class OrderPlaced(TypedDict):
    """An order was placed in the shop.

    The shop publishes it once the payment is authorised, and never twice for
    one order; the fields follow the `CloudEvents`_ naming rules [#names]_.

    .. note::

       A consumer that needs the order's lines reads them from the order
       service, by ``order_id``.

    :var type: Always ``"order.placed"``.
    :var order_id: The order's number, as printed on the invoice.
    :var customer: Who placed the order.
    :var total_cents: The amount charged, in cents.
    :var note: The customer's note to the shop. Missing when they left none.

    .. _CloudEvents: https://cloudevents.io/
    .. [#names] Lower case letters, digits and underscores.
    """

    type: Literal["order.placed"]
    order_id: int
    customer: Customer
    total_cents: int
    note: NotRequired[str]


class OrderCancelled(TypedDict):
    """An order was cancelled before it shipped.

    :var type: Always ``"order.cancelled"``.
    :var order_id: The number of the order that was cancelled.
    :var reason: Why, in the customer's words, or ``None`` when they gave none.
    """

    type: Literal["order.cancelled"]
    order_id: int
    reason: str | None


ShopEvent = OrderPlaced | OrderCancelled
