"""Free text safe to share: e-mail addresses, phone numbers, postcodes and social-media handles masked.

Comments are written by members of the public and influencers, who sometimes leave their own details or someone
else's ("ring me on…", "@name was rude"). Oversight and the board pack read them masked; coordinators, who may
need to act on them, read the original.
"""

import re

_PATTERNS = (
    ("[e-mail]", re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")),
    # UK numbers, spaced or not, with +44 or 0: at least ten digits in a run of digits, spaces, dots and dashes.
    ("[phone]", re.compile(r"(?<![\w])(?:\+44\s?\(?0?\)?|0)(?:[\s.-]?\d){9,10}(?![\w])")),
    ("[postcode]", re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b", re.IGNORECASE)),
    ("[handle]", re.compile(r"(?<![\w@])@[A-Za-z0-9_.]{2,30}\b")),
)


def mask_personal_details(text: str) -> str:
    for replacement, pattern in _PATTERNS:
        text = pattern.sub(replacement, text)
    return text
