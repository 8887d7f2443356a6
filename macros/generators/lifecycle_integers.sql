{# Relation of integers 0 .. 10^digits - 1 in column `n`, built from a VALUES-free union
   so it runs on every engine (no generate_series / range / sequence). #}
{% macro lifecycle_integers(digits=4) %}
    {%- for d in range(digits) %}
    {%- if loop.first %}
    select {% for i in range(digits) %}d{{ i }}.n{% if i > 0 %} * {{ 10 ** i }}{% endif %}{% if not loop.last %} + {% endif %}{% endfor %} as n
    from {% endif %}
        (
            {%- for v in range(10) %}
            select {{ v }} as n{% if not loop.last %} union all{% endif %}
            {%- endfor %}
        ) as d{{ d }}{% if not loop.last %}
        cross join{% endif %}
    {%- endfor %}
{% endmacro %}
