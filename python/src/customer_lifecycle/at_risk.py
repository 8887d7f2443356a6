"""The customers to call first: the biggest spenders at high churn risk who have not churned yet, as the report's
table and the `lifecycle run` summary list them (a module of its own: the summary must not import the report's
plotting stack)."""


def at_risk_sql(limit: int) -> str:
    return f"""
        select s.customer_id, s.lifecycle_stage, s.rf_segment, r.total_spend, r.recency_days,
               s.churn_probability, s.expected_value_h, s.churn_reason_1, s.churn_reason_2, s.churn_reason_3
        from customer_scores as s
        inner join customer_rfm as r on s.customer_id = r.customer_id
        where s.risk_band = 'high' and s.lifecycle_stage <> 'churned'
        order by r.total_spend desc, s.customer_id
        limit {limit}"""
