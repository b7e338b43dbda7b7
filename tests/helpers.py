"""Helpers for tests that drive the site through Django's test client."""


def page(client, url):
    """The status and the HTML of a page, as a reader's browser gets them."""
    response = client.get(url)
    return response.status_code, response.content.decode()

