{# Funnel position of a lifecycle stage (1 = acquired ... 6 = advocate, 7 = churned), for sorting in BI. #}
{% macro lifecycle_stage_order(stage) -%}
    case {{ stage }}
        when 'acquired' then 1
        when 'attracted' then 2
        when 'registered' then 3
        when 'engaged' then 4
        when 'retained' then 5
        when 'advocate' then 6
        when 'churned' then 7
    end
{%- endmacro %}
