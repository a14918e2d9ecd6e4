/// The standard dimension and metric names of the GA4 Data API (the API-schema page), with each metric's
/// type, and the patterns of custom definitions (`customEvent:<parameter>`, …). Checked before anything that
/// spends quota or creates a resource, so a misspelt name fails with the name in the error; a property's own
/// `getMetadata` stays the final word for what it offers.
public enum DataAPIFieldCatalog {
    /// Metric types as `getMetadata` reports them: `TYPE_INTEGER`, `TYPE_FLOAT`, `TYPE_SECONDS`,
    /// `TYPE_MILLISECONDS`, `TYPE_CURRENCY`.
    public static func metricType(_ name: String) -> MetricType? {
        if let type = standardMetrics[name] { return type }
        for (prefix, type) in customMetricPrefixes where hasParameter(name, after: prefix) { return type }
        return nil
    }

    public static func isDimension(_ name: String) -> Bool {
        standardDimensions.contains(name) || customDimensionPrefixes.contains { hasParameter(name, after: $0) }
    }

    public static func isMetric(_ name: String) -> Bool { metricType(name) != nil }

    /// Custom-definition prefixes: an event parameter, user property or item parameter name follows.
    public static let customDimensionPrefixes = ["customEvent:", "customUser:", "customItem:"]
    public static let customMetricPrefixes: [(String, MetricType)] = [
        ("customEvent:", .float), ("averageCustomEvent:", .float), ("countCustomEvent:", .integer),
        ("keyEvents:", .float), ("sessionKeyEventRate:", .float), ("userKeyEventRate:", .float),
    ]

    /// A parameter name after the prefix: a letter, then up to 39 letters, digits or underscores (GA4's
    /// limit for event parameter and user property names is 40 characters).
    static func hasParameter(_ name: String, after prefix: String) -> Bool {
        guard name.hasPrefix(prefix) else { return false }
        let rest = name.utf8.dropFirst(prefix.utf8.count)
        guard let first = rest.first, (1...40).contains(rest.count), isLetter(first) else { return false }
        return rest.allSatisfy { isLetter($0) || (48...57).contains($0) || $0 == UInt8(ascii: "_") }
    }

    private static func isLetter(_ byte: UInt8) -> Bool { (65...90).contains(byte) || (97...122).contains(byte) }

    public static let standardDimensions: Set<String> = [
        "achievementId", "adFormat", "adSourceName", "adUnitName", "appVersion", "audienceId", "audienceName",
        "audienceResourceName", "brandingInterest", "browser", "campaignId", "campaignName", "character", "city",
        "cityId", "cohort", "cohortNthDay", "cohortNthMonth", "cohortNthWeek", "contentGroup", "contentId",
        "contentType", "continent", "continentId", "country", "countryId", "currencyCode", "date", "dateHour",
        "dateHourMinute", "day", "dayOfWeek", "dayOfWeekName", "defaultChannelGroup", "deviceCategory", "deviceModel",
        "eventName", "fileExtension", "fileName", "firstSessionDate", "firstUserCampaignId", "firstUserCampaignName",
        "firstUserDefaultChannelGroup", "firstUserGoogleAdsCampaignName", "firstUserMedium", "firstUserSource",
        "firstUserSourceMedium", "firstUserSourcePlatform", "fullPageUrl", "googleAdsAccountName",
        "googleAdsAdGroupName", "googleAdsCampaignName", "googleAdsKeyword", "googleAdsQuery", "groupId", "hostName",
        "hour", "isKeyEvent", "isoWeek", "isoYear", "isoYearIsoWeek", "itemAffiliation", "itemBrand", "itemCategory",
        "itemCategory2", "itemCategory3", "itemCategory4", "itemCategory5", "itemId", "itemListId", "itemListName",
        "itemListPosition", "itemLocationID", "itemName", "itemPromotionCreativeName", "itemPromotionCreativeSlot",
        "itemPromotionId", "itemPromotionName", "itemVariant", "landingPage", "landingPagePlusQueryString", "language",
        "languageCode", "level", "linkClasses", "linkDomain", "linkId", "linkText", "linkUrl", "manualAdContent",
        "manualCampaignId", "manualCampaignName", "manualMedium", "manualSource", "manualSourceMedium", "manualTerm",
        "medium", "method", "minute", "mobileDeviceBranding", "mobileDeviceMarketingName", "mobileDeviceModel", "month",
        "newVsReturning", "nthDay", "nthHour", "nthMinute", "nthMonth", "nthWeek", "nthYear", "operatingSystem",
        "operatingSystemVersion", "operatingSystemWithVersion", "orderCoupon", "outbound", "pageLocation", "pagePath",
        "pagePathPlusQueryString", "pageReferrer", "pageTitle", "percentScrolled", "platform",
        "platformDeviceCategory", "region", "screenResolution", "searchTerm", "sessionCampaignId",
        "sessionCampaignName", "sessionDefaultChannelGroup", "sessionGoogleAdsAccountName",
        "sessionGoogleAdsCampaignName", "sessionGoogleAdsKeyword", "sessionManualTerm", "sessionMedium",
        "sessionSource", "sessionSourceMedium", "sessionSourcePlatform", "shippingTier", "signedInWithUserId",
        "source", "sourceMedium", "sourcePlatform", "streamId", "streamName", "transactionId", "unifiedPagePathScreen",
        "unifiedPageScreen", "unifiedScreenClass", "unifiedScreenName", "userAgeBracket", "userGender",
        "videoProvider", "videoTitle", "videoUrl", "virtualCurrencyName", "visible", "week", "year", "yearMonth",
        "yearWeek",
    ]

