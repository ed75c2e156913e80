"""What the import and export tests share: a CSV header, good rows, and a shortcut to import."""

from history.importing import import_timeline

HEADER = "type,date,headline,kind,summary,slug,award,event_type,score,note\n"
GOOD_ROWS = (
    "milestone,2006,Oslo Cancer Cluster is founded,founding,Two men saw a cluster around the Radium Hospital.,,,,,\n"
    "milestone,2015-05,Innovation Park opens,building,The whole value chain under one roof.,,,,,\n"
    "award_event,2022-12,,,,,gold-label,renewed,94,Renewed with an overall score of 94%.\n"
)


def run(history_page, text, *, file_format="csv", dry_run=False, encoding="utf-8"):
    data = text.encode(encoding) if isinstance(text, str) else text
    return import_timeline(history_page=history_page, data=data, file_format=file_format, dry_run=dry_run)


def problems(report):
    return [str(problem) for problem in report.problems]
