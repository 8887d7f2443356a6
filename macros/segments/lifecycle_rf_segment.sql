{#
    Named segment for an R score and an F score (1-5, 5 = best). Complete map of the
    25 cells, each in exactly one segment (classic RFM grid):
        F:        1               2-3                 4-5
        R 5    new             potential_loyalist  champions
        R 4    promising       potential_loyalist  loyal
        R 3    about_to_sleep  (F2) about_to_sleep, (F3) need_attention   loyal
        R 1-2  hibernating     (F2) hibernating, (F3) at_risk  (F4) at_risk, (F5) cant_lose
#}
{% macro lifecycle_rf_segment(r_score, f_score) -%}
    case
        when {{ r_score }} = 5 and {{ f_score }} >= 4 then 'champions'
        when {{ r_score }} = 5 and {{ f_score }} = 1 then 'new'
        when {{ r_score }} >= 4 and {{ f_score }} between 2 and 3 then 'potential_loyalist'
        when {{ r_score }} = 4 and {{ f_score }} = 1 then 'promising'
        when {{ r_score }} between 3 and 4 and {{ f_score }} >= 4 then 'loyal'
        when {{ r_score }} = 3 and {{ f_score }} = 3 then 'need_attention'
        when {{ r_score }} = 3 and {{ f_score }} <= 2 then 'about_to_sleep'
        when {{ r_score }} <= 2 and {{ f_score }} = 5 then 'cant_lose'
        when {{ r_score }} <= 2 and {{ f_score }} between 3 and 4 then 'at_risk'
        when {{ r_score }} <= 2 and {{ f_score }} <= 2 then 'hibernating'
    end
{%- endmacro %}
