{# Fails when the model/source is empty (an empty input would make every mart silently empty). #}
{% test lifecycle_has_rows(model) %}
    select count(*) as row_count
    from {{ model }}
    having count(*) = 0
{% endtest %}
