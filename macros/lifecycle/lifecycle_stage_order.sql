{# Funnel position of a lifecycle stage (1 = acquired ... 6 = advocate, 7 = churned; lifecycle_stages()),
   for sorting in BI. #}
{% macro lifecycle_stage_order(stage) -%}
    case {{ stage }}
    {%- for name in customer_lifecycle.lifecycle_stages() %}
        when '{{ name }}' then {{ loop.index }}
    {%- endfor %}
    end
{%- endmacro %}
