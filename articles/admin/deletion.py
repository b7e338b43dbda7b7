"""Delete pages for the reference lists (sections, authors, datelines, tags) that stay readable at any size.

Django's delete page collects every row a deletion would touch and lists each
one. At a million stories the busiest tag is on 203,174 of them: collecting
took 4 s and the page weighed 13 MB, one line per story-tag link; an author
with 200,939 bylines gave a 7 MB list of the bylines that protect them.
Here the rows each relation holds are counted (one COUNT per relation,
through its index); past LISTED rows the page says how many, not which.
Small deletions keep Django's own itemised page.

Only direct relations are counted: none of these models has a cascade that
reaches further (a tag's links, an author's links; stories protect sections,
datelines and authors).
"""

from django.contrib.admin.utils import get_deleted_objects
from django.db import models
from django.utils.html import format_html
from django.utils.text import capfirst

LISTED = 100


def counted_relations(model, objs):
    """(label, number of rows, on_delete) for each relation whose rows deleting `objs` would touch or be stopped by."""
    found = []
    for relation in model._meta.related_objects:
        if relation.many_to_many:
            through = relation.through
            field = next(f for f in through._meta.fields if f.is_relation and f.related_model is model)
            rows, on_delete = through.objects.filter(**{f"{field.name}__in": objs}), models.CASCADE
            label = through._meta.verbose_name_plural
        else:
            rows = relation.related_model._default_manager.filter(**{f"{relation.field.name}__in": objs})
            on_delete, label = relation.on_delete, relation.related_model._meta.verbose_name_plural
        if on_delete in (models.SET_NULL, models.SET_DEFAULT, models.DO_NOTHING):
            continue  # nothing is deleted or stopped: those rows only lose the link
        found.append((relation, str(label), rows.count(), on_delete))
    return found


class CountedDeletionMixin:
    def get_deleted_objects(self, objs, request):
        objs = list(objs)
        relations = counted_relations(self.model, objs)
        if sum(count for _, _, count, _ in relations) <= LISTED:
            return get_deleted_objects(objs, request, self.admin_site)
        opts = self.model._meta
        deleted = [format_html("{}: {}", capfirst(opts.verbose_name), obj) for obj in objs]
        model_count = {opts.verbose_name_plural: len(objs)}
        perms_needed, protected = set(), []
        for relation, label, count, on_delete in relations:
            if not count:
                continue
            if on_delete in (models.PROTECT, models.RESTRICT):
                protected.append(format_html("{} {}", f"{count:,}", label))
                continue
            model_count[label] = count
            deleted.append(format_html("{} {}", f"{count:,}", label))
            related = relation.through if relation.many_to_many else relation.related_model
            codename = f"{related._meta.app_label}.delete_{related._meta.model_name}"
            if not related._meta.auto_created and not request.user.has_perm(codename):
                perms_needed.add(related._meta.verbose_name)
        return deleted, model_count, perms_needed, protected
