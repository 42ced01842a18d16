"""Wording for people: profiles, a person's data and forgetting them."""

GROUP_SUMMARY = "help, your profile, your data and settings"

# Profiles (shared by every feature; `/coffee profile` is an alias)
PROFILE_USAGE = ('/kmbot profile department=Pharmacy site="City Hospital" interests="QI, sepsis" '
                 'bio="..."')
PROFILE_SUMMARY = "what colleagues see about you (department, site, interests)"
PROFILE_TITLE = "Your profile"
PROFILE_FORM_TITLE = "Your kmbot profile"
PROFILE_SHOW = ("Here's what colleagues see. Change it in the form, or with "
                "`/kmbot profile department=...`.")
PROFILE_SAVED = "Thanks, your profile is saved."
PROFILE_NOT_PAIR = "Please give each detail as name=value, for example department=Pharmacy."
PROFILE_UNKNOWN_FIELD = "“{name}” isn't part of a profile; you can set {names}."
FIELD_DEPARTMENT = "Department"
FIELD_SITE = "Site"
FIELD_INTERESTS = "Interests"
FIELD_BIO = "About me"
INTERESTS_HINT = "Separate interests with commas"
FIELD_TOO_LONG = "{label} is {n} characters long; please keep it to {limit}."
NOT_SET = "not set"
SAVE = "Save"

# Your data
MY_DATA_USAGE = "/kmbot my-data"
MY_DATA_SUMMARY = "get a copy of everything kmbot stores about you"
MY_DATA_SENT = ("Here is everything kmbot stores about you, as a file ({filename}). "
                "Type `/kmbot forget-me` if you'd like it erased.")
MY_DATA_FILENAME = "kmbot-my-data.json"

FORGET_USAGE = "/kmbot forget-me"
FORGET_SUMMARY = "erase your profile, memberships and settings"
FORGET_TITLE = "Forget me?"
FORGET_ASK = ("This erases your profile, takes you out of every programme and removes your "
              "name from what colleagues can see. Past introductions stay, under an anonymous "
              "label, so nobody is introduced to the same person again by mistake. "
              "This can't be undone.")
FORGET_YES = "Yes, forget me"
FORGET_NO = "No, keep my data"
FORGET_DONE = ("Done: kmbot has forgotten you. If you use kmbot again it starts afresh, "
               "with nothing from before.")
FORGET_KEPT = "Nothing has been changed."
