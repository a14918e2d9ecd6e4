import AWS
import BigQuery
import GA4
import IdentifierHashing
import LambdaRuntime

/// Settings of the BigQuery export source, read at init beside `GA4IngestConfiguration`. The mode is on when
/// `GA4_EXPORT_DATASETS` is set; every other `GA4_EXPORT_*` variable is then validated, and naming one
/// without the datasets is refused so a half-configured export is not silently ignored.
struct ExportConfiguration: Sendable {
    /// One exported property: its dataset and the time zone its days are counted in.
    struct Property: Sendable, Equatable {
        let setting: PropertySetting
        let project: String
        let dataset: String

        var id: PropertyID { setting.id }

        /// `events_YYYYMMDD` of `date`, or `events_intraday_YYYYMMDD`.
        func table(_ date: CivilDate, kind: ExportTableKind = .daily) throws(BigQueryNameError) -> BigQueryTableReference {
            try BigQueryTableReference(projectID: project, datasetID: dataset, tableID: kind.tablePrefix + date.isoString.replacing("-", with: ""))
        }
    }

    /// How rows are read: the Storage Read API (streams, snapshot time) or `tabledata.list` pages.
    enum ReadAPI: String, Sendable {
        case storage
        case rest
    }

    /// `GA4_EXPORT_PROJECT`: the Google Cloud project billed for reads (`projects/<id>` of read sessions).
    let billingProject: String
    /// `GA4_EXPORT_DATASETS`: `123=proj.analytics_123,456=proj.analytics_456`, or a pattern with `{property}`
    /// (`proj.analytics_{property}`) applied to every property of `GA4_PROPERTIES`.
    let properties: [Property]
    /// `GA4_EXPORT_PREFIX` (default `curated/ga4/export=events/`): the events table's location.
    let eventsPrefix: String
    /// `GA4_EXPORT_HASHED_PREFIX` (default `curated/ga4/export=hashed_identifiers/`): the hashed table's location.
    let hashedPrefix: String
    /// `GA4_EXPORT_STATE_PREFIX` (default `<GA4_RAW_PREFIX>_export/`): day states, cursors and manifests.
    let statePrefix: String
    /// `GA4_EXPORT_GLUE_TABLE` (default `export_events`) in `GA4_GLUE_DATABASE`.
    let eventsTable: String
    /// `GA4_EXPORT_HASHED_GLUE_TABLE` (default `export_hashed_identifiers`) in `GA4_GLUE_DATABASE`.
    let hashedTable: String
    /// `GA4_EXPORT_READ_API` (`storage`, the default, or `rest`).
    let readAPI: ReadAPI
    /// `GA4_EXPORT_MAX_STREAMS` (1…1,000, default 4): streams asked of a read session.
    let maxStreams: Int
    /// `GA4_EXPORT_FAN_OUT_ROWS` (0…, default 2,000,000): a Storage Read day of at least this many rows whose
    /// session has more than one stream is read by one invocation per stream, all at once; smaller days read their
    /// streams one after another in one invocation. 0 never fans out.
    let fanOutRows: Int64
    /// `GA4_EXPORT_INTRADAY` (`off`, the default, or `on`): a day whose daily table is not exported yet is read
    /// from its `events_intraday_YYYYMMDD` table into `intradayPrefix` (events only, no hashed table), replaced
    /// by each schedule's newer run, and removed once the daily table has landed.
    let intraday: Bool
    /// `GA4_EXPORT_INTRADAY_PREFIX` (default `curated/ga4/export=events_intraday/`).
    let intradayPrefix: String
    /// `GA4_EXPORT_INTRADAY_GLUE_TABLE` (default `export_events_intraday`) in `GA4_GLUE_DATABASE`.
    let intradayTable: String
    /// `GA4_EXPORT_KEEP_RUNS` (1…100, default 1): runs of a day kept in S3, the one the partition points at
    /// included; older runs are deleted once the partition has moved to a new one.
    let keepRuns: Int
    /// `GA4_EXPORT_LOOKBACK_DAYS` (1…10, default 3): a scheduled run looks at D-1…D-n in the property's zone.
    let lookbackDays: Int
    /// `GA4_EXPORT_FILE_MAX_BYTES` (8 MiB…4 GiB, default 512 MiB): a stream's file is closed and the next
    /// begun past this size.
    let fileMaxBytes: Int
    /// `GA4_EXPORT_PAGE_ROWS` (100…100,000, default 10,000): rows a `tabledata.list` page asks for.
    let pageRows: Int
    /// `GA4_EXPORT_IDENTIFIER_HASHING`: the identifier hashing JSON; unset writes no hashed table.
    let identifierHashing: IdentifierHashingConfiguration?
    /// `GA4_EXPORT_HMAC_KEY_SECRET_ARN`: the HMAC key (SecretBinary, or SecretString in Base64) when the
    /// hashing configuration asks for HMAC.
    let hmacKeySecretARN: String?
    /// `GA4_EXPORT_CONTINUATION_FUNCTION`: where a run stopped at the deadline sends the rest; the ARN the
    /// function was invoked with when unset.
    let continuationFunction: String?
    /// `GA4_BIGQUERY_API_BASE_URL` (default Google's REST v2 root).
    let restBaseURL: String
    /// `GA4_BIGQUERY_STORAGE_URL` (default Google's Storage Read endpoint).
    let storageEndpoint: String

