"""People and their profiles, shared by every feature; a person's data and forgetting them."""
