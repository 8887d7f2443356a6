{#
    Incremental runs of int_lifecycle__person_stages (stage spells, README: Daily runs) rebuild every month
    from the earlier of the first reopened month (lifecycle_reopened_from) and the month after the last one
    the table holds (a run after days without one rebuilds the months it missed).
#}
{% macro lifecycle_spells_rebuilt_from() -%}
    {%- set reopened = lifecycle_reopened_from('int_lifecycle__history_months', 'evaluated_at', false) %}
    (
        select least({{ reopened }}, coalesce(max(valid_to), {{ reopened }}))
        from {{ this }}
    )
{%- endmacro %}


{# Pre-hook: drop the spells that start in a rebuilt month (nothing on a full build). #}
{% macro lifecycle_delete_rebuilt_spells() -%}
    {%- if lifecycle_is_incremental() -%}
    delete from {{ this }}
    where valid_from >= {{ lifecycle_spells_rebuilt_from() }}
    {%- endif -%}
{%- endmacro %}
