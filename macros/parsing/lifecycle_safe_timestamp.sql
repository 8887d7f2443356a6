{#
    Text or typed value -> UTC timestamp (seconds precision), or null when it is not one.
    Accepted, whole text only (trailing garbage makes it null):
      - `YYYY-MM-DD`, `YYYY-MM-DD HH:MM[:SS[.ffffff]]` (space or T): taken as UTC;
      - the same followed by a UTC offset `Z`, `+HH`, `+HH:MM` or `+HHMM` (a space before it is allowed):
        converted to UTC. A `timestamptz` column reads as text with its offset, so it converts to the
        same instant whatever the machine's or the session's time zone;
      - epoch integers: up to 10 digits are seconds, 11 to 13 digits milliseconds (since 1970-01-01 UTC).
    The regex plus the days-in-month check reject what PostgreSQL would otherwise throw on
    (`2025-13-45 25:61:00`, `2025-02-30`) or silently accept (`yesterday`, `now`, `epoch`).
    Nested CASEs (not AND) because only CASE guarantees evaluation order.
    A column already of a timestamp or date type (`data_type`, see lifecycle_type_kind) skips the text:
    truncated to seconds, a timestamptz converted to UTC. Values outside years 1 to 9999 (infinity, BC)
    still go through the text, so they get the same null as before.
#}
{% macro lifecycle_safe_timestamp(expr, data_type=none) %}
    {%- set from_text = adapter.dispatch('lifecycle_safe_timestamp', 'customer_lifecycle')(expr) -%}
    {%- set kind = customer_lifecycle.lifecycle_type_kind(data_type) -%}
    {%- if kind not in ['timestamp', 'timestamptz', 'date'] -%}
        {{ return(from_text) }}
    {%- endif -%}
    {%- set utc = '(' ~ expr ~ " at time zone 'UTC')" if kind == 'timestamptz'
        else 'cast(' ~ expr ~ ' as timestamp)' -%}
    {%- set typed -%}
        case
            when {{ utc }} >= cast('0001-01-01 00:00:00' as timestamp)
                and {{ utc }} <= cast('9999-12-31 23:59:59' as timestamp)
                then {{ dbt.date_trunc('second', utc) }}
            else {{ from_text }}
        end
    {%- endset -%}
    {{ return('cast(' ~ typed ~ ' as timestamp)') }}
{% endmacro %}

{% macro default__lifecycle_safe_timestamp(expr) %}
    {%- set txt = customer_lifecycle.lifecycle_clean_text(expr) -%}
    {#- offsets of old dates can carry seconds (`-04:56:02`, local mean time): they are ignored -#}
    {%- set offset_pattern = '([+-](0[0-9]|1[0-4])(:?[0-5][0-9](:[0-5][0-9])?)?|Z)' -%}
    {%- set pattern = '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])'
        ~ '([ T]([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9]([.][0-9]+)?)? ?' ~ offset_pattern ~ '?)?$' -%}
    {#- the offset, once the whole text is known to match: only after a time of day -#}
    {%- set offset = customer_lifecycle.lifecycle_regex_extract(txt, '([+-][0-9:]+|Z)$') -%}
    {%- set offset_minutes -%}
        case
            when length({{ txt }}) = 10 or {{ offset }} is null or {{ offset }} = 'Z' then 0
            else
                (case when substring({{ offset }}, 1, 1) = '-' then -1 else 1 end)
                * (cast(substring({{ offset }}, 2, 2) as integer) * 60
                   + case
                         when length({{ offset }}) = 3 then 0
                         when substring({{ offset }}, 4, 1) = ':' then cast(substring({{ offset }}, 5, 2) as integer)
                         else cast(substring({{ offset }}, 4, 2) as integer)
                     end)
        end
    {%- endset -%}
    {#- date and time of day as `YYYY-MM-DD HH:MM:SS` -#}
    {%- set local_text -%}
        case
            when length({{ txt }}) = 10 then {{ txt }} || ' 00:00:00'
            when substring({{ txt }}, 17, 1) = ':' then substring({{ txt }}, 1, 10) || ' ' || substring({{ txt }}, 12, 8)
            else substring({{ txt }}, 1, 10) || ' ' || substring({{ txt }}, 12, 5) || ':00'
        end
    {%- endset -%}
    cast(case
        when {{ customer_lifecycle.lifecycle_regex_matches(txt, '^[0-9]{1,10}$') }} then
            {{ customer_lifecycle.lifecycle_from_epoch_seconds('cast(' ~ txt ~ ' as bigint)') }}
        when {{ customer_lifecycle.lifecycle_regex_matches(txt, '^[0-9]{11,13}$') }} then
            {{ customer_lifecycle.lifecycle_from_epoch_seconds(
                'cast(substring(' ~ txt ~ ', 1, length(' ~ txt ~ ') - 3) as bigint)'
            ) }}
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
                then {{ dbt.dateadd(
                    'minute',
                    '-1 * (' ~ offset_minutes ~ ')',
                    customer_lifecycle.lifecycle_try_cast(local_text, 'timestamp')
                ) }}
            end
    end as timestamp)
{%- endmacro %}