    public static let standardMetrics: [String: MetricType] = [
        "active1DayUsers": .integer, "active28DayUsers": .integer, "active7DayUsers": .integer, "activeUsers": .integer,
        "adUnitExposure": .milliseconds, "addToCarts": .integer, "advertiserAdClicks": .integer,
        "advertiserAdCost": .currency, "advertiserAdCostPerClick": .currency, "advertiserAdCostPerKeyEvent": .currency,
        "advertiserAdImpressions": .integer, "averagePurchaseRevenue": .currency,
        "averagePurchaseRevenuePerPayingUser": .currency, "averagePurchaseRevenuePerUser": .currency,
        "averageRevenuePerUser": .currency, "averageSessionDuration": .seconds, "bounceRate": .float,
        "cartToViewRate": .float, "checkouts": .integer, "cohortActiveUsers": .integer, "cohortTotalUsers": .integer,
        "crashAffectedUsers": .integer, "crashFreeUsersRate": .float, "dauPerMau": .float, "dauPerWau": .float,
        "ecommercePurchases": .integer, "engagedSessions": .integer, "engagementRate": .float, "eventCount": .integer,
        "eventCountPerUser": .float, "eventValue": .float, "eventsPerSession": .float, "firstTimePurchaserRate": .float,
        "firstTimePurchasers": .integer, "firstTimePurchasersPerNewUser": .float, "grossItemRevenue": .currency,
        "grossPurchaseRevenue": .currency, "itemDiscountAmount": .currency, "itemListClickEvents": .integer,
        "itemListClickThroughRate": .float, "itemListViewEvents": .integer, "itemPromotionClickThroughRate": .float,
        "itemRefundAmount": .currency, "itemRevenue": .currency, "itemViewEvents": .integer,
        "itemsAddedToCart": .integer, "itemsCheckedOut": .integer, "itemsClickedInList": .integer,
        "itemsClickedInPromotion": .integer, "itemsPurchased": .integer, "itemsViewed": .integer,
        "itemsViewedInList": .integer, "itemsViewedInPromotion": .integer, "keyEvents": .float, "newUsers": .integer,
        "organicGoogleSearchAveragePosition": .float, "organicGoogleSearchClickThroughRate": .float,
        "organicGoogleSearchClicks": .integer, "organicGoogleSearchImpressions": .integer, "promotionClicks": .integer,
        "promotionViews": .integer, "publisherAdClicks": .integer, "publisherAdImpressions": .integer,
        "purchaseRevenue": .currency, "purchaseToViewRate": .float, "purchaserRate": .float, "refundAmount": .currency,
        "returnOnAdSpend": .float, "screenPageViews": .integer, "screenPageViewsPerSession": .float,
        "screenPageViewsPerUser": .float, "scrolledUsers": .integer, "sessionKeyEventRate": .float, "sessions": .integer,
        "sessionsPerUser": .float, "shippingAmount": .currency, "taxAmount": .currency, "totalAdRevenue": .currency,
        "totalPurchasers": .integer, "totalRevenue": .currency, "totalUsers": .integer, "transactions": .integer,
        "transactionsPerPurchaser": .float, "userEngagementDuration": .seconds, "userKeyEventRate": .float,
        "wauPerMau": .float,
    ]
}
