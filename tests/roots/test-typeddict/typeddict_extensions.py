"""A TypedDict made with typing_extensions, which typing.is_typeddict misses before 3.13."""

from typing_extensions import NotRequired, ReadOnly, Required, TypedDict


class Legacy(TypedDict, total=False):
    """Made with typing_extensions.

    :var count: Required though the class is not total.
    :var label: Optional and read-only.
    """

    count: Required[int]
    label: ReadOnly[NotRequired[str]]


class Labels(TypedDict, extra_items=int):
    """Open to keys it does not list (PEP 728).

    :var name: The one key it lists.
    """

    name: str