    static let variables = [
        "GA4_EXPORT_PROJECT", "GA4_EXPORT_PREFIX", "GA4_EXPORT_HASHED_PREFIX", "GA4_EXPORT_STATE_PREFIX",
        "GA4_EXPORT_GLUE_TABLE", "GA4_EXPORT_HASHED_GLUE_TABLE", "GA4_EXPORT_READ_API", "GA4_EXPORT_MAX_STREAMS",
        "GA4_EXPORT_FAN_OUT_ROWS", "GA4_EXPORT_KEEP_RUNS", "GA4_EXPORT_INTRADAY", "GA4_EXPORT_INTRADAY_PREFIX",
        "GA4_EXPORT_INTRADAY_GLUE_TABLE", "GA4_EXPORT_LOOKBACK_DAYS", "GA4_EXPORT_FILE_MAX_BYTES", "GA4_EXPORT_PAGE_ROWS",
        "GA4_EXPORT_IDENTIFIER_HASHING",
        "GA4_EXPORT_HMAC_KEY_SECRET_ARN", "GA4_EXPORT_CONTINUATION_FUNCTION", "GA4_BIGQUERY_API_BASE_URL", "GA4_BIGQUERY_STORAGE_URL",
    ]

    /// Nil when the export is off (`GA4_EXPORT_DATASETS` unset or empty).
    static func read(
        _ environment: LambdaEnvironment, properties configured: [PropertySetting], rawPrefix: String, curatedPrefix: String
    ) throws(ConfigurationError) -> ExportConfiguration? {
        guard let datasets = environment["GA4_EXPORT_DATASETS"] else {
            if let stray = variables.first(where: { environment[$0] != nil }) {
                throw ConfigurationError(variable: stray, problem: "is set but GA4_EXPORT_DATASETS is not; set both or neither")
            }
            return nil
        }
        return try ExportConfiguration(environment, datasets: datasets, configured: configured, rawPrefix: rawPrefix, curatedPrefix: curatedPrefix)
    }

