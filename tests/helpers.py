"""Helpers for tests that drive the site through Django's test client or its commands."""

import io

from django.core.management import CommandError, call_command


def page(client, url):
    """The status and the HTML of a page, as a reader's browser gets them."""
    response = client.get(url)
    return response.status_code, response.content.decode()



def run_import_ninjs(*args):
    """(succeeded, everything printed) for `manage.py import_ninjs ARGS...`, as the desk sees it."""
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_ninjs", *map(str, args), stdout=out, stderr=err)
    except CommandError as error:
        return False, out.getvalue() + err.getvalue() + str(error)
    return True, out.getvalue() + err.getvalue()
