"""Columns that hold personal data — contact persons, phone numbers, e-mail addresses — and never reach outputs.

Some lists add a contact for each operation ("Kontaktperson", "Contact person", "E-mail", "Telefon",
"Yhteyshenkilö", "Puhelin", "Sähköposti", "Kontaktní osoba"). They are not part of the list of
operations that CPR 2021/1060 Art. 49(3) asks for, and publishing them again would spread personal
data (GDPR Art. 5(1)(c), data minimisation). A reader blanks such headers before matching, so no
header alias can take them for a field (a contact person's "Name" is not the beneficiary's).
"""

from __future__ import annotations

import re

_PERSONAL = re.compile(
    r"e-?mail|\bmail\b|courriel|sähköposti|e-?pošta|e-?pasts|ηλεκτρονικ|"
    r"telef|\bphone\b|\btel\b|\bfax\b|puhelin|tālru|τηλ|"
    r"kontakt|contact|yhteyshenkilö|ansprechp|osoba kontaktowa|kontaktní|referent|sachbearbeit|"
    r"\bhandläggare\b|kontaktperson",
    re.IGNORECASE)


def is_personal_data_header(header: str) -> bool:
    """True if a column header names contact data (a person, phone, fax or e-mail) rather than a field
    of the operation."""
    return bool(_PERSONAL.search(header))
