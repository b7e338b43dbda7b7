'use strict';
// The photo picker (articles/admin/pickers.py): Django's autocomplete, with
// each result drawn as its thumbnail rendition, credit and title.
{
    const $ = django.jQuery;

    function withThumbnail(item) {
        if (!item.id) {
            return item.text;  // "Searching…" and the like
        }
        const row = document.createElement('span');
        row.className = 'photo-picker-result';
        if (item.thumb) {
            const img = document.createElement('img');
            img.src = item.thumb;
            img.alt = '';
            img.width = 64;
            img.height = 36;
            img.loading = 'lazy';
            row.append(img);
        }
        const label = document.createElement('span');
        label.textContent = item.credit ? `${item.text} · ${item.credit}` : item.text;
        row.append(label);
        return $(row);
    }

    function setUp(element) {
        $(element).select2({
            ajax: {
                data: (params) => ({
                    term: params.term,
                    page: params.page,
                    app_label: element.dataset.appLabel,
                    model_name: element.dataset.modelName,
                    field_name: element.dataset.fieldName
                })
            },
            templateResult: withThumbnail
        });
    }

    $(function() {
        $('.photo-picker').not('[name*=__prefix__]').each((i, element) => setUp(element));
    });

    document.addEventListener('formset:added', (event) => {
        $(event.target).find('.photo-picker').each((i, element) => setUp(element));
    });
}
