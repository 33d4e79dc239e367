"""govservice.approval: waits for its issue; nothing is public here yet."""

__all__: list[str] = []
