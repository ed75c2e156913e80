"""Splitting a long timeline into pages of whole years (history.timeline.split_years)."""

from history.timeline import page_number, split_years


def years(*sizes):
    """``[(year, number of entries)]`` from 2000 on, as ``history.timeline.year_sizes`` gives."""
    return [(2000 + n, size) for n, size in enumerate(sizes)]


def test_years_are_packed_whole_and_a_big_year_gets_a_page_of_its_own():
    pages = split_years(years(20, 20, 20, 70, 5), page_size=50)
    assert pages == [[2000, 2001], [2002], [2003], [2004]]


def test_a_short_timeline_is_one_page_and_an_empty_one_has_an_empty_page():
    assert len(split_years(years(3, 4, 5))) == 1
    assert split_years([]) == [[]]


def test_any_page_parameter_gives_an_existing_page():
    assert [page_number(value, 3) for value in (None, "abc", "0", "2", "99", "-4")] == [1, 1, 1, 2, 3, 1]
