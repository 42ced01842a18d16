"""Wording only Teams users see (sending a file to a personal chat)."""

FILE_CONSENT = "Your file {filename} is ready. Choose Allow to save it to your OneDrive."
FILE_DECLINED = "No problem, I haven't sent the file. Ask again whenever you like."
FILE_FAILED = "Sorry, I couldn't save the file to your OneDrive, so here it is as text instead."
FILE_GONE = "Sorry, that file has expired. Please ask for it again."
