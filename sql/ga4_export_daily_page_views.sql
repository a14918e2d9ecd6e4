-- Page views and viewing users per page, property and day, from the GA4 BigQuery export table. Duplicate export
-- rows (equal event_key) count once. Add a partition filter (dt = 'YYYY-MM-DD') to scan only the days you need.
SELECT
    property_id,
    dt,
    page_location,
    count(DISTINCT event_key) AS page_views,
    count(DISTINCT user_pseudo_id) AS users
FROM export_events
WHERE event_name = 'page_view'
GROUP BY property_id, dt, page_location
ORDER BY property_id, dt, page_views DESC, page_location
