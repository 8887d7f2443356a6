{#
    A double rounded half up to `digits` decimals, as a double, computed the same way on every engine:
    floor(x * 10^digits + 0.5) / 10^digits in double arithmetic. The engines' own round() disagree on values
    a hair below a half (DuckDB rounds the double, PostgreSQL and Spark its decimal text: 0.3495115 went
    down on one, up on the others), and rankings compare rounded scores so that sums differing in their
    last bits (summation order) still rank alike.
#}
{% macro lifecycle_round(expr, digits) -%}
    {%- set scale = 'cast(' ~ (10 ** digits) ~ ' as ' ~ customer_lifecycle.lifecycle_type_double() ~ ')' -%}
    cast(floor(({{ expr }}) * {{ scale }} + 0.5) as {{ customer_lifecycle.lifecycle_type_double() }}) / {{ scale }}
{%- endmacro %}
