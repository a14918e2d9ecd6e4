/// The parts of an AppFlow flow the pipeline sets: a GA4 (custom connector) source, Redshift or S3
/// destinations, tasks and a trigger. Member names are AppFlow's wire names (camelCase; union members
/// such as `CustomConnector` are capitalized as in the API).
public struct AppFlowFlowDefinition: Codable, Sendable, Equatable {
    public var flowName: String
    public var description: String?
    public var kmsArn: String?
    public var triggerConfig: AppFlowTriggerConfig
    public var sourceFlowConfig: AppFlowSourceFlowConfig
    public var destinationFlowConfigList: [AppFlowDestinationFlowConfig]
    public var tasks: [AppFlowTask]
    public var tags: [String: String]?

    public init(
        flowName: String, description: String? = nil, kmsArn: String? = nil, triggerConfig: AppFlowTriggerConfig,
        sourceFlowConfig: AppFlowSourceFlowConfig, destinationFlowConfigList: [AppFlowDestinationFlowConfig],
        tasks: [AppFlowTask], tags: [String: String]? = nil
    ) {
        self.flowName = flowName
        self.description = description
        self.kmsArn = kmsArn
        self.triggerConfig = triggerConfig
        self.sourceFlowConfig = sourceFlowConfig
        self.destinationFlowConfigList = destinationFlowConfigList
        self.tasks = tasks
        self.tags = tags
    }
}

public struct AppFlowTriggerConfig: Codable, Sendable, Equatable {
    public struct Properties: Codable, Sendable, Equatable {
        public var Scheduled: AppFlowScheduledTrigger?
        public init(scheduled: AppFlowScheduledTrigger?) { Scheduled = scheduled }
    }
    /// `OnDemand`, `Scheduled` or `Event`.
    public var triggerType: String
    public var triggerProperties: Properties?

    public init(triggerType: String, triggerProperties: Properties? = nil) {
        self.triggerType = triggerType
        self.triggerProperties = triggerProperties
    }

    public static let onDemand = AppFlowTriggerConfig(triggerType: "OnDemand")
    public static func scheduled(_ trigger: AppFlowScheduledTrigger) -> AppFlowTriggerConfig {
        AppFlowTriggerConfig(triggerType: "Scheduled", triggerProperties: Properties(scheduled: trigger))
    }
}

public struct AppFlowScheduledTrigger: Codable, Sendable, Equatable {
    /// `rate(1days)`, `cron(...)`.
    public var scheduleExpression: String
    /// `Incremental` or `Complete`.
    public var dataPullMode: String?
    /// Epoch seconds.
    public var scheduleStartTime: Double?
    public var timezone: String?
    public var scheduleOffset: Int?
    public var flowErrorDeactivationThreshold: Int?

    public init(
        scheduleExpression: String, dataPullMode: String? = nil, scheduleStartTime: Double? = nil, timezone: String? = nil,
        scheduleOffset: Int? = nil, flowErrorDeactivationThreshold: Int? = nil
    ) {
        self.scheduleExpression = scheduleExpression
        self.dataPullMode = dataPullMode
        self.scheduleStartTime = scheduleStartTime
        self.timezone = timezone
        self.scheduleOffset = scheduleOffset
        self.flowErrorDeactivationThreshold = flowErrorDeactivationThreshold
    }
}

public struct AppFlowSourceFlowConfig: Codable, Sendable, Equatable {
    public struct Properties: Codable, Sendable, Equatable {
        public struct CustomConnectorSource: Codable, Sendable, Equatable {
            public var entityName: String
            public var customProperties: [String: String]?
            public init(entityName: String, customProperties: [String: String]? = nil) {
                self.entityName = entityName
                self.customProperties = customProperties
            }
        }
        public var CustomConnector: CustomConnectorSource?
        public init(customConnector: CustomConnectorSource?) { CustomConnector = customConnector }
    }
    public struct IncrementalPullConfig: Codable, Sendable, Equatable {
        public var datetimeTypeFieldName: String?
        public init(datetimeTypeFieldName: String?) { self.datetimeTypeFieldName = datetimeTypeFieldName }
    }

    /// `CustomConnector` for GA4 (the `Googleanalytics` type is Universal Analytics).
    public var connectorType: String
    public var apiVersion: String?
    public var connectorProfileName: String?
    public var sourceConnectorProperties: Properties
    public var incrementalPullConfig: IncrementalPullConfig?

