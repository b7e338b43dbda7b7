'use strict';
// The photo picker (articles/admin/pickers.py): Django's autocomplete, with
// each photo drawn as its thumbnail rendition, title, caption start and credit.
{
    const $ = django.jQuery;

    // A search result carries thumb, caption and credit (pickers.py); the chosen photo of a saved
    // story carries them on its <option> as data-thumb, data-caption and data-credit.
    function details(item) {
        const data = item.element ? item.element.dataset : {};
        return {
            thumb: item.thumb !== undefined ? item.thumb : data.thumb,
            caption: item.caption !== undefined ? item.caption : data.caption,
            credit: item.credit !== undefined ? item.credit : data.credit
        };
    }

    function line(className, text) {
        const span = document.createElement('span');
        span.className = className;
        span.textContent = text;
        span.title = text;
        return span;
    }

    function withThumbnail(item) {
        if (!item.id) {
            return item.text;  // "Searching…", the placeholder and the like
        }
        const {thumb, caption, credit} = details(item);
        const row = document.createElement('span');
        row.className = 'photo-picker-result';
        if (thumb) {
            const img = document.createElement('img');
            img.src = thumb;
            img.alt = '';
            img.width = 96;
            img.height = 54;
            img.loading = 'lazy';
            row.append(img);
        }
        const text = document.createElement('span');
        text.className = 'photo-picker-text';
        text.append(line('photo-picker-title', item.text));
        if (caption) {
            text.append(line('photo-picker-caption', caption));
        }
        if (credit) {
            text.append(line('photo-picker-credit', credit));
        }
        row.append(text);
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
            templateResult: withThumbnail,
            templateSelection: withThumbnail,
            width: '100%'
        });
    }

    $(function() {
        $('.photo-picker').not('[name*=__prefix__]').each((i, element) => setUp(element));
    });

    document.addEventListener('formset:added', (event) => {
        $(event.target).find('.photo-picker').each((i, element) => setUp(element));
    });
}