    private init(
        _ environment: LambdaEnvironment, datasets: String, configured: [PropertySetting], rawPrefix: String, curatedPrefix: String
    ) throws(ConfigurationError) {
        billingProject = try environment.required("GA4_EXPORT_PROJECT")
        do {
            _ = try BigQueryTableReference(projectID: billingProject, datasetID: "d", tableID: "t")
        } catch {
            throw ConfigurationError(variable: "GA4_EXPORT_PROJECT", problem: error.description)
        }
        properties = try Self.parseDatasets(datasets, configured: configured, defaultTimeZone: environment.string("GA4_TIME_ZONE", default: "UTC"))
        eventsPrefix = try environment.keyPrefix("GA4_EXPORT_PREFIX", default: "curated/ga4/export=events/")
        hashedPrefix = try environment.keyPrefix("GA4_EXPORT_HASHED_PREFIX", default: "curated/ga4/export=hashed_identifiers/")
        statePrefix = try environment.keyPrefix("GA4_EXPORT_STATE_PREFIX", default: rawPrefix + "_export/")
        intradayPrefix = try environment.keyPrefix("GA4_EXPORT_INTRADAY_PREFIX", default: "curated/ga4/export=events_intraday/")
        let prefixes = [
            ("GA4_EXPORT_PREFIX", eventsPrefix), ("GA4_EXPORT_HASHED_PREFIX", hashedPrefix), ("GA4_EXPORT_STATE_PREFIX", statePrefix),
            ("GA4_EXPORT_INTRADAY_PREFIX", intradayPrefix),
        ]
        for (variable, prefix) in prefixes {
            guard !prefix.isEmpty else { throw ConfigurationError(variable: variable, problem: "must not be empty") }
            for (other, otherPrefix) in prefixes + [("GA4_CURATED_PREFIX", curatedPrefix)] where other != variable {
                if otherPrefix.hasPrefix(prefix) || (other != "GA4_CURATED_PREFIX" && prefix.hasPrefix(otherPrefix)) {
                    throw ConfigurationError(variable: variable, problem: "\"\(prefix)\" overlaps \(other) (\"\(otherPrefix)\")")
                }
            }
        }
        eventsTable = environment.string("GA4_EXPORT_GLUE_TABLE", default: "export_events")
        hashedTable = environment.string("GA4_EXPORT_HASHED_GLUE_TABLE", default: "export_hashed_identifiers")
        intradayTable = environment.string("GA4_EXPORT_INTRADAY_GLUE_TABLE", default: "export_events_intraday")
        for (variable, name) in [
            ("GA4_EXPORT_GLUE_TABLE", eventsTable), ("GA4_EXPORT_HASHED_GLUE_TABLE", hashedTable), ("GA4_EXPORT_INTRADAY_GLUE_TABLE", intradayTable),
        ] {
            guard GlueIdentifier.isValid(name) else {
                throw ConfigurationError(variable: variable, problem: "\"\(name)\" must be lower-case letters, digits and _")
            }
        }
        readAPI = ReadAPI(rawValue: try environment.choice("GA4_EXPORT_READ_API", default: "storage", allowed: ["storage", "rest"]))!
        maxStreams = try environment.integer("GA4_EXPORT_MAX_STREAMS", default: 4, range: 1...1_000)
        fanOutRows = Int64(try environment.integer("GA4_EXPORT_FAN_OUT_ROWS", default: 2_000_000, range: 0...Int(Int32.max)))
        intraday = try environment.choice("GA4_EXPORT_INTRADAY", default: "off", allowed: ["off", "on"]) == "on"
        keepRuns = try environment.integer("GA4_EXPORT_KEEP_RUNS", default: 1, range: 1...100)
        lookbackDays = try environment.integer("GA4_EXPORT_LOOKBACK_DAYS", default: 3, range: 1...10)
        fileMaxBytes = try environment.integer("GA4_EXPORT_FILE_MAX_BYTES", default: 512 << 20, range: (8 << 20)...(4 << 30))
        pageRows = try environment.integer("GA4_EXPORT_PAGE_ROWS", default: 10_000, range: 100...100_000)
        if let json = environment["GA4_EXPORT_IDENTIFIER_HASHING"] {
            do {
                identifierHashing = try IdentifierHashingConfiguration(json: Array(json.utf8))
            } catch {
                throw ConfigurationError(variable: "GA4_EXPORT_IDENTIFIER_HASHING", problem: "\(error)")
            }
        } else {
            identifierHashing = nil
        }
        hmacKeySecretARN = environment["GA4_EXPORT_HMAC_KEY_SECRET_ARN"]
        if let hmacKeySecretARN {
            try GA4IngestConfiguration.validateSecretARN(hmacKeySecretARN, variable: "GA4_EXPORT_HMAC_KEY_SECRET_ARN")
        }
        switch (identifierHashing?.usesHMAC ?? false, hmacKeySecretARN != nil) {
        case (true, false):
            throw ConfigurationError(
                variable: "GA4_EXPORT_HMAC_KEY_SECRET_ARN", problem: "is not set but GA4_EXPORT_IDENTIFIER_HASHING asks for HMAC")
        case (false, true):
            throw ConfigurationError(
                variable: "GA4_EXPORT_HMAC_KEY_SECRET_ARN", problem: "is set but GA4_EXPORT_IDENTIFIER_HASHING does not ask for HMAC (\"hmac\": true)")
        default:
            break
        }
        continuationFunction = environment["GA4_EXPORT_CONTINUATION_FUNCTION"]
        if let continuationFunction {
            guard (1...170).contains(continuationFunction.utf8.count),
                continuationFunction.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_:.".contains($0)) })
            else {
                throw ConfigurationError(variable: "GA4_EXPORT_CONTINUATION_FUNCTION", problem: "\"\(continuationFunction)\" is not a function name or ARN")
            }
        }
        restBaseURL = try Self.endpoint(environment, variable: "GA4_BIGQUERY_API_BASE_URL", default: "https://bigquery.googleapis.com/bigquery/v2")
        storageEndpoint = try Self.endpoint(environment, variable: "GA4_BIGQUERY_STORAGE_URL", default: "https://bigquerystorage.googleapis.com")
    }