    public init(
        connectorType: String, apiVersion: String?, connectorProfileName: String?, sourceConnectorProperties: Properties,
        incrementalPullConfig: IncrementalPullConfig? = nil
    ) {
        self.connectorType = connectorType
        self.apiVersion = apiVersion
        self.connectorProfileName = connectorProfileName
        self.sourceConnectorProperties = sourceConnectorProperties
        self.incrementalPullConfig = incrementalPullConfig
    }

    /// A GA4 source: the AWS-managed custom connector, API `v1beta`.
    public static func googleAnalytics4(profile: String, entityName: String) -> AppFlowSourceFlowConfig {
        AppFlowSourceFlowConfig(
            connectorType: "CustomConnector", apiVersion: "v1beta", connectorProfileName: profile,
            sourceConnectorProperties: Properties(customConnector: .init(entityName: entityName)))
    }
}

public struct AppFlowErrorHandlingConfig: Codable, Sendable, Equatable {
    public var failOnFirstDestinationError: Bool?
    public var bucketName: String?
    public var bucketPrefix: String?

    public init(failOnFirstDestinationError: Bool? = nil, bucketName: String? = nil, bucketPrefix: String? = nil) {
        self.failOnFirstDestinationError = failOnFirstDestinationError
        self.bucketName = bucketName
        self.bucketPrefix = bucketPrefix
    }
}

public struct AppFlowDestinationFlowConfig: Codable, Sendable, Equatable {
    public struct Properties: Codable, Sendable, Equatable {
        public struct RedshiftDestination: Codable, Sendable, Equatable {
            /// `<schema>.<table>`.
            public var object: String
            public var intermediateBucketName: String
            public var bucketPrefix: String?
            public var errorHandlingConfig: AppFlowErrorHandlingConfig?
            public init(
                object: String, intermediateBucketName: String, bucketPrefix: String? = nil,
                errorHandlingConfig: AppFlowErrorHandlingConfig? = nil
            ) {
                self.object = object
                self.intermediateBucketName = intermediateBucketName
                self.bucketPrefix = bucketPrefix
                self.errorHandlingConfig = errorHandlingConfig
            }
        }
        public struct S3Destination: Codable, Sendable, Equatable {
            public var bucketName: String
            public var bucketPrefix: String?
            public init(bucketName: String, bucketPrefix: String? = nil) {
                self.bucketName = bucketName
                self.bucketPrefix = bucketPrefix
            }
        }
        public var Redshift: RedshiftDestination?
        public var S3: S3Destination?
        public init(redshift: RedshiftDestination? = nil, s3: S3Destination? = nil) {
            Redshift = redshift
            S3 = s3
        }
    }

    public var connectorType: String
    public var apiVersion: String?
    public var connectorProfileName: String?
    public var destinationConnectorProperties: Properties

    public init(connectorType: String, apiVersion: String? = nil, connectorProfileName: String?, destinationConnectorProperties: Properties) {
        self.connectorType = connectorType
        self.apiVersion = apiVersion
        self.connectorProfileName = connectorProfileName
        self.destinationConnectorProperties = destinationConnectorProperties
    }
}

public struct AppFlowTask: Codable, Sendable, Equatable {
    public struct ConnectorOperator: Codable, Sendable, Equatable {
        public var CustomConnector: String?
        public init(customConnector: String?) { CustomConnector = customConnector }
    }
    public var sourceFields: [String]
    public var connectorOperator: ConnectorOperator?
    public var destinationField: String?
    /// `Filter`, `Map`, `Map_all`, …
    public var taskType: String
    public var taskProperties: [String: String]?

    public init(
        sourceFields: [String], connectorOperator: ConnectorOperator?, destinationField: String? = nil, taskType: String,
        taskProperties: [String: String]? = nil
    ) {
        self.sourceFields = sourceFields
        self.connectorOperator = connectorOperator
        self.destinationField = destinationField
        self.taskType = taskType
        self.taskProperties = taskProperties
    }
}

/// DescribeFlow's answer, the fields the pipeline reads.
public struct AppFlowFlowDescription: Decodable, Sendable, Equatable {
    public struct LastRun: Decodable, Sendable, Equatable {
        public var mostRecentExecutionMessage: String?
        public var mostRecentExecutionTime: AWSTimestamp?
        /// InProgress, Successful, Error, CancelStarted, Canceled.
        public var mostRecentExecutionStatus: String?
    }
    public var flowArn: String?
    public var flowName: String?
    /// Active, Deprecated, Deleted, Draft, Errored, Suspended.
    public var flowStatus: String?
    public var flowStatusMessage: String?
    public var lastRunExecutionDetails: LastRun?
    public var createdAt: AWSTimestamp?
    public var lastUpdatedAt: AWSTimestamp?
}
