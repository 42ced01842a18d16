"""Topics librarians keep, and who subscribes to them (people and channels), with how each
person hears: shared by bulletins, feeds and digests (``uow.topics``)."""
