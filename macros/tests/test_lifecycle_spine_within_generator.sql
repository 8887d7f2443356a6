{#
    A date spine built on lifecycle_integers(digits) has at most 10^digits rows; one that needs them all
    may have been cut short. Rather than a silently truncated history, stop with one line saying what
    to change.
#}
{% test lifecycle_spine_within_generator(model, digits, hint) %}
    {%- if execute -%}
        {%- set rows = run_query('select count(*) from ' ~ model).columns[0].values()[0] -%}
        {%- if rows >= 10 ** digits -%}
            {{ exceptions.raise_compiler_error(
                "customer_lifecycle: " ~ model.identifier ~ " would need more than its generator's "
                ~ 10 ** digits ~ " rows (lifecycle_integers(" ~ digits ~ ")), so it would be truncated; " ~ hint
            ) }}
        {%- endif -%}
    {%- endif -%}
    select 1 as no_failure where 1 = 0
{% endtest %}
