"""Reading pages through the front cache as visitors do: filling it, and waiting out a soft purge."""

from tests.harness.polling import wait_until


def fill(varnish, addresses):
    """Request every address twice: the second answer must come from the cache."""
    for address in addresses:
        varnish.get(address)
        status, headers, _ = varnish.get(address)
        assert status == 200, address
        assert headers["X-Cache"] == "hit", f"{address} was not cached: {headers['X-Cache']}"


def body(varnish, address):
    status, _, text = varnish.get(address)
    assert status == 200, f"{address}: {status}"
    return text


def shows(varnish, address, text, *, present=True):
    """Whether ``address`` shows ``text`` (or, with ``present=False``, no longer does) within 10 s: after
    a soft purge the first answer may be the previous copy while Varnish refreshes it."""
    return wait_until(
        lambda: (text in body(varnish, address)) == present, timeout=10, interval=0.05,
        waiting_for=f"{address} to {'show' if present else 'drop'} {text!r}",
    )


def publish(page):
    page.save_revision().publish()
