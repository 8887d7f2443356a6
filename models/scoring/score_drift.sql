-- Population stability index (PSI) of every score and feature: the deployed models' training snapshots
-- (reference) against the current scoring population (the as-of snapshot). Bins are the reference's
-- deciles; a bin empty on one side counts as a share of 0.0001 so the log stays finite.
-- Reference (var lifecycle_drift_reference): `latest` (default) = the newest training snapshot; `all` =
-- every training snapshot pooled. Pooling mixes years of a growing shop, so age-like features
-- (tenure_days, lt_t) drift by construction; the newest training population is the fair comparison.
-- Drift warns by default (var lifecycle_drift_severity: error makes PSI above lifecycle_psi_error fail the build);
-- clock features (var lifecycle_drift_warn_only) grow with the shop's age whatever happens: they only ever warn.
-- Models trained elsewhere (the shipped defaults, until this project trains) have no reference population
-- here: no rows.
{%- set window = deployment() %}
{%- set warn_only = lifecycle_var('lifecycle_drift_warn_only') %}
{%- set pooled = lifecycle_var('lifecycle_drift_reference') == 'all' %}
{%- set reference_start = window.first_training_snapshot if pooled else window.last_training_snapshot %}
{%- set features = window['features'] %}
{%- set scores = ['churn_probability', 'churn_probability_tree', 'predicted_value_h', 'expected_value_h'] %}
with

populations as (

    select
        s.*,
        {%- for column in features %}
        f.{{ adapter.quote(column) }},
        {%- endfor %}
        case
            when s.snapshot_date = (
                    select max(latest.snapshot_date) from {{ ref('customer_lifecycle', 'customer_features') }} as latest
                ) then 'current'
            else 'reference'
        end as population
    from {{ ref('customer_lifecycle', 'scored_snapshots') }} as s
    inner join {{ ref('customer_lifecycle', 'customer_features') }} as f
        on s.customer_id = f.customer_id and s.snapshot_date = f.snapshot_date
    where
        (
            {{ 'true' if lifecycle_trained_here() else 'false' }}
            and s.snapshot_date
            between cast('{{ reference_start }}' as date) and cast('{{ window.last_training_snapshot }}' as date)
        )
        or s.snapshot_date = (
            select max(latest.snapshot_date) from {{ ref('customer_lifecycle', 'customer_features') }} as latest
        )

),

variables as (

    {%- for column in scores + features %}
    select
        '{{ column }}' as variable,
        '{{ "score" if column in scores else "feature" }}' as kind
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}

),

-- one scan of populations, unpivoted by a join: a union of one select per variable would copy the whole scoring
-- plan (BG/NBD's series included) once per variable, and Spark's analyzer runs out of memory on the copies
long as (

    select
        populations.population,
        variables.variable,
        variables.kind,
        case variables.variable
            {%- for column in scores + features %}
            when '{{ column }}' then cast(populations.{{ adapter.quote(column) }} as {{ lifecycle_type_double() }})
            {%- endfor %}
        end as value
    from populations
    cross join variables

),

reference_deciles as (

    select
        variable,
        value,
        ntile(10) over (partition by variable order by value) as decile
    from long
    where population = 'reference'

),

-- distinct upper edges; the top bin is open so current values above the reference still land somewhere
edges as (

    select
        variable,
        max(value) as upper_edge
    from reference_deciles
    group by variable, decile

),

bins as (

    select
        variable,
        lag(upper_edge) over (partition by variable order by upper_edge) as lower_edge,
        case when upper_edge = max(upper_edge) over (partition by variable) then null else upper_edge end as upper_edge
    from (
        select distinct
            variable,
            upper_edge
        from edges
    ) as distinct_edges

),

counts as (

    select
        long.variable,
        long.kind,
        bins.lower_edge,
        sum(case when long.population = 'reference' then 1 else 0 end) as reference_rows,
        sum(case when long.population = 'current' then 1 else 0 end) as current_rows
    from long
    inner join bins
        on long.variable = bins.variable
        and (bins.lower_edge is null or long.value > bins.lower_edge)
        and (bins.upper_edge is null or long.value <= bins.upper_edge)
    group by long.variable, long.kind, bins.lower_edge

),

shares as (

    -- double division: `n * 1.0 / m` stays DECIMAL on Spark and PostgreSQL (Spark rounds it to 6 places)
    select
        variable,
        kind,
        greatest(
            {{ lifecycle_safe_divide('reference_rows', 'sum(reference_rows) over (partition by variable)') }}, 0.0001
        ) as reference_share,
        greatest(
            {{ lifecycle_safe_divide('current_rows', 'sum(current_rows) over (partition by variable)') }}, 0.0001
        ) as current_share
    from counts

),

psi as (

    select
        variable,
        kind,
        sum((current_share - reference_share) * ln(current_share / reference_share)) as psi,
        count(*) as bins
    from shares
    group by variable, kind

),

final as (

    select
        variable,
        kind,
        psi,
        case
            when psi > {{ lifecycle_var('lifecycle_psi_error') }} then 'significant'
            when psi > {{ lifecycle_var('lifecycle_psi_warn') }} then 'moderate'
            else 'none'
        end as drift_level,
        bins,
        variable in ('{{ warn_only | join("', '") }}')
            as warn_only,
        -- the bands the tests apply, so readers of this table (the report) draw the same lines
        cast({{ lifecycle_var('lifecycle_psi_warn') }} as {{ lifecycle_type_double() }}) as psi_warn,
        cast({{ lifecycle_var('lifecycle_psi_error') }} as {{ lifecycle_type_double() }}) as psi_error,
        cast('{{ reference_start }}' as date) as reference_first_snapshot,
        cast('{{ window.last_training_snapshot }}' as date) as reference_last_snapshot
    from psi

)

select * from final
