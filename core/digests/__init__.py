"""Current-awareness digests: what matched each person's topics, at their time (issue 23)."""
