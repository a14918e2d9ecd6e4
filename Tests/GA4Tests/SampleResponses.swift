/// Response bodies published by other projects, used as decoder fixtures (data, quoted with their origin).
enum SampleResponses {
    /// A `runReport` first page with typed metrics and `rowCount` larger than the rows returned; from the
    /// Airbyte GA4 connector's unit tests (`test_streams.py`, `test_parse_response`), re-serialised as JSON.
    static let airbytePage = """
        {"dimensionHeaders":[{"name":"date"},{"name":"deviceCategory"},{"name":"operatingSystem"},{"name":"browser"}],
         "metricHeaders":[{"name":"totalUsers","type":"TYPE_INTEGER"},{"name":"newUsers","type":"TYPE_INTEGER"},
          {"name":"sessions","type":"TYPE_INTEGER"},{"name":"sessionsPerUser","type":"TYPE_FLOAT"},
          {"name":"averageSessionDuration","type":"TYPE_SECONDS"},{"name":"screenPageViews","type":"TYPE_INTEGER"},
          {"name":"screenPageViewsPerSession","type":"TYPE_FLOAT"},{"name":"bounceRate","type":"TYPE_FLOAT"}],
         "rows":[
          {"dimensionValues":[{"value":"20220731"},{"value":"desktop"},{"value":"Macintosh"},{"value":"Chrome"}],
           "metricValues":[{"value":"344"},{"value":"169"},{"value":"420"},{"value":"1.2209302325581395"},
            {"value":"194.76313766428572"},{"value":"614"},{"value":"1.4619047619047618"},{"value":"0.47857142857142859"}]},
          {"dimensionValues":[{"value":"20220731"},{"value":"desktop"},{"value":"Windows"},{"value":"Chrome"}],
           "metricValues":[{"value":"322"},{"value":"211"},{"value":"387"},{"value":"1.2018633540372672"},
            {"value":"249.21595714211884"},{"value":"669"},{"value":"1.7286821705426356"},{"value":"0.42377260981912146"}]}],
         "rowCount":54,"metadata":{"currencyCode":"USD","timeZone":"America/Los_Angeles"},"kind":"analyticsData#runReport"}
        """

    /// A `runReport` answer with `totals`/`maximums`/`minimums` rows and null metadata members (a PHP proxy's
    /// artefact), tabs kept; from Google Site Kit's fixture `analytics-4/datastore/__fixtures__/page-titles.json`.
    static let siteKitPageTitles = """
        {
        \t"kind": "analyticsData#runReport",
        \t"rowCount": 3,
        \t"dimensionHeaders": [ { "name": "pagePath" }, { "name": "pageTitle" } ],
        \t"metricHeaders": [ { "name": "screenPageViews", "type": "TYPE_INTEGER" } ],
        \t"rows": [
        \t\t{ "dimensionValues": [ { "value": "/" }, { "value": "HOME" } ], "metricValues": [ { "value": "110" } ] },
        \t\t{ "dimensionValues": [ { "value": "/one/" }, { "value": "ONE" } ], "metricValues": [ { "value": "58" } ] },
        \t\t{ "dimensionValues": [ { "value": "/two/" }, { "value": "TWO" } ], "metricValues": [ { "value": "54" } ] }
        \t],
        \t"totals": [ { "dimensionValues": [ { "value": "RESERVED_TOTAL" }, { "value": "RESERVED_TOTAL" } ], "metricValues": [ { "value": "222" } ] } ],
        \t"maximums": [ { "dimensionValues": [ { "value": "RESERVED_MAX" }, { "value": "RESERVED_MAX" } ], "metricValues": [ { "value": "110" } ] } ],
        \t"minimums": [ { "dimensionValues": [ { "value": "RESERVED_MIN" }, { "value": "RESERVED_MIN" } ], "metricValues": [ { "value": "1" } ] } ],
        \t"metadata": { "currencyCode": "USD", "dataLossFromOtherRow": null, "emptyReason": null, "subjectToThresholding": null, "timeZone": "America/Los_Angeles" }
        }
        """

    /// The REST body of a 403 for a property the caller cannot read (googleapis/google-cloud-node#4780).
    static let permissionDenied = """
        {"error":{"code":403,"message":"User does not have sufficient permissions for this property. To learn more about Property ID, see https://developers.google.com/analytics/devguides/reporting/data/v1/property-id.","status":"PERMISSION_DENIED"}}
        """

    /// The incompatible-dimensions error as a client library surfaces it (googleanalytics/ga-dev-tools#2187).
    static let incompatibleGRPC = """
        {"message":"Please remove itemListClickEvents to make the request compatible for example. The request's dimensions & metrics are incompatible. To learn more, see https://ga-dev-tools.web.app/ga4/dimensions-metrics-explorer/","code":3,"status":"INVALID_ARGUMENT"}
        """
}
