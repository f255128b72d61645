"""Dates and numbers as each interface language writes them (settings.FORMAT_MODULE_PATH).

Django's own formats are kept except where the portal's readers would misread them:
- English is written the British way, day before month (12/01/2026 would be read as
  1 December by some readers and 12 January by others);
- Spanish dates read "3 de diciembre de 2026";
- numbers are grouped by thousands in every language: with a narrow no-break space in French
  and Spanish (the usage of the French administration and the RAE's recommendation, readable
  wherever a comma or a point marks decimals in the Caribbean), a comma in English.
Templates write dates with these names (DATE_FORMAT, SHORT_DATE_FORMAT…) or the `long_date`
filter, never a literal pattern.
"""
