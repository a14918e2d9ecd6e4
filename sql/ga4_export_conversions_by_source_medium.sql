-- Conversions (purchase, generate_lead, sign_up) by the session's last-click source and medium, per property and
-- day, from the GA4 BigQuery export table, with converting users and purchase revenue in USD. Duplicate export rows
-- (equal event_key) count once. Edit the event list to your property's key events; add a partition filter
-- (dt = 'YYYY-MM-DD') to scan only the days you need.
WITH conversions AS (
    SELECT DISTINCT
        event_key,
        property_id,
        dt,
        coalesce(session_traffic_source_last_click.manual_campaign.source, '(not set)') AS session_source,
        coalesce(session_traffic_source_last_click.manual_campaign.medium, '(not set)') AS session_medium,
        event_name,
        user_pseudo_id,
        ecommerce.purchase_revenue_in_usd AS revenue
    FROM export_events
    WHERE event_name IN ('purchase', 'generate_lead', 'sign_up')
)
SELECT
    property_id,
    dt,
    session_source,
    session_medium,
    event_name AS conversion_event,
    count(*) AS conversions,
    count(DISTINCT user_pseudo_id) AS converting_users,
    round(coalesce(sum(revenue), 0), 2) AS purchase_revenue_in_usd
FROM conversions
GROUP BY property_id, dt, session_source, session_medium, event_name
ORDER BY property_id, dt, conversions DESC, session_source, session_medium, conversion_event
