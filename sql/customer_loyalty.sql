-- Loyalty: web engagement per user joined with the CRM table. The engagement score weights activity (events,
-- sessions, engaged minutes); loyalty interactions are the loyalty programme's events; the loyalty rate is their
-- share of all events; the average rating comes from the CRM.
WITH engagement AS (
    SELECT
        user_id,
        count(*) AS events,
        count(DISTINCT session_id) AS sessions,
        coalesce(sum(duration_ms), 0) / 60000.0 AS engaged_minutes,
        count_if(event_type IN ('loyalty_signup', 'loyalty_redeem', 'loyalty_view', 'review')) AS loyalty_interactions
    FROM clickstream_events
    WHERE year = '2024' AND month = '01' AND user_id NOT LIKE 'anon-%'
    GROUP BY user_id
)
SELECT
    e.user_id,
    c.loyalty_tier,
    e.sessions,
    e.events,
    round(e.events * 1.0 + e.sessions * 5.0 + e.engaged_minutes * 0.5, 2) AS engagement_score,
    e.loyalty_interactions,
    round(CAST(e.loyalty_interactions AS double) / e.events, 4) AS loyalty_rate,
    round(c.average_rating, 2) AS average_rating
FROM engagement AS e
JOIN crm_customers AS c ON c.user_id = e.user_id
ORDER BY engagement_score DESC, e.user_id