    /// https, or plain http to a loopback address (a local emulator).
    static func endpoint(_ environment: LambdaEnvironment, variable: String, default fallback: String) throws(ConfigurationError) -> String {
        let url = environment.string(variable, default: fallback)
        guard url.hasPrefix("https://") || url.hasPrefix("http://127.0.0.1:") || url.hasPrefix("http://localhost:")
                || url.hasPrefix("http://[::1]:")
        else {
            throw ConfigurationError(variable: variable, problem: "\"\(url)\" must be an https URL (plain http only to a loopback address)")
        }
        return url
    }

    /// A map `id=project.dataset,…` or a pattern `project.dataset_{property}` for every configured property.
    static func parseDatasets(_ text: String, configured: [PropertySetting], defaultTimeZone: String) throws(ConfigurationError) -> [Property] {
        let variable = "GA4_EXPORT_DATASETS"
        func split(_ qualified: String, entry: String) throws(ConfigurationError) -> (String, String) {
            let pieces = qualified.split(separator: ".", omittingEmptySubsequences: false)
            // Legacy domain-scoped projects (`example.com:proj`) contain a dot themselves.
            guard pieces.count >= 2, let dataset = pieces.last.map(String.init) else {
                throw ConfigurationError(variable: variable, problem: "\"\(entry)\" is not <project>.<dataset>")
            }
            let project = pieces.dropLast().joined(separator: ".")
            do {
                _ = try BigQueryTableReference(projectID: project, datasetID: dataset, tableID: "events_20240101")
            } catch {
                throw ConfigurationError(variable: variable, problem: "\"\(entry)\": \(error.description)")
            }
            return (project, dataset)
        }
        if text.contains("{property}") {
            guard !text.contains(",") && !text.contains("=") else {
                throw ConfigurationError(variable: variable, problem: "a pattern with {property} stands alone (no list)")
            }
            return try configured.map { (setting) throws(ConfigurationError) in
                let (project, dataset) = try split(text.trimmingSpaces.replacing("{property}", with: setting.id.number), entry: text)
                return Property(setting: setting, project: project, dataset: dataset)
            }
        }
        var result: [Property] = []
        for entry in text.split(separator: ",", omittingEmptySubsequences: false).map(\.trimmingSpaces) {
            let pieces = entry.split(separator: "=", maxSplits: 1)
            guard pieces.count == 2 else {
                throw ConfigurationError(variable: variable, problem: "entry \"\(entry)\" is not <property id>=<project>.<dataset>")
            }
            let id: PropertyID
            do {
                id = try PropertyID(String(pieces[0]).trimmingSpaces)
            } catch {
                throw ConfigurationError(variable: variable, problem: "entry \"\(entry)\": \(error.description)")
            }
            guard !result.contains(where: { $0.id == id }) else {
                throw ConfigurationError(variable: variable, problem: "lists property \(id.number) twice")
            }
            let setting: PropertySetting
            if let known = configured.first(where: { $0.id == id }) {
                setting = known
            } else {
                setting = try PropertySetting.parseList(id.number, defaultTimeZone: defaultTimeZone, variable: variable)[0]
            }
            let (project, dataset) = try split(String(pieces[1]).trimmingSpaces, entry: entry)
            result.append(Property(setting: setting, project: project, dataset: dataset))
        }
        return result
    }
}
