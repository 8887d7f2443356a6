{#
    Named segment of an (R, F) score pair (1-5, 5 = best). Every one of the 25 cells maps to
    exactly one of 10 segments (tests/assert_rf_segment_map_complete.sql):

              F=1             F=2                 F=3                 F=4         F=5
        R=5   new             potential_loyalist  potential_loyalist  champions   champions
        R=4   promising       potential_loyalist  potential_loyalist  loyal       loyal
        R=3   about_to_sleep  about_to_sleep      need_attention      loyal       loyal
        R=2   hibernating     hibernating         at_risk             at_risk     cant_lose
        R=1   hibernating     hibernating         at_risk             at_risk     cant_lose
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
