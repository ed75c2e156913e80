"""Form data as the Wagtail admin's page editor posts it."""

from wagtail.test.utils.form_data import nested_form_data, streamfield


def milestone_form(**overrides):
    data = {
        "title": "A milestone",
        "slug": "a-milestone",
        "date_precision": "year",
        "year": 2006,
        "month": "",
        "day": "",
        "kind": "founding",
        "summary": "Something happened.",
        "lead_photo": "",
        "related_award": "",
        "body": streamfield([]),
        "action-publish": "action-publish",
    }
    data.update(overrides)
    return nested_form_data(data)
