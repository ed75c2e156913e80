# Dates the way the site writes them in English: "12 April 2023", "May 2015".
DATE_FORMAT = "j F Y"
YEAR_MONTH_FORMAT = "F Y"
