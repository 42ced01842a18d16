"""RSS and Atom feeds that librarians attach to topics, polled on a schedule (issue 23)."""
