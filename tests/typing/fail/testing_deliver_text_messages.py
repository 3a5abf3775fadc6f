"""A batch holds bytes payloads or Message values, never text."""

from amgi_types.testing import InMemoryServer


async def deliver_text(server: InMemoryServer) -> None:
    await server.deliver("orders", ["text"])  # expect-error
