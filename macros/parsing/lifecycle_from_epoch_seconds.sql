{#
    Whole seconds since 1970-01-01 UTC (a bigint) -> timestamp, the same on every engine.
    Added as whole days plus the seconds of the day: Spark's dateadd casts its interval to int, so
    seconds past 2^31 (2038-01-19) would overflow; days and seconds of a day never do.
#}
{% macro lifecycle_from_epoch_seconds(seconds) %}
    {%- set days = 'cast(floor(' ~ seconds ~ ' / 86400) as bigint)' -%}
    {%- set epoch = "cast('1970-01-01 00:00:00' as timestamp)" -%}
    {{ dbt.dateadd('second', 'mod(' ~ seconds ~ ', 86400)', dbt.dateadd('day', days, epoch)) }}
{%- endmacro %}
