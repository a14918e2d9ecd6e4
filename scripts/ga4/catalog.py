"""Dimensions and metrics the GA4 test server knows, with the types and descriptions getMetadata reports.

Names, types and descriptions follow the Data API's API-schema page and getMetadata output. Each metric
says how the generated dataset computes it: `sum` metrics are summed over the generated facts, `ratio`
metrics are computed from sums (as GA computes its own ratios)."""

DIMENSIONS = {
    "date": ("Date", "Time", "The date of the event, formatted as YYYYMMDD."),
    "hostName": ("Hostname", "Page / Screen", "Includes the subdomain and domain names of a URL."),
    "pagePath": ("Page path", "Page / Screen", "The portion of the URL between the hostname and query string for web pages visited."),
    "pageTitle": ("Page title", "Page / Screen", "The web page titles used on your site."),
    "sessionSource": ("Session source", "Traffic Source", "The source that initiated a session on your website or app."),
    "sessionMedium": ("Session medium", "Traffic Source", "The medium that initiated a session on your website or app."),
    "sessionCampaignName": ("Session campaign", "Traffic Source", "The marketing campaign name for a session."),
    "deviceCategory": ("Device category", "Platform / Device", "The type of device: Desktop, Tablet, or Mobile."),
    "country": ("Country", "Geography", "The country from which the user activity originated."),
}

# name: (uiName, type, category, kind, definition)
#   kind "sum": the fact column of that name summed; kind "ratio": (numerator, denominator) of sums.
METRICS = {
    "sessions": ("Sessions", "TYPE_INTEGER", "Session", "sum", None),
    "engagedSessions": ("Engaged sessions", "TYPE_INTEGER", "Session", "sum", None),
    "totalUsers": ("Total users", "TYPE_INTEGER", "User", "sum", None),
    "activeUsers": ("Active users", "TYPE_INTEGER", "User", "sum", None),
    "newUsers": ("New users", "TYPE_INTEGER", "User", "sum", None),
    "screenPageViews": ("Views", "TYPE_INTEGER", "Page / Screen", "sum", None),
    "eventCount": ("Event count", "TYPE_INTEGER", "Event", "sum", None),
    "keyEvents": ("Key events", "TYPE_FLOAT", "Event", "sum", None),
    "userEngagementDuration": ("User engagement", "TYPE_SECONDS", "User", "sum", None),
    "purchaseRevenue": ("Purchase revenue", "TYPE_CURRENCY", "Revenue", "sum", None),
    "averageSessionDuration": ("Average session duration", "TYPE_SECONDS", "Session", "ratio", ("userEngagementDuration", "sessions")),
    "engagementRate": ("Engagement rate", "TYPE_FLOAT", "Session", "ratio", ("engagedSessions", "sessions")),
    "screenPageViewsPerSession": ("Views per session", "TYPE_FLOAT", "Page / Screen", "ratio", ("screenPageViews", "sessions")),
    "sessionsPerUser": ("Sessions per user", "TYPE_FLOAT", "Session", "ratio", ("sessions", "activeUsers")),
}

METRIC_DESCRIPTIONS = {
    "sessionsPerUser": "The average number of sessions per user (Sessions divided by Active Users).",
    "screenPageViewsPerSession": "The number of app screens or web pages your users viewed per session. (screen_view + page_view events) / sessions.",
    "sessions": "The number of sessions that began on your site or app (event triggered: session_start).",
}

SUM_COLUMNS = [name for name, spec in METRICS.items() if spec[3] == "sum"]


def metadata(property_id):
    """The getMetadata response for a property, in the API's JSON shape."""
    return {
        "name": f"properties/{property_id}/metadata",
        "dimensions": [
            {"apiName": name, "uiName": ui, "description": description, "category": category}
            for name, (ui, category, description) in DIMENSIONS.items()
        ],
        "metrics": [
            {
                "apiName": name,
                "uiName": ui,
                "description": METRIC_DESCRIPTIONS.get(name, f"{ui}."),
                "type": metric_type,
                "category": category,
            }
            for name, (ui, metric_type, category, _, _) in METRICS.items()
        ],
    }
