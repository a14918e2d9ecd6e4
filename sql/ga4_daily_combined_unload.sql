-- The seed's scheduled Redshift step: rebuild the last three days of the combined GA4 table from the tables the
-- sample registration (events/eventbridge-register-data-flow.json) fills, then UNLOAD them to the application
-- account's bucket, where MySQLUpsert loads them. One statement per line: template.yaml inlines these lines in the
-- EventBridge Scheduler target (scripts/appflow/check_scheduled_sql.py checks they are the same and parse).
-- ${ApplicationBucketName} and ${RedshiftUnloadRoleArn} are filled in by CloudFormation.
CREATE TABLE IF NOT EXISTS ga4.daily_combined (date DATE, country VARCHAR(256), sessions BIGINT, total_users BIGINT, screen_page_views BIGINT, engagement_rate DOUBLE PRECISION, purchase_revenue DECIMAL(20,4));
DELETE FROM ga4.daily_combined WHERE date >= DATEADD(day, -3, CURRENT_DATE);
INSERT INTO ga4.daily_combined SELECT s.date, s.country, SUM(s.sessions), SUM(s.total_users), SUM(s.screen_page_views), SUM(s.engagement_rate * s.sessions) / NULLIF(SUM(s.sessions), 0), SUM(s.purchase_revenue) FROM ga4.sessions_daily AS s WHERE s.date >= DATEADD(day, -3, CURRENT_DATE) GROUP BY s.date, s.country;
UNLOAD ('SELECT date, country, sessions, total_users, screen_page_views, engagement_rate, purchase_revenue FROM ga4.daily_combined WHERE date >= DATEADD(day, -3, CURRENT_DATE)') TO 's3://${ApplicationBucketName}/unload/ga4_daily_combined/' IAM_ROLE '${RedshiftUnloadRoleArn}' DELIMITER '|' ESCAPE GZIP ALLOWOVERWRITE MANIFEST;
