{#
    Text or typed value -> timestamp, or null when it is not a real calendar timestamp.
    Accepts `YYYY-MM-DD`, `YYYY-MM-DD HH:MM[:SS[.ffffff]]` (space or T), optional UTC offset.
    The regex plus the days-in-month check reject what PostgreSQL would otherwise throw on
    (`2025-13-45 25:61:00`, `2025-02-30`) or silently accept (`yesterday`, `now`, `epoch`).
    Nested CASEs (not AND) because only CASE guarantees evaluation order.
#}
{% macro lifecycle_safe_timestamp(expr) %}
    {{ return(adapter.dispatch('lifecycle_safe_timestamp', 'customer_lifecycle')(expr)) }}
{% endmacro %}

{% macro default__lifecycle_safe_timestamp(expr) %}
    {%- set txt = customer_lifecycle.lifecycle_clean_text(expr) -%}
    {%- set pattern = '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])([ T]([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\\.[0-9]+)?)?)?([+-][0-9]{2}(:?[0-9]{2})?|Z)?$' -%}
    case
        when {{ customer_lifecycle.lifecycle_regex_matches(txt, pattern) }} then
            case
                when cast(substring({{ txt }}, 9, 2) as integer) <= case
                        when cast(substring({{ txt }}, 6, 2) as integer) in (4, 6, 9, 11) then 30
                        when cast(substring({{ txt }}, 6, 2) as integer) = 2 then
                            case
                                when mod(cast(substring({{ txt }}, 1, 4) as integer), 400) = 0 then 29
                                when mod(cast(substring({{ txt }}, 1, 4) as integer), 100) = 0 then 28
                                when mod(cast(substring({{ txt }}, 1, 4) as integer), 4) = 0 then 29
                                else 28
                            end
                        else 31
                    end
                then {{ customer_lifecycle.lifecycle_try_cast('substring(' ~ txt ~ ', 1, 19)', 'timestamp') }}
            end
    end
{%- endmacro %}

{# DuckDB: the regex inside a filter is slow on tens of millions of events; try_strptime
   validates the calendar itself. The leading-digit guard rejects `epoch` / `infinity`, which
   try_strptime would accept; fractions and offsets are cut off as in the default. #}
{% macro duckdb__lifecycle_safe_timestamp(expr) %}
    {%- set txt = customer_lifecycle.lifecycle_clean_text(expr) -%}
    try_strptime(
        case when substring({{ txt }}, 1, 1) between '0' and '9' then substring({{ txt }}, 1, 19) end,
        ['%Y-%m-%d %H:%M:%S', '%Y-%m-%dT%H:%M:%S', '%Y-%m-%d %H:%M', '%Y-%m-%dT%H:%M', '%Y-%m-%d']
    )
{%- endmacro %}
