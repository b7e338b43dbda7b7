"""Small read-only columns shared by the desk's admin pages."""

from django.contrib import admin

from articles import printstyle


def desk_time_column(name, description, *, ordering=None):
    """A read-only time on the desk's pages in house style ("Dec. 5, 8:58 AM"), not Django's default."""

    @admin.display(description=description, ordering=ordering)
    def show(self, obj):
        value = getattr(obj, name, None)
        return printstyle.ap_month_day_time(value) if value else "—"

    return show
