# Dates the way Norwegian writes them: "12. april 2023", "mai 2015".
DATE_FORMAT = "j. F Y"
YEAR_MONTH_FORMAT = "F Y"
