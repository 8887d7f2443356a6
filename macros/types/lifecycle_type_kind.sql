{#
    How a raw column of type `data_type` (as the adapter names it, see lifecycle_input_types) can be read
    without a round trip through text: 'timestamp', 'timestamptz', 'date', 'integer', 'double' or 'decimal'.
    Anything else is 'text' and parsed from its text as before: text itself, unknown types, 4-byte floats
    (their text is the decimal the user typed, their double value is not: 0.1 would become 0.10000000149),
    128-bit integers and decimals whose text can exceed the 30 characters lifecycle_safe_number accepts.
#}
{% macro lifecycle_type_kind(data_type) %}
    {%- set t = (data_type or '') | lower | trim -%}
    {%- set decimal = modules.re.match('^(decimal|numeric)[(]([0-9]+), *([0-9]+)[)]$', t) -%}
    {%- if t in ['timestamp with time zone', 'timestamptz'] -%}
        {{ return('timestamptz') }}
    {%- elif modules.re.match('^(timestamp([(][0-9][)])?( without time zone)?|datetime|timestamp_(ntz|s|ms|ns))$', t) -%}
        {{ return('timestamp') }}
    {%- elif t == 'date' -%}
        {{ return('date') }}
    {%- elif t in ['tinyint', 'smallint', 'integer', 'int', 'bigint', 'int2', 'int4', 'int8',
                   'utinyint', 'usmallint', 'uinteger', 'ubigint'] -%}
        {{ return('integer') }}
    {%- elif t in ['double', 'double precision', 'float8'] -%}
        {{ return('double') }}
    {%- elif decimal and decimal.group(2) | int + 2 <= 30 -%}
        {{ return('decimal') }}
    {%- else -%}
        {{ return('text') }}
    {%- endif -%}
{% endmacro %}
