{#
    Every var this package reads, checked before any of it reaches SQL. The rules come from the vars' one
    declaration, python/src/customer_lifecycle/vars.yml (read here through the generated
    lifecycle_var_declarations() macro, and by python/src/customer_lifecycle/var_rules.py); a bad value stops the
    build with one line naming the var, the value and what is allowed.

    lifecycle_check_vars() runs as an on-run-start hook (dbt_project.yml), so a bad var fails a build
    before any model runs; models and macros read vars through lifecycle_var(name), which applies the same rule,
    so `dbt compile` / `dbt show` never render an unchecked value either.
#}
{# Each var's rule, {name: {'kind': ..., 'help': ..., 'choices': [...]}}, in declaration order. #}
{% macro lifecycle_var_rules() %}
    {%- set declarations = customer_lifecycle.lifecycle_var_declarations() -%}
    {%- set rules = {} -%}
    {%- for name, kind in declarations['vars'].items() -%}
        {%- set rule = declarations['rules'][kind] -%}
        {%- do rules.update({name: {'kind': kind, 'choices': rule['choices'], 'help': rule['help']}}) -%}
    {%- endfor -%}
    {{ return(rules) }}
{% endmacro %}


{# The value of var `name`, normalised (dates as text, numbers as numbers), once every var obeys its rule. #}
{% macro lifecycle_var(name) %}
    {%- set rules = customer_lifecycle.lifecycle_var_rules() -%}
    {%- if name not in rules -%}
        {{ exceptions.raise_compiler_error("customer_lifecycle: var " ~ name ~ " is not declared in vars.yml") }}
    {%- endif -%}
    {%- do customer_lifecycle.lifecycle_check_vars() -%}
    {%- set value = customer_lifecycle.lifecycle_checked_value(rules[name], var(name, none)) -%}
    {%- if value is none and rules[name]['kind'] == 'boolean_or_sample_shop' -%}
        {#- null: on for this repository's sample shop (the README's commands), off for your own tables -#}
        {%- set sample_shop = customer_lifecycle.lifecycle_var('lifecycle_use_sample_shop') -%}
        {{ return(sample_shop and project_name == 'customer_lifecycle') }}
    {%- endif -%}
    {{ return(value) }}
{% endmacro %}


{# One message per var that breaks its rule (all of them, so one run shows every typo). #}
{% macro lifecycle_var_problems() %}
    {%- set problems = [] -%}
    {%- for name, rule in customer_lifecycle.lifecycle_var_rules().items() -%}
        {%- set value = var(name, none) -%}
        {%- set checked = customer_lifecycle.lifecycle_checked_value(rule, value) -%}
        {%- if checked is mapping and checked.get('invalid') -%}
            {%- set shown = (value | string | replace('\n', ' ') | replace('\r', ' '))[:80] -%}
            {%- do problems.append(
                "var " ~ name ~ " = '" ~ shown ~ "' is not allowed: expected "
                ~ rule['help']
            ) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- if not problems and var('lifecycle_risk_medium') | float > var('lifecycle_risk_high') | float -%}
        {%- do problems.append(
            "var lifecycle_risk_medium = '" ~ var('lifecycle_risk_medium')
            ~ "' is not allowed: expected a number <= lifecycle_risk_high (" ~ var('lifecycle_risk_high') ~ ")"
        ) -%}
    {%- endif -%}
    {{ return(problems) }}
{% endmacro %}


{# `value` normalised for `rule` (one of lifecycle_var_rules()), or {'invalid': true}. #}
{% macro lifecycle_checked_value(rule, value) %}
    {%- set kind = rule['kind'] -%}
    {%- set invalid = {'invalid': true} -%}
    {%- set re = modules.re -%}
    {%- set is_bool = value is sameas true or value is sameas false -%}
    {%- set text = value | string | trim -%}
    {%- if value is none and (kind.endswith('_or_null') or kind == 'boolean_or_sample_shop') -%}
        {{ return(none) }}
    {%- elif kind in ('boolean', 'boolean_or_sample_shop') -%}
        {%- if is_bool -%}{{ return(value) }}{%- endif -%}
    {%- elif kind in ('identifier', 'identifier_or_null') -%}
        {%- if value is string and re.fullmatch('[A-Za-z_][A-Za-z0-9_]{0,127}', value) -%}
            {{ return(value) }}
        {%- endif -%}
    {%- elif kind == 'identifier_list' -%}
        {%- if value is iterable and value is not string and value is not mapping -%}
            {%- for item in value -%}
                {%- if not (item is string and re.fullmatch('[A-Za-z_][A-Za-z0-9_]{0,127}', item)) -%}
                    {{ return(invalid) }}
                {%- endif -%}
            {%- endfor -%}
            {{ return(value | list) }}
        {%- endif -%}
    {%- elif kind == 'text_list' -%}
        {%- if value is iterable and value is not string and value is not mapping -%}
            {%- for item in value -%}
                {%- if not (item is string and 1 <= item | trim | length <= 40) -%}{{ return(invalid) }}{%- endif -%}
            {%- endfor -%}
            {{ return(value | list) }}
        {%- endif -%}
    {%- elif kind in ('date', 'date_or_null') -%}
        {%- if not is_bool and re.fullmatch('[0-9]{4}-[0-9]{2}-[0-9]{2}', text) -%}
            {%- set parsed = customer_lifecycle.lifecycle_parse_datetime(text, '%Y-%m-%d') -%}
            {%- if parsed -%}{{ return(text) }}{%- endif -%}
        {%- endif -%}
    {%- elif kind == 'timestamp_or_null' -%}
        {%- if not is_bool and re.fullmatch('[0-9]{4}-[0-9]{2}-[0-9]{2}( [0-9]{2}:[0-9]{2}:[0-9]{2})?', text) -%}
            {%- set format = '%Y-%m-%d %H:%M:%S' if ' ' in text else '%Y-%m-%d' -%}
            {%- set parsed = customer_lifecycle.lifecycle_parse_datetime(text, format) -%}
            {%- if parsed -%}{{ return(parsed.strftime('%Y-%m-%d %H:%M:%S')) }}{%- endif -%}
        {%- endif -%}
    {%- elif kind in ('positive_integer', 'positive_integer_or_null') -%}
        {%- if not is_bool and (value is number or value is string)
            and re.fullmatch('[0-9]{1,9}', text) and text | int >= 1 -%}
            {{ return(text | int) }}
        {%- endif -%}
    {%- elif kind in ('positive_number', 'probability') -%}
        {%- if not is_bool and (value is number or value is string)
            and re.fullmatch('[0-9]{1,15}([.][0-9]{0,15})?([eE][+-]?[0-9]{1,2})?', text) -%}
            {%- set number = text | float -%}
            {%- if (kind == 'positive_number' and number > 0) or (kind == 'probability' and number <= 1) -%}
                {{ return(number) }}
            {%- endif -%}
        {%- endif -%}
    {%- elif rule['choices'] -%}
        {%- if value is string and text | lower in rule['choices'] -%}{{ return(text | lower) }}{%- endif -%}
    {%- endif -%}
    {{ return(invalid) }}
{% endmacro %}


{# datetime.strptime that returns none instead of raising (Feb 30, month 13). #}
{% macro lifecycle_parse_datetime(text, format) %}
    {%- set year, month, day = text[:10].split('-') | map('int') -%}
    {%- set days_in_month = [31, 29 if (year % 4 == 0 and year % 100 != 0) or year % 400 == 0 else 28,
                             31, 30, 31, 30, 31, 31, 30, 31, 30, 31] -%}
    {%- if month < 1 or month > 12 or day < 1 or day > days_in_month[month - 1] -%}{{ return(none) }}{%- endif -%}
    {%- if ' ' in text -%}
        {%- set hour, minute, second = text[11:].split(':') | map('int') -%}
        {%- if hour > 23 or minute > 59 or second > 59 -%}{{ return(none) }}{%- endif -%}
    {%- endif -%}
    {{ return(modules.datetime.datetime.strptime(text, format)) }}
{% endmacro %}


{# The on-run-start hook (and the first step of lifecycle_var): stop with one line naming every bad var. #}
{% macro lifecycle_check_vars() %}
    {%- set problems = customer_lifecycle.lifecycle_var_problems() -%}
    {%- if problems -%}
        {{ exceptions.raise_compiler_error("customer_lifecycle: " ~ problems | join('; ')) }}
    {%- endif -%}
    {{ return('select 1') }}
{% endmacro %}
