"""Unknown keys: never an error, each one an UnknownKeyWarning."""

import warnings

from amgi_types.validate import UnknownKeyWarning, check_receive_event, check_send_event


def main() -> None:
    # From a server of a later minor version, which adds a key this package
    # does not know: the event passes, and the new key is reported.
    event: object = {"type": "message.receive", "id": "m1", "headers": [], "priority": 5}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", UnknownKeyWarning)
        check_receive_event(event)
    for warning in caught:
        print(f"{warning.category.__name__}: {warning.message}")

    # A test suite that wants its own typos to fail turns the category into
    # an error, with the standard warnings machinery.
    ack: object = {"type": "message.ack", "id": "m1", "reson": "done"}
    with warnings.catch_warnings():
        warnings.simplefilter("error", UnknownKeyWarning)
        try:
            check_send_event(ack)
        except UnknownKeyWarning as error:
            print(f"raised {type(error).__name__}: {error}")


if __name__ == "__main__":
    main()
