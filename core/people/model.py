"""A person, shared by every feature: who they are and the profile they chose to give."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Person:
    key: str                  # platform:workspace:user_id
    display_name: str = ""
    department: str = ""
    site: str = ""
    interests: str = ""       # comma-separated, as typed
    bio: str = ""

    @property
    def user_id(self) -> str:
        return self.key.split(":", 2)[2]

    @property
    def name(self) -> str:
        return self.display_name or self.user_id

    @property
    def interest_list(self) -> tuple[str, ...]:
        return tuple(i.strip().lower() for i in self.interests.split(",") if i.strip())
